"""Payments made through the real services, for tests."""

from datetime import UTC, datetime

from motcua.accounts.actors import system_actor
from motcua.payments.models import Payment, PaymentMethod
from motcua.payments.services import Checkout, payment_counter_record, payment_start

#: Monday 2 March 2026, 09:00 in Hà Nội.
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
AGENCY = "000.00.01.H26"


def start(
    reference: str = "000.00.01.H26-260302-0001", amount: int = 200_000, at: datetime = AT
) -> Checkout:
    return payment_start(
        reference=reference,
        amount=amount,
        description=f"Phí hồ sơ {reference}",
        payer_name="Nguyễn Văn An",
        agency_code=AGENCY,
        agency_name="Sở Tư pháp thử",
        return_url="http://127.0.0.1:8000/thanh-toan/ket-qua/",
        client_ip="127.0.0.1",
        at=at,
        actor=system_actor("test"),
    )


def counter(
    reference: str = "000.00.01.H26-260302-0002",
    amount: int = 200_000,
    method: str = PaymentMethod.COUNTER_CASH,
    at: datetime = AT,
) -> Payment:
    return payment_counter_record(
        reference=reference,
        amount=amount,
        method=method,
        payer_name="Trần Thị Bình",
        agency_code=AGENCY,
        agency_name="Sở Tư pháp thử",
        description=f"Phí hồ sơ {reference}",
        actor=system_actor("test"),
        at=at,
    )
