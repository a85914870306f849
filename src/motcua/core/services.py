"""Writes of the audit log. Every other app's service calls :func:`audit_append` in its own transaction."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from motcua.core.hashing import GENESIS, anchor_hash, entry_hash, head_leaf, merkle_root
from motcua.core.models import AuditAnchor, AuditChainHead, AuditEntry
from motcua.core.rows import Write, along_execute, row_insert

_HEAD_TABLE = AuditChainHead._meta.db_table


def user_audit_label(pk: object) -> str:
    """The audit label of the user with primary key ``pk`` (``user:<pk>``): the one place it is
    spelled. Above ``accounts``, :func:`motcua.accounts.actors.actor_audit` names any actor through
    it; ``calendar``, on the same layer as ``accounts``, and raw writers call it directly."""
    return f"user:{pk}"


def _head_taken(chain: str, *, along: Sequence[Write] = ()) -> tuple[int, str]:
    """The next ``seq`` of ``chain`` and the hash of its last entry (:data:`GENESIS` for a new
    chain), its head row moved to that ``seq`` and locked for this transaction (SQLite locks the
    whole database for a writer instead), in one statement, with the caller's ``along`` writes.

    A new chain's head row is inserted at 1; an existing one's ``seq`` goes up by one and keeps its
    ``head_hash`` (the previous entry's) until :func:`_head_hashed`. Of two writers to one chain,
    the second waits for the first's commit and then moves the head the first left.
    """
    quote = connection.ops.quote_name
    table, seq = quote(_HEAD_TABLE), quote("seq")
    row = along_execute(
        f"INSERT INTO {table} ({quote('chain')}, {seq}, {quote('head_hash')}) "  # noqa: S608 - names only
        f"VALUES (%s, 1, %s) ON CONFLICT ({quote('chain')}) DO UPDATE SET {seq} = {table}.{seq} + 1 "
        f"RETURNING {seq}, {quote('head_hash')}",
        [chain, GENESIS],
        along=along,
    )
    if row is None:  # an upsert returns its row; a database that did not is no place to go on
        raise RuntimeError(f"the audit chain head of {chain!r} was not returned")
    return int(row[0]), str(row[1])


def _head_hashed(chain: str, digest: str) -> Write:
    """The statement giving ``chain``'s head the hash of its new entry."""
    quote = connection.ops.quote_name
    return Write(
        f"UPDATE {quote(_HEAD_TABLE)} SET {quote('head_hash')} = %s "  # noqa: S608 - names only
        f"WHERE {quote('chain')} = %s",
        [digest, chain],
    )


@dataclass(frozen=True)
class AuditRecord:
    """One entry for :func:`audit_append_many`, as :func:`audit_append` takes it."""

    actor: str
    action: str
    object_type: str
    object_id: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    chain: str | None = None

    @property
    def chain_name(self) -> str:
        """The chain it goes to: ``chain``, else the object's own."""
        return self.chain or f"{self.object_type}:{self.object_id}"


def _linked(record: AuditRecord, *, chain: str, seq: int, prev_hash: str) -> AuditEntry:
    """The entry of ``record`` at ``seq`` of ``chain``, hashed over the entry before it."""
    return AuditEntry(
        chain=chain,
        seq=seq,
        occurred_at=record.at,
        actor=record.actor,
        action=record.action,
        object_type=record.object_type,
        object_id=record.object_id,
        data=record.data,
        prev_hash=prev_hash,
        hash=entry_hash(
            chain=chain,
            seq=seq,
            occurred_at=record.at,
            actor=record.actor,
            action=record.action,
            object_type=record.object_type,
            object_id=record.object_id,
            data=record.data,
            prev_hash=prev_hash,
        ),
    )


def audit_append(
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    at: datetime,
    data: dict[str, Any] | None = None,
    chain: str | None = None,
    along: Sequence[Write] = (),
    before: Sequence[Write] = (),
) -> AuditEntry:
    """Append one entry to the chain of the object (or to ``chain``), inside the caller's transaction.

    ``along`` and ``before``: the caller's other writes (:func:`~motcua.core.rows.row_insert`),
    sent with the entry, and with the statement that takes the chain's head before it: two round
    trips for all.

    Only this chain's head row is locked, so writes to different objects do not wait on each other;
    the lock is what keeps the chain whole when two writers append to the same chain. No savepoint
    is opened: an error here fails the caller's transaction, which is what the caller wants anyway.
    """
    chain_name = chain or f"{object_type}:{object_id}"
    payload = data or {}
    with transaction.atomic(savepoint=False):
        seq, prev_hash = _head_taken(chain_name, along=before)
        record = AuditRecord(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            at=at,
            data=payload,
        )
        entry = _linked(record, chain=chain_name, seq=seq, prev_hash=prev_hash)
        # The entry and its head's new hash in one round trip (on PostgreSQL).
        row_insert(entry, along=(_head_hashed(chain_name, entry.hash), *along))
    return entry


#: Chains whose heads are read (and locked) in one statement.
_HEADS_AT_ONCE = 500


def audit_append_many(*, records: Sequence[AuditRecord]) -> list[AuditEntry]:
    """Append ``records`` in their order, each to its chain, inside the caller's transaction.

    The same entries as one :func:`audit_append` a record (an import of thousands of versions),
    in four statements a few hundred chains: the heads read and locked at once, the entries and
    the new heads inserted at once, the heads that moved updated at once.
    """
    chains = list(dict.fromkeys(r.chain_name for r in records))
    heads: dict[str, AuditChainHead] = {}
    with transaction.atomic(savepoint=False):
        for start in range(0, len(chains), _HEADS_AT_ONCE):
            part = chains[start : start + _HEADS_AT_ONCE]
            heads.update(
                (h.chain, h)
                for h in AuditChainHead.objects.select_for_update().filter(chain__in=part)
            )
        moved = {h.chain for h in heads.values()}
        entries: list[AuditEntry] = []
        for record in records:
            chain_name = record.chain_name
            head = heads.get(chain_name)
            seq, prev_hash = (head.seq + 1, head.head_hash) if head else (1, GENESIS)
            entry = _linked(record, chain=chain_name, seq=seq, prev_hash=prev_hash)
            entries.append(entry)
            digest = entry.hash
            if head is None:
                heads[chain_name] = AuditChainHead(chain=chain_name, seq=seq, head_hash=digest)
            else:
                head.seq, head.head_hash = seq, digest
        AuditEntry.objects.bulk_create(entries)
        AuditChainHead.objects.bulk_create(h for c, h in heads.items() if c not in moved)
        AuditChainHead.objects.bulk_update(
            [heads[c] for c in moved], ["seq", "head_hash"], batch_size=_HEADS_AT_ONCE
        )
    return entries


def audit_anchor_create(*, at: datetime) -> AuditAnchor:
    """Bind the heads of every chain into one Merkle root, chained to the previous anchor.

    Copy the printed root outside the database (a ticket, a signed e-mail, another system): a
    rewrite of any chain's tail after this moment no longer matches it.
    """
    with transaction.atomic():
        previous = AuditAnchor.objects.select_for_update().order_by("-pk").first()
        heads: list[tuple[str, int, str]] = [
            (head.chain, head.seq, head.head_hash)
            for head in AuditChainHead.objects.order_by("chain").only("chain", "seq", "head_hash")
        ]
        root = merkle_root([head_leaf(c, s, h) for c, s, h in heads])
        prev_hash = previous.hash if previous else GENESIS
        return AuditAnchor.objects.create(
            created_at=at,
            heads=[list(head) for head in heads],
            merkle_root=root,
            prev_hash=prev_hash,
            hash=anchor_hash(created_at=at, merkle_root=root, prev_hash=prev_hash),
        )
