"""The raw-SQL ceiling: the same writes as a transition, with the database driver directly
(psycopg on PostgreSQL, sqlite3 on SQLite), one transaction each."""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection

from motcua.accounts.models import Role
from motcua.core.hashing import GENESIS, canonical_json, entry_hash
from motcua.core.services import user_audit_label
from motcua.dossiers.hooks import EVENT_TOPIC
from motcua.dossiers.tasks import event_key, event_payload
from motcua_dev.bench.clients import local_now, run_clients
from motcua_dev.bench.figures import Throughput
from motcua_dev.bench.measures import client_slices


class _RawConnection:
    """One driver connection, outside Django: psycopg on PostgreSQL, sqlite3 on SQLite."""

    def __init__(self) -> None:
        params = connection.settings_dict
        self.vendor = connection.vendor
        self.raw: Any
        if self.vendor == "postgresql":
            import psycopg

            self.raw = psycopg.connect(
                dbname=params["NAME"],
                user=params.get("USER") or None,
                password=params.get("PASSWORD") or None,
                host=params.get("HOST") or None,
                port=str(params["PORT"]) if params.get("PORT") else None,
                autocommit=True,
            )
            self.raw.execute("SET synchronous_commit = on")
        else:
            import sqlite3

            name = str(params["NAME"])
            self.raw = sqlite3.connect(
                name, uri=name.startswith("file:"), isolation_level=None, timeout=20
            )

    def begin(self) -> None:
        self.raw.execute("BEGIN" if self.vendor == "postgresql" else "BEGIN IMMEDIATE")

    def execute(self, sql: str, params: Sequence[Any]) -> Any:
        if self.vendor != "postgresql":
            sql = sql.replace("%s", "?").replace(" FOR UPDATE", "")
        return self.raw.execute(sql, params)

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


@contextmanager
def raw_connection() -> Iterator[_RawConnection]:
    """A driver connection to the configured database, closed on leaving."""
    raw = _RawConnection()
    try:
        yield raw
    finally:
        raw.close()


def _raw_values(vendor: str, value: datetime) -> Any:
    # Django keeps SQLite moments as naive UTC text.
    return (
        value if vendor == "postgresql" else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    )


#: The roles a raw hand-over passes the dossier between, as the service moves it from one step's
#: holder to the next: the work-queue indexes lead with the holder, so the row moves in them.
_RAW_HOLDERS = (Role.SPECIALIST, Role.LEADER)


_Write = tuple[str, list[Any]]


def _run_along(raw: _RawConnection, main: _Write, along: list[_Write], *, postgresql: bool) -> Any:
    """``main`` with the ``along`` writes: one statement on PostgreSQL, else one after another;
    the cursor of ``main``, for what it returns."""
    if postgresql and along:
        writes = ", ".join(f"along{i} AS ({sql})" for i, (sql, _) in enumerate(along))
        values = [value for _, params in along for value in params]
        return raw.execute(f"WITH {writes} {main[0]}", [*values, *main[1]])
    for sql, params in along:
        raw.execute(sql, params)
    return raw.execute(*main)


def raw_transition(
    raw: _RawConnection, *, dossier_id: int, actor_id: int, at: datetime, hand_over: bool = True
) -> None:
    """The writes of one hand-over, by hand, in one transaction: lock the dossier row, take its
    audit chain head, append the history row, and the audit row with the head's new hash, update
    the dossier.

    With ``hand_over`` (the ceiling the bench judges by) the writes are the service's: the update
    passes the dossier to the next holder and sets its step deadline, so, as in the service, the
    row moves in the work-queue indexes; and the outbox row of its follow-ups is added. Without
    it, the minimal loop: the update touches no indexed column (PostgreSQL writes it as a
    heap-only tuple) and no outbox row is written."""
    moment = _raw_values(raw.vendor, at)
    raw.begin()
    try:
        row = raw.execute(
            'SELECT code, version, status, current_step, last_event_seq, "current_role" '
            "FROM dossiers_dossier WHERE id = %s FOR UPDATE",
            [dossier_id],
        ).fetchone()
        code, version, status, step, last_event, role = row
        seq_event = last_event + 1
        chain = f"dossier:{code}"
        postgresql = raw.vendor == "postgresql"
        if hand_over:
            holder = _RAW_HOLDERS[(_RAW_HOLDERS.index(role) + 1) % 2 if role in _RAW_HOLDERS else 0]
            due = _raw_values(raw.vendor, at + timedelta(hours=8))
            update = (
                "UPDATE dossiers_dossier SET version = %s, last_event_seq = %s, "
                '"current_role" = %s, step_started_at = %s, step_due_at = %s WHERE id = %s',
                [version + 1, seq_event, holder, moment, due, dossier_id],
            )
        else:
            update = (
                "UPDATE dossiers_dossier SET version = %s, step_started_at = %s, "
                "last_event_seq = %s WHERE id = %s",
                [version + 1, moment, seq_event, dossier_id],
            )
        event = (
            "INSERT INTO dossiers_dossierevent (dossier_id, seq, action, from_status, to_status, "
            "from_step, to_step, actor_id, actor_label, at, note, reasons, outcome) VALUES "
            "(%s, %s, 'bench.raw', %s, %s, %s, %s, %s, 'bench', %s, '', '[]', '')",
            [dossier_id, seq_event, status, status, step, step, actor_id, moment],
        )
        # The statements grouped as the service sends them (core.rows.along_execute) on
        # PostgreSQL: the row's update and the history row with the upsert that takes the audit
        # chain's head (core.services.audit_append), the head's hash and the outbox row with the
        # audit row.
        head = (
            "INSERT INTO core_auditchainhead (chain, seq, head_hash) VALUES (%s, 1, %s) "
            "ON CONFLICT (chain) DO UPDATE SET seq = core_auditchainhead.seq + 1 "
            "RETURNING seq, head_hash",
            [chain, GENESIS],
        )
        seq, prev = _run_along(raw, head, [update, event], postgresql=postgresql).fetchone()
        data = {"from_status": status, "to_status": status, "from_step": step, "to_step": step}
        digest = entry_hash(
            chain=chain,
            seq=seq,
            occurred_at=at,
            actor=user_audit_label(actor_id),
            action="bench.raw",
            object_type="dossier",
            object_id=code,
            data=data,
            prev_hash=prev,
        )
        head_hashed = (
            "UPDATE core_auditchainhead SET head_hash = %s WHERE chain = %s",
            [digest, chain],
        )
        entry = (
            "INSERT INTO core_auditentry (chain, seq, occurred_at, actor, action, object_type, "
            "object_id, data, prev_hash, hash) VALUES (%s, %s, %s, %s, 'bench.raw', 'dossier', "
            "%s, %s, %s, %s)",
            [
                chain,
                seq,
                moment,
                user_audit_label(actor_id),
                code,
                canonical_json(data),
                prev,
                digest,
            ],
        )
        writes = [head_hashed]
        if hand_over:
            writes.append(
                (
                    "INSERT INTO core_outboxmessage (topic, key, payload, status, attempts, "
                    "available_at, last_error, created_at, request_id) VALUES (%s, %s, %s, "
                    "'pending', 0, %s, '', %s, '') ON CONFLICT (topic, key) DO NOTHING "
                    "RETURNING id",
                    [
                        EVENT_TOPIC,
                        event_key(code=code, seq=seq_event),
                        json.dumps(event_payload(code=code, seq=seq_event)),
                        moment,
                        moment,
                    ],
                )
            )
        _run_along(raw, entry, writes, postgresql=postgresql)
        raw.commit()
    except BaseException:
        raw.rollback()
        raise


def measure_raw_ceiling(
    *,
    clients: int,
    seconds: float,
    dossier_ids: Sequence[int],
    actor_id: int,
    processes: bool = False,
    hand_over: bool = True,
) -> Throughput:
    """:func:`raw_transition` in a loop; each client walks its own dossiers in turn."""
    owned = client_slices(dossier_ids, clients)
    raws: dict[int, _RawConnection] = {}

    def setup(client: int) -> None:
        raws[client] = _RawConnection()

    def teardown(client: int) -> None:
        if client in raws:
            raws[client].close()

    def op(client: int, i: int) -> bool:
        mine = owned[client]
        if not mine:
            return False
        raw_transition(
            raws[client],
            dossier_id=mine[i % len(mine)],
            actor_id=actor_id,
            at=local_now(),
            hand_over=hand_over,
        )
        return True

    driver = "psycopg" if connection.vendor == "postgresql" else "sqlite3"
    writes = (
        "the writes of a hand-over" if hand_over else "minimal: no index entry moves, no outbox"
    )
    return run_clients(
        source=f"raw SQL ({driver}, synchronous commit), {writes}",
        clients=clients,
        seconds=seconds,
        operation=op,
        setup=setup,
        teardown=teardown,
        processes=processes,
    )
