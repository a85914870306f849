"""Changes of a dossier that add no history row still reach the published figures.

The Decision 766 tallies follow every ``dossier.event`` outbox row (see
:func:`motcua.dossiers.tasks.register_event_listener`). Some writes change what a dossier counts
for without appending a row that is outboxed: the SLA sweep's late mark, a paper scan digitized at
the counter (or tied to the dossier afterwards), a result signed or a fee settled outside a step.
Each of them calls :func:`dossier_figures_refresh` in its own transaction: one ``dossier.refresh``
outbox row, keyed by the dossier and the change, which runs the same listeners (and sends
nothing). The listeners recompute the dossier's keys, so running a row twice changes nothing, and
the same change enqueued twice is one row.
"""

from datetime import datetime
from typing import Any

from motcua.core.outbox import outbox_enqueue
from motcua.dossiers.models import Dossier
from motcua.dossiers.tasks import _EVENT_LISTENERS

#: Outbox topic of a change of a dossier that has no outboxed history row of its own.
REFRESH_TOPIC = "dossier.refresh"


def dossier_figures_refresh(*, code: str, cause: str, at: datetime) -> None:
    """In the caller's transaction: have the event listeners look at dossier ``code`` again.

    ``cause`` names the change (``late:<due>``, ``scan:<document id>``): the same change twice is
    one outbox row.
    """
    outbox_enqueue(
        topic=REFRESH_TOPIC,
        key=f"{code}:{cause}",
        payload={"code": code, "cause": cause},
        at=at,
    )


def dossier_refresh_task(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Run every event listener for the dossier named in ``payload`` (no notification)."""
    for listener in _EVENT_LISTENERS:
        listener(payload=payload, key=key, now=now)


def document_scan_noticed(*, reference: str, document_id: int, at: datetime) -> None:
    """Hook of :mod:`motcua.documents`: a paper scan now belongs to the dossier ``reference``."""
    if reference and Dossier.objects.filter(code=reference).exists():
        dossier_figures_refresh(code=reference, cause=f"scan:{document_id}@{at.isoformat()}", at=at)
