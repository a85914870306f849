"""The hook points of feedback: what higher apps may hear without this app importing them.

``FEEDBACK_CHANGED`` fires inside every writing transaction of this app (reporting listens and
recomputes its tallies), so a figure never counts an item whose change rolled back.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.hooks import Hook


@dataclass(frozen=True)
class FeedbackChange:
    """``kind`` ``feedback`` (``ref``: its code) or ``dossier`` (``ref``: a dossier code whose
    rating changed)."""

    kind: str
    ref: str
    at: datetime


FEEDBACK_CHANGED = Hook("feedback.changed", FeedbackChange)
