"""Hooks that higher apps register in ``AppConfig.ready()`` (this app cannot import them).

``scan_referenced``: a paper scan now belongs to a dossier code (digitized with that code, or tied
to it afterwards), called inside the write's transaction as ``fn(reference=, document_id=, at=)``;
``dossiers`` uses it to refresh the dossier's published figures (hồ sơ được số hóa).
"""

from collections.abc import Callable
from datetime import datetime

ScanReferenced = Callable[..., None]

_SCAN_REFERENCED: list[ScanReferenced] = []


def scan_referenced_register(fn: ScanReferenced) -> None:
    if fn not in _SCAN_REFERENCED:
        _SCAN_REFERENCED.append(fn)


def scan_referenced(*, reference: str, document_id: int, at: datetime) -> None:
    """Tell every registered hook, in the caller's transaction (a failing hook rolls it back)."""
    if not reference:
        return
    for fn in _SCAN_REFERENCED:
        fn(reference=reference, document_id=document_id, at=at)
