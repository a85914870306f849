"""How higher apps learn of a settlement without this app importing them.

``dossiers`` registers a callback in its ``AppConfig.ready()``; it runs inside the settlement's
transaction, so the dossier's ``paid_at`` and its history row commit with the payment, or neither.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Settlement:
    reference: str
    order_id: str
    amount: int
    method: str
    paid_at: datetime
    receipt_number: str
    actor: str


SettledCallback = Callable[[Settlement], None]

_SETTLED: list[SettledCallback] = []


def payment_settled_register(callback: SettledCallback) -> None:
    """Call ``callback`` with each settlement; registering the same function again is harmless."""
    if callback not in _SETTLED:
        _SETTLED.append(callback)


def settled_callbacks() -> tuple[SettledCallback, ...]:
    return tuple(_SETTLED)
