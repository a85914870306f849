"""The hashes of the audit log, in one place so writing and verifying cannot drift apart."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    chain: str,
    seq: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    data: Any,
    prev_hash: str,
) -> str:
    content = canonical_json(
        [chain, seq, timestamp(occurred_at), actor, action, object_type, object_id, data, prev_hash]
    )
    return hashlib.sha256(content.encode()).hexdigest()


def merkle_root(leaves: list[str]) -> str:
    """Root of a binary Merkle tree over ``leaves`` (hex digests); an odd node is carried up."""
    level = [bytes.fromhex(leaf) for leaf in leaves]
    if not level:
        return GENESIS
    while len(level) > 1:
        paired = [
            hashlib.sha256(level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def head_leaf(chain: str, seq: int, head_hash: str) -> str:
    return hashlib.sha256(canonical_json([chain, seq, head_hash]).encode()).hexdigest()


def anchor_hash(*, created_at: datetime, merkle_root: str, prev_hash: str) -> str:
    content = canonical_json([timestamp(created_at), merkle_root, prev_hash])
    return hashlib.sha256(content.encode()).hexdigest()
