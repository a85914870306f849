"""Writes of the audit log. Every other app's service calls :func:`audit_append` in its own transaction."""

from datetime import datetime
from typing import Any

from django.db import connection, transaction

from motcua.core.hashing import GENESIS, anchor_hash, entry_hash, head_leaf, merkle_root
from motcua.core.models import AuditAnchor, AuditChainHead, AuditEntry
from motcua.core.rows import row_insert, statement_cursor

_HEAD_TABLE = AuditChainHead._meta.db_table


def user_audit_label(pk: object) -> str:
    """The audit label of the user with primary key ``pk`` (``user:<pk>``): the one place it is
    spelled. Above ``accounts``, :func:`motcua.accounts.actors.actor_audit` names any actor through
    it; ``calendar``, on the same layer as ``accounts``, and raw writers call it directly."""
    return f"user:{pk}"


def _head_locked(chain: str) -> tuple[int, str] | None:
    """``(seq, head_hash)`` of the chain's head row, locked for this transaction (SQLite locks the
    whole database for a writer instead)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    quote = connection.ops.quote_name
    cursor = statement_cursor(connection)
    cursor.execute(
        f"SELECT {quote('seq')}, {quote('head_hash')} FROM {quote(_HEAD_TABLE)} "  # noqa: S608 - names only
        f"WHERE {quote('chain')} = %s{lock}",
        [chain],
    )
    row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _head_move(chain: str, seq: int, digest: str) -> None:
    quote = connection.ops.quote_name
    statement_cursor(connection).execute(
        f"UPDATE {quote(_HEAD_TABLE)} SET {quote('seq')} = %s, {quote('head_hash')} = %s "  # noqa: S608 - names only
        f"WHERE {quote('chain')} = %s",
        [seq, digest, chain],
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
) -> AuditEntry:
    """Append one entry to the chain of the object (or to ``chain``), inside the caller's transaction.

    Only this chain's head row is locked, so writes to different objects do not wait on each other;
    the lock is what keeps the chain whole when two writers append to the same chain. No savepoint
    is opened: an error here fails the caller's transaction, which is what the caller wants anyway.
    """
    chain_name = chain or f"{object_type}:{object_id}"
    payload = data or {}
    with transaction.atomic(savepoint=False):
        head = _head_locked(chain_name)
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
        digest = entry_hash(
            chain=chain_name,
            seq=seq,
            occurred_at=at,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=payload,
            prev_hash=prev_hash,
        )
        entry = AuditEntry(
            chain=chain_name,
            seq=seq,
            occurred_at=at,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=payload,
            prev_hash=prev_hash,
            hash=digest,
        )
        row_insert(entry)
        if head:
            _head_move(chain_name, seq, digest)
        else:
            AuditChainHead.objects.create(chain=chain_name, seq=seq, head_hash=digest)
    return entry


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
