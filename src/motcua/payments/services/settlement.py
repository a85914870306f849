"""An online payment started and settled on the gateway's word, a payment at the counter, the
e-receipt issued on settlement.

The gateway's notification (IPN) and its query API are the truth; the browser's return only shows
the result (and asks the query API when the notification has not come yet). A dossier is settled
at most once: the conditional update from ``pending`` and the partial unique index on settled
payments of one ``reference`` both refuse a second settlement, on SQLite and PostgreSQL alike.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor, actor_audit
from motcua.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.payments.gateways import (
    CheckoutOrder,
    GatewayError,
    GatewayReport,
    gateway_get,
)
from motcua.payments.hooks import PAYMENT_SETTLED, Settlement
from motcua.payments.models import (
    SETTLED,
    GatewayNotification,
    NotificationOutcome,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Receipt,
    ReceiptCounter,
)

logger = logging.getLogger(__name__)


#: Outbox topic of a refund to make (at least once; the refund row makes it once).
REFUND_TOPIC = "payments.refund"
CURRENCY = "VND"


class PaymentNotAllowed(Conflict):
    """The dossier's fee is already paid, or there is nothing to pay."""


def payment_audit(*, payment: Payment, action: str, actor: str, at: datetime, **data: Any) -> None:
    audit_append(
        actor=actor,
        action=action,
        object_type="payment",
        object_id=payment.order_id,
        at=at,
        data={"reference": payment.reference, "amount": payment.amount, **data},
        chain=f"dossier:{payment.reference}",
    )


def _new_order_id(at: datetime, prefix: str) -> str:
    # Date for humans reading a ledger, then randomness: no sequence to guess or to lock.
    return f"{prefix}{at.astimezone(LOCAL_TZ):%y%m%d}{secrets.token_hex(5).upper()}"


def _check_new(
    *, reference: str, amount: int, payer_name: str, agency_code: str
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        problems.append(FieldProblem("amount", _("Số tiền phải là số nguyên đồng lớn hơn 0.")))
    if not reference.strip():
        problems.append(FieldProblem("reference", _("Thiếu mã hồ sơ.")))
    if not payer_name.strip():
        problems.append(FieldProblem("payer_name", _("Thiếu tên người nộp.")))
    if not agency_code.strip():
        problems.append(FieldProblem("agency_code", _("Thiếu cơ quan thu.")))
    return problems


def _refuse_if_settled(reference: str) -> None:
    if Payment.objects.filter(reference=reference, status__in=SETTLED).exists():
        raise PaymentNotAllowed(
            _("Hồ sơ %(code)s đã nộp phí, lệ phí; không thu lần thứ hai.") % {"code": reference}
        )


@dataclass(frozen=True)
class Checkout:
    payment: Payment
    url: str


def payment_start(
    *,
    reference: str,
    amount: int,
    description: str,
    payer_name: str,
    agency_code: str,
    agency_name: str,
    return_url: str,
    client_ip: str,
    at: datetime,
    actor: Actor,
    gateway: str = "vnpay_style",
) -> Checkout:
    """Create a pending online payment of ``amount`` đồng and the signed address of the gateway.

    Each call is a new order at the gateway (a citizen may try again after a cancelled payment);
    a dossier already settled is refused.
    """
    problems = _check_new(
        reference=reference, amount=amount, payer_name=payer_name, agency_code=agency_code
    )
    if problems:
        raise ValidationFailed(_("Không thể tạo yêu cầu thanh toán."), problems=problems)
    provider = gateway_get(gateway)
    with transaction.atomic():
        _refuse_if_settled(reference)
        payment = Payment.objects.create(
            reference=reference,
            order_id=_new_order_id(at, "T"),
            amount=amount,
            currency=CURRENCY,
            method=PaymentMethod.ONLINE,
            gateway=gateway,
            agency_code=agency_code,
            agency_name=nfc(agency_name)[:300],
            payer_name=nfc(payer_name)[:300],
            description=nfc(description)[:255],
            created_at=at,
        )
        payment_audit(
            payment=payment,
            action="payment.start",
            actor=actor_audit(actor),
            at=at,
            gateway=gateway,
        )
    url = provider.checkout_url(
        CheckoutOrder(
            order_id=payment.order_id,
            amount=amount,
            # The gateway's order info is plain ASCII in the protocol's examples; keep it short.
            description=f"Nop phi ho so {reference}"[:255],
            created_at=at,
            return_url=return_url,
            client_ip=client_ip,
        )
    )
    return Checkout(payment=payment, url=url)


def _receipt_issue(*, payment: Payment, transaction_no: str, at: datetime) -> Receipt:
    """Take the next number of the agency's series for the year and draw the receipt."""
    year = at.astimezone(LOCAL_TZ).year
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(agency_code=payment.agency_code, year=year)], ignore_conflicts=True
    )
    counter = ReceiptCounter.objects.select_for_update().get(
        agency_code=payment.agency_code, year=year
    )
    sequence = counter.last + 1
    ReceiptCounter.objects.filter(pk=counter.pk).update(last=sequence)
    series = f"BL-{year % 100:02d}"
    number = f"{payment.agency_code}/{year}/{sequence:07d}"
    # reportlab is loaded by the worker that renders receipts, not by every web worker.
    from motcua.payments.receipts import ReceiptData, receipt_pdf

    pdf = receipt_pdf(
        ReceiptData(
            agency_name=payment.agency_name,
            agency_code=payment.agency_code,
            series=series,
            number=number,
            sequence=sequence,
            payer_name=payment.payer_name,
            reference=payment.reference,
            description=payment.description,
            amount=payment.amount,
            method_label=str(PaymentMethod(payment.method).label),
            transaction_no=transaction_no,
            paid_at=at,
        )
    )
    safe = "".join(c if c.isalnum() else "_" for c in number)
    # Should the transaction roll back, the number returns to the series and this file stays
    # behind unreferenced; the next issue of the same number is stored under another name.
    name = default_storage.save(f"receipts/{year}/{safe}.pdf", ContentFile(pdf))
    return Receipt.objects.create(
        payment=payment,
        number=number,
        series=series,
        sequence=sequence,
        issued_at=at,
        file=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


def _settle(
    *,
    payment_id: int,
    via: str,
    transaction_no: str,
    bank_code: str,
    at: datetime,
    actor: str,
) -> bool:
    """Move a pending (or failed) payment to paid, once; ``False`` if it was settled before.

    Inside the caller's transaction: the conditional update is what makes concurrent callers
    agree; the partial unique index refuses a second settled payment of the same dossier.
    """
    won = Payment.objects.filter(
        pk=payment_id, status__in=[PaymentStatus.PENDING, PaymentStatus.FAILED]
    ).update(
        status=PaymentStatus.PAID,
        paid_at=at,
        settled_via=via,
        gateway_transaction_no=transaction_no,
        bank_code=bank_code[:20],
        recorded_by=actor[:200],
    )
    if not won:
        return False
    payment = Payment.objects.get(pk=payment_id)
    receipt = _receipt_issue(payment=payment, transaction_no=transaction_no, at=at)
    payment_audit(
        payment=payment,
        action="payment.settled",
        actor=actor,
        at=at,
        via=via,
        method=payment.method,
        transaction_no=transaction_no,
        receipt=receipt.number,
    )
    PAYMENT_SETTLED.fire(
        Settlement(
            reference=payment.reference,
            order_id=payment.order_id,
            amount=payment.amount,
            method=payment.method,
            paid_at=at,
            receipt_number=receipt.number,
            actor=actor,
        )
    )
    return True


@dataclass(frozen=True)
class NotificationAnswer:
    code: str
    body: dict[str, str]
    outcome: str


def _log(
    *,
    gateway: str,
    params: dict[str, str],
    valid: bool,
    order_id: str,
    outcome: str,
    code: str,
    at: datetime,
) -> None:
    GatewayNotification.objects.create(
        gateway=gateway,
        received_at=at,
        params=params,
        signature_valid=valid,
        order_id=order_id[:40],
        outcome=outcome,
        answer_code=code,
    )


def payment_notification_handle(
    *, gateway: str, params: dict[str, str], at: datetime
) -> NotificationAnswer:
    """Take a server-to-server notification (IPN): verify, check, settle once, answer.

    * a signature that is not the gateway's (compared in constant time): ``97``, nothing changes;
    * an order we never created: ``01``; an amount or currency other than the order's: ``04``;
    * an order already settled or closed: ``02`` (a replay changes nothing);
    * otherwise the payment is settled (or marked failed) and ``00`` is answered.

    Every notification is logged in :class:`GatewayNotification`, forged ones with a warning.
    """
    provider = gateway_get(gateway)
    clean = {str(k): str(v) for k, v in params.items()}
    if not provider.verify(clean):
        logger.warning("payment notification with a bad signature from %s refused", gateway)
        with transaction.atomic():
            _log(
                gateway=gateway,
                params=clean,
                valid=False,
                order_id=clean.get("vnp_TxnRef", ""),
                outcome=NotificationOutcome.BAD_SIGNATURE,
                code="97",
                at=at,
            )
        return NotificationAnswer("97", provider.answer("97"), NotificationOutcome.BAD_SIGNATURE)
    report = provider.read(clean)
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(order_id=report.order_id, gateway=gateway)
            .first()
        )
        code, outcome = _apply(payment=payment, report=report, via="ipn", at=at, gateway=gateway)
        _log(
            gateway=gateway,
            params=clean,
            valid=True,
            order_id=report.order_id,
            outcome=outcome,
            code=code,
            at=at,
        )
    if outcome == NotificationOutcome.BAD_AMOUNT:
        logger.warning("payment notification for %s with a wrong amount refused", report.order_id)
    return NotificationAnswer(code, provider.answer(code), outcome)


def _apply(
    *, payment: Payment | None, report: GatewayReport, via: str, at: datetime, gateway: str
) -> tuple[str, str]:
    if payment is None:
        return "01", NotificationOutcome.UNKNOWN_ORDER
    if report.amount != payment.amount or report.currency != payment.currency:
        return "04", NotificationOutcome.BAD_AMOUNT
    if payment.status in SETTLED:
        return "02", NotificationOutcome.DUPLICATE
    if report.paid:
        if (
            Payment.objects.filter(reference=payment.reference, status__in=SETTLED)
            .exclude(pk=payment.pk)
            .exists()
        ):
            # Paid twice at the gateway (two orders of one dossier): the daily reconciliation
            # lists this order as collected but not recorded, for a refund by the agency.
            logger.warning("second payment %s of a settled dossier not recorded", payment.order_id)
            return "02", NotificationOutcome.DUPLICATE
        # A payment we had given up on (expired) but the gateway took: the money is there.
        settled = _settle(
            payment_id=payment.pk,
            via=via,
            transaction_no=report.transaction_no,
            bank_code=report.bank_code,
            at=at,
            actor=f"gateway:{gateway}",
        )
        return ("00", NotificationOutcome.SETTLED) if settled else ("02", "duplicate")
    if payment.status == PaymentStatus.FAILED:
        return "02", NotificationOutcome.DUPLICATE
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        status=PaymentStatus.FAILED, failed_at=at
    )
    payment_audit(
        payment=payment,
        action="payment.failed",
        actor=f"gateway:{gateway}",
        at=at,
        response_code=report.response_code,
    )
    return "00", NotificationOutcome.FAILED


def payment_query_settle(
    *, payment: Payment, at: datetime, expire_after: timedelta | None = None
) -> str:
    """Ask the gateway's query API about a pending payment and act on the answer.

    Returns ``settled``, ``failed``, ``pending`` or ``unchanged``. An order the gateway never saw
    (the citizen closed the page) is failed once older than ``expire_after``.
    """
    if payment.method != PaymentMethod.ONLINE or payment.status != PaymentStatus.PENDING:
        return "unchanged"
    provider = gateway_get(payment.gateway)
    report = provider.query(order_id=payment.order_id, created_at=payment.created_at, at=at)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != PaymentStatus.PENDING:
            return "unchanged"
        if report.found and report.paid:
            if report.amount != locked.amount:
                logger.warning("gateway query for %s gives another amount", locked.order_id)
                return "unchanged"
            _settle(
                payment_id=locked.pk,
                via="query",
                transaction_no=report.transaction_no,
                bank_code=report.bank_code,
                at=at,
                actor=f"gateway:{locked.gateway}",
            )
            return "settled"
        closed = report.found and report.response_code not in {"01", ""}
        expired = expire_after is not None and locked.created_at + expire_after <= at
        if closed or expired:
            Payment.objects.filter(pk=locked.pk).update(status=PaymentStatus.FAILED, failed_at=at)
            payment_audit(
                payment=locked,
                action="payment.failed",
                actor="system:payments-query",
                at=at,
                response_code=report.response_code,
                expired=expired and not closed,
            )
            return "failed"
    return "pending"


@dataclass(frozen=True)
class ReturnResult:
    """What to show the citizen back from the gateway."""

    valid: bool
    payment: Payment | None
    gateway_says_paid: bool


def payment_return_handle(*, gateway: str, params: dict[str, str], at: datetime) -> ReturnResult:
    """The browser's return: verify its signature and show the stored truth.

    The return proves nothing by itself (a browser may replay or edit it); when it says paid and
    the payment is still pending, the gateway's query API is asked, and its answer settles.
    """
    provider = gateway_get(gateway)
    clean = {str(k): str(v) for k, v in params.items()}
    if not provider.verify(clean):
        logger.warning("payment return with a bad signature from %s ignored", gateway)
        return ReturnResult(valid=False, payment=None, gateway_says_paid=False)
    report = provider.read(clean)
    payment = Payment.objects.filter(order_id=report.order_id, gateway=gateway).first()
    if payment is not None and payment.status == PaymentStatus.PENDING and report.paid:
        try:
            payment_query_settle(payment=payment, at=at)
        except GatewayError as error:
            logger.warning("payment query after return failed: %s", error)
        payment.refresh_from_db()
    return ReturnResult(valid=True, payment=payment, gateway_says_paid=report.paid)


def payment_counter_record(
    *,
    reference: str,
    amount: int,
    method: str,
    payer_name: str,
    agency_code: str,
    agency_name: str,
    description: str,
    actor: Actor,
    at: datetime,
) -> Payment:
    """The officer records a fee paid at the counter (cash or card); the same e-receipt is issued."""
    problems = _check_new(
        reference=reference, amount=amount, payer_name=payer_name, agency_code=agency_code
    )
    if method not in (PaymentMethod.COUNTER_CASH, PaymentMethod.COUNTER_CARD):
        problems.append(FieldProblem("method", _("Chọn tiền mặt hoặc thẻ.")))
    if problems:
        raise ValidationFailed(_("Chưa ghi nhận được khoản nộp."), problems=problems)
    with transaction.atomic():
        _refuse_if_settled(reference)
        payment = Payment.objects.create(
            reference=reference,
            order_id=_new_order_id(at, "Q"),
            amount=amount,
            currency=CURRENCY,
            method=method,
            agency_code=agency_code,
            agency_name=nfc(agency_name)[:300],
            payer_name=nfc(payer_name)[:300],
            description=nfc(description)[:255],
            created_at=at,
        )
        payment_audit(
            payment=payment,
            action="payment.counter",
            actor=actor_audit(actor),
            at=at,
            method=method,
        )
        _settle(
            payment_id=payment.pk,
            via="counter",
            transaction_no="",
            bank_code="",
            at=at,
            actor=actor_audit(actor),
        )
    payment.refresh_from_db()
    return payment


def receipt_file(*, receipt: Receipt) -> bytes:
    """The stored PDF, checked against its SHA-256."""
    with default_storage.open(receipt.file.name, "rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != receipt.sha256:
        raise NotFound(_("Biên lai %(number)s bị thay đổi.") % {"number": receipt.number})
    return data
