"""Writes of the audit log. Every other app's service calls :func:`audit_append` in its own transaction."""

from datetime import datetime
from typing import Any

from django.db import transaction

from motcua.core.hashing import GENESIS, anchor_hash, entry_hash, head_leaf, merkle_root
from motcua.core.models import AuditAnchor, AuditChainHead, AuditEntry


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
        head = AuditChainHead.objects.select_for_update().filter(chain=chain_name).first()
        seq = head.seq + 1 if head else 1
        prev_hash = head.head_hash if head else GENESIS
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
        entry = AuditEntry.objects.create(
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
        if head:
            AuditChainHead.objects.filter(chain=chain_name).update(seq=seq, head_hash=digest)
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
