"""The hook points of payments: what higher apps may hear without this app importing them.

``PAYMENT_SETTLED`` fires inside the settlement's transaction: ``dossiers`` listens (registered in
its ``AppConfig.ready()``), so the dossier's ``paid_at`` and its history row commit with the
payment, or neither.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.core.hooks import Hook


@dataclass(frozen=True)
class Settlement:
    reference: str
    order_id: str
    amount: int
    method: str
    paid_at: datetime
    receipt_number: str
    actor: str


PAYMENT_SETTLED = Hook("payments.settled", Settlement)
