"""The hook points of documents: what higher apps may hear without this app importing them.

``SCAN_REFERENCED`` fires inside the write's transaction when a paper scan now belongs to a dossier
code (digitized with that code, or tied to it afterwards); ``dossiers`` listens to refresh the
dossier's published figures (hồ sơ được số hóa). A failing listener rolls the write back.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.hooks import Hook


@dataclass(frozen=True)
class ScanReferenced:
    reference: str
    document_id: int
    at: datetime


SCAN_REFERENCED = Hook("documents.scan_referenced", ScanReferenced)


def scan_referenced(*, reference: str, document_id: int, at: datetime) -> None:
    """Fire :data:`SCAN_REFERENCED` for a scan tied to ``reference`` (nothing without a code)."""
    if reference:
        SCAN_REFERENCED.fire(ScanReferenced(reference=reference, document_id=document_id, at=at))
