"""Reads of the audit log, and its verification."""

from dataclasses import dataclass

from django.db.models import QuerySet

from motcua.core.hashing import GENESIS, anchor_hash, entry_hash, head_leaf, merkle_root
from motcua.core.models import AuditAnchor, AuditChainHead, AuditEntry


@dataclass(frozen=True)
class AuditBreak:
    """The first place where the stored log does not fit its hashes."""

    where: str
    reason: str


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "occurred_at", "pk"
    )


def _verify_chains() -> AuditBreak | None:
    heads = dict(AuditChainHead.objects.values_list("chain", "head_hash"))
    chain: str | None = None
    expected_seq = 1
    prev_hash = GENESIS
    for entry in AuditEntry.objects.order_by("chain", "seq").iterator(chunk_size=2000):
        if entry.chain != chain:
            if chain is not None and heads.pop(chain, None) != prev_hash:
                return AuditBreak(f"chain {chain}", "its head does not match its last entry")
            chain, expected_seq, prev_hash = entry.chain, 1, GENESIS
        where = f"row {entry.pk} ({entry.chain}#{entry.seq})"
        if entry.seq != expected_seq:
            return AuditBreak(where, f"expected sequence {expected_seq}: an entry is missing")
        if entry.prev_hash != prev_hash:
            return AuditBreak(where, "its previous hash does not match the entry before it")
        recomputed = entry_hash(
            chain=entry.chain,
            seq=entry.seq,
            occurred_at=entry.occurred_at,
            actor=entry.actor,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            data=entry.data,
            prev_hash=entry.prev_hash,
        )
        if recomputed != entry.hash:
            return AuditBreak(where, "its content does not match its hash")
        expected_seq += 1
        prev_hash = entry.hash
    if chain is not None and heads.pop(chain, None) != prev_hash:
        return AuditBreak(f"chain {chain}", "its head does not match its last entry")
    if heads:
        missing = sorted(heads)[0]
        return AuditBreak(f"chain {missing}", "its head exists but its entries are gone")
    return None


def _verify_anchors() -> AuditBreak | None:
    prev_hash = GENESIS
    for anchor in AuditAnchor.objects.order_by("pk").iterator():
        where = f"anchor {anchor.pk}"
        if anchor.prev_hash != prev_hash:
            return AuditBreak(where, "its previous hash does not match the anchor before it")
        if anchor.hash != anchor_hash(
            created_at=anchor.created_at, merkle_root=anchor.merkle_root, prev_hash=anchor.prev_hash
        ):
            return AuditBreak(where, "its content does not match its hash")
        heads = [(str(c), int(s), str(h)) for c, s, h in anchor.heads]
        if merkle_root([head_leaf(c, s, h) for c, s, h in heads]) != anchor.merkle_root:
            return AuditBreak(where, "its Merkle root does not match the heads it lists")
        for chain, seq, head_hash in heads:
            stored = AuditEntry.objects.filter(chain=chain, seq=seq).values_list("hash", flat=True)
            if list(stored) != [head_hash]:
                return AuditBreak(where, f"chain {chain} no longer has entry {seq} as anchored")
        prev_hash = anchor.hash
    return None


def audit_verify() -> AuditBreak | None:
    """None when every chain and every anchor fits; otherwise the first break found."""
    return _verify_chains() or _verify_anchors()
