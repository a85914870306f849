"""Refunds of a settled fee: scheduled through the outbox, made once."""

from datetime import datetime
from typing import Any

from django.db import transaction

from motcua.accounts.actors import Actor, actor_audit, system_actor
from motcua.core.outbox import outbox_enqueue
from motcua.core.text import nfc
from motcua.payments.gateways import (
    GatewayError,
    gateway_get,
)
from motcua.payments.models import (
    SETTLED,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from motcua.payments.services.settlement import REFUND_TOPIC, payment_audit


def payment_refund_schedule(*, reference: str, reason: str, at: datetime) -> None:
    """Enqueue the refund of the dossier's settled fee (inside the caller's transaction)."""
    outbox_enqueue(
        topic=REFUND_TOPIC,
        key=f"refund:{reference}",
        payload={"reference": reference, "reason": reason[:500]},
        at=at,
    )


def payment_refund(*, reference: str, reason: str, at: datetime, actor: Actor) -> Refund | None:
    """Refund the settled fee of ``reference`` in full; ``None`` when nothing was paid.

    At least once and idempotent: the refund row is unique per payment, the gateway answers a
    repeated refund with "already requested", and a done refund is returned as it is.
    """
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(reference=reference, status__in=SETTLED)
            .first()
        )
        if payment is None:
            return None
        refund = Refund.objects.filter(payment=payment).first()
        if refund is not None and refund.status == RefundStatus.DONE:
            return refund
        if refund is None:
            refund = Refund.objects.create(
                payment=payment,
                amount=payment.amount,
                reason=nfc(reason)[:500],
                status=RefundStatus.PENDING,
                created_at=at,
            )
            payment_audit(
                payment=payment, action="payment.refund_requested", actor=actor_audit(actor), at=at
            )
    gateway_reference = ""
    if payment.method == PaymentMethod.ONLINE:
        try:
            gateway_reference = gateway_get(payment.gateway).refund(
                order_id=payment.order_id,
                transaction_no=payment.gateway_transaction_no,
                amount=payment.amount,
                created_at=payment.created_at,
                at=at,
                by=actor_audit(actor),
            )
        except GatewayError as error:
            Refund.objects.filter(pk=refund.pk).update(error=str(error)[:2000])
            raise
    with transaction.atomic():
        Refund.objects.filter(pk=refund.pk).update(
            status=RefundStatus.DONE, done_at=at, gateway_reference=gateway_reference[:60], error=""
        )
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.REFUNDED)
        payment_audit(payment=payment, action="payment.refunded", actor=actor_audit(actor), at=at)
    refund.refresh_from_db()
    return refund


def payment_refund_task(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    payment_refund(
        reference=str(payload["reference"]),
        reason=str(payload.get("reason", "")),
        at=now,
        actor=system_actor("system:payments-refund"),
    )
