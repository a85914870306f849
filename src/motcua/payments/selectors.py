"""Reads of payments: a dossier's payments, its receipt, the reconciliation runs."""

from django.db.models import QuerySet

from motcua.payments.models import (
    SETTLED,
    Payment,
    PaymentStatus,
    Receipt,
    ReconciliationRun,
)


def payments_of(*, reference: str) -> QuerySet[Payment]:
    return Payment.objects.filter(reference=reference).order_by("-created_at", "-pk")


def payment_settled_of(*, reference: str) -> Payment | None:
    """The payment that settled the dossier's fee (paid, or paid then refunded), if any."""
    return (
        Payment.objects.filter(reference=reference, status__in=SETTLED)
        .select_related("receipt")
        .first()
    )


def payment_pending_of(*, reference: str) -> Payment | None:
    return (
        Payment.objects.filter(reference=reference, status=PaymentStatus.PENDING)
        .order_by("-created_at", "-pk")
        .first()
    )


def receipt_of(*, reference: str) -> Receipt | None:
    return (
        Receipt.objects.filter(payment__reference=reference, payment__status__in=SETTLED)
        .select_related("payment")
        .first()
    )


def reconciliation_runs(*, limit: int = 30) -> list[ReconciliationRun]:
    return list(ReconciliationRun.objects.prefetch_related("mismatches")[:limit])
