"""Changes of a dossier that add no history row still reach the published figures.

The Decision 766 tallies follow every ``dossier.event`` outbox row (reporting registers its own
handler of the topic). Some writes change what a dossier counts
for without appending a row that is outboxed: the SLA sweep's late mark, a paper scan digitized at
the counter (or tied to the dossier afterwards), a result signed or a fee settled outside a step.
Each of them calls :func:`dossier_figures_refresh` in its own transaction: one ``dossier.refresh``
outbox row, keyed by the dossier and the change, whose handlers (reporting's tallies, registered
in its ``AppConfig.ready()``) recompute the dossier's keys and send nothing: running a row twice
changes nothing, and the same change enqueued twice is one row.
"""

from datetime import datetime

from motcua.core.outbox import outbox_enqueue
from motcua.documents.hooks import ScanReferenced
from motcua.dossiers.hooks import REFRESH_TOPIC
from motcua.dossiers.models import Dossier


def dossier_figures_refresh(*, code: str, cause: str, at: datetime) -> None:
    """In the caller's transaction: have the figures look at dossier ``code`` again.

    ``cause`` names the change (``late:<due>``, ``scan:<document id>``): the same change twice is
    one outbox row.
    """
    outbox_enqueue(
        topic=REFRESH_TOPIC,
        key=f"{code}:{cause}",
        payload={"code": code, "cause": cause},
        at=at,
    )


def document_scan_noticed(scan: ScanReferenced) -> None:
    """Listener of :data:`motcua.documents.hooks.SCAN_REFERENCED`: a paper scan now belongs to
    the dossier ``scan.reference``."""
    if scan.reference and Dossier.objects.filter(code=scan.reference).exists():
        cause = f"scan:{scan.document_id}@{scan.at.isoformat()}"
        dossier_figures_refresh(code=scan.reference, cause=cause, at=scan.at)
