"""Payment-gateway plugins: each provider registers one object under its name.

A gateway turns an order into the address the citizen's browser is sent to (a signed redirect),
checks and reads the notifications it sends server to server (IPN) and the browser's return, and
answers the query, refund and ledger APIs. Amounts cross this interface as integer đồng.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from motcua.core.errors import NotFound


class GatewayError(Exception):
    """The gateway could not be reached or refused the request; the message names no person."""


@dataclass(frozen=True)
class CheckoutOrder:
    order_id: str
    amount: int
    description: str
    created_at: datetime
    return_url: str
    client_ip: str


@dataclass(frozen=True)
class GatewayReport:
    """What a notification, a return or a query says about one order (signature already checked)."""

    order_id: str
    paid: bool
    amount: int | None  # đồng; None when the message carries none we can read
    currency: str
    transaction_no: str
    bank_code: str = ""
    response_code: str = ""
    found: bool = True


@dataclass(frozen=True)
class LedgerEntry:
    order_id: str
    amount: int
    transaction_no: str
    paid: bool


class Gateway(Protocol):
    name: str

    def checkout_url(self, order: CheckoutOrder) -> str: ...

    def verify(self, params: Mapping[str, str]) -> bool:
        """Whether the signature of a notification or a return is the gateway's (constant time)."""
        ...

    def read(self, params: Mapping[str, str]) -> GatewayReport:
        """The content of a notification or a return whose signature was verified."""
        ...

    def answer(self, code: str) -> dict[str, str]:
        """The body to answer a notification with (``00`` confirmed, ``02`` already, ...)."""
        ...

    def query(self, *, order_id: str, created_at: datetime, at: datetime) -> GatewayReport: ...

    def refund(
        self,
        *,
        order_id: str,
        transaction_no: str,
        amount: int,
        created_at: datetime,
        at: datetime,
        by: str,
    ) -> str:
        """Refund the whole amount; the gateway's reference of the refund. :class:`GatewayError`."""
        ...

    def ledger(self, *, day: date) -> list[LedgerEntry]:
        """The gateway's record of the orders created on ``day`` (local time)."""
        ...


_GATEWAYS: dict[str, Gateway] = {}


def gateway_register(gateway: Gateway) -> None:
    _GATEWAYS[gateway.name] = gateway


def gateway_get(name: str) -> Gateway:
    found = _GATEWAYS.get(name)
    if found is None:
        raise NotFound(f"Không có cổng thanh toán {name}.")
    return found


def gateway_names() -> list[str]:
    return sorted(_GATEWAYS)
