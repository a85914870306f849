"""The hook points of delivery: what higher apps may hear without this app importing them.

``TRACKING_NOTICED`` fires inside the transaction that records a new event of the post (the
dispatch, or a tracking code that moved the consignment). ``dossiers`` listens; a listener that
raises rolls the event back, so the webhook is answered with an error and the post (or the poll)
sends it again.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.hooks import Hook


@dataclass(frozen=True)
class TrackingNotice:
    """What a higher app hears: the consignment moved (``dispatched`` or a :class:`TrackingCode`)."""

    reference: str
    kind: str
    attempt: int
    tracking_number: str
    code: str
    at: datetime
    place: str = ""
    postage: int = 0


TRACKING_NOTICED = Hook("delivery.tracking_noticed", TrackingNotice)
