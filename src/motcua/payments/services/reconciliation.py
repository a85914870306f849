"""Reconciliation with the gateway: payments pending too long asked about, a local day's settlements
compared with the gateway's, once a day.
"""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction

from motcua.core.localtime import LOCAL_TZ
from motcua.core.outbox import effect_once
from motcua.core.services import audit_append
from motcua.payments.gateways import (
    GatewayError,
    gateway_get,
)
from motcua.payments.models import (
    SETTLED,
    MismatchKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ReconciliationMismatch,
    ReconciliationRun,
)
from motcua.payments.services.settlement import payment_query_settle

logger = logging.getLogger(__name__)


def payments_query_pending(*, now: datetime) -> dict[str, int]:
    """The reconciliation job: ask the gateway about online payments pending for too long.

    Catches the notification that never came (settles from the query API's answer) and closes
    orders the citizen abandoned.
    """
    after = timedelta(minutes=settings.MOTCUA_PAY_QUERY_AFTER_MINUTES)
    expire = timedelta(minutes=settings.MOTCUA_PAY_EXPIRE_MINUTES)
    counts: dict[str, int] = {}
    stale = Payment.objects.filter(
        method=PaymentMethod.ONLINE, status=PaymentStatus.PENDING, created_at__lte=now - after
    ).order_by("created_at")[:500]
    for payment in stale:
        try:
            outcome = payment_query_settle(payment=payment, at=now, expire_after=expire)
        except GatewayError as error:
            logger.warning("payment query for %s failed: %s", payment.order_id, error)
            outcome = "error"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
    return start, start + timedelta(days=1)


def reconciliation_run(
    *, day: date, at: datetime, gateway: str = "vnpay_style"
) -> ReconciliationRun:
    """Compare the online payments created on ``day`` (local) with the gateway's ledger.

    Every difference is a mismatch row: paid at the gateway but not settled here, settled here but
    not paid there, or another amount. :class:`~motcua.payments.gateways.GatewayError` propagates.
    """
    theirs = {entry.order_id: entry for entry in gateway_get(gateway).ledger(day=day)}
    start, end = _local_day_bounds(day)
    ours = {
        p.order_id: p
        for p in Payment.objects.filter(
            method=PaymentMethod.ONLINE, gateway=gateway, created_at__gte=start, created_at__lt=end
        )
    }
    mismatches: list[ReconciliationMismatch] = []
    matched = 0
    for order_id in sorted(set(theirs) | set(ours)):
        mine, other = ours.get(order_id), theirs.get(order_id)
        settled_here = mine is not None and mine.status in SETTLED
        paid_there = other is not None and other.paid
        kind = ""
        if paid_there and not settled_here:
            kind = MismatchKind.MISSING_HERE
        elif settled_here and not paid_there:
            kind = MismatchKind.MISSING_THERE
        elif settled_here and paid_there and mine is not None and other is not None:
            if mine.amount != other.amount:
                kind = MismatchKind.AMOUNT
            else:
                matched += 1
        if kind:
            mismatches.append(
                ReconciliationMismatch(
                    kind=kind,
                    order_id=order_id,
                    reference=mine.reference if mine else "",
                    ours_amount=mine.amount if mine else None,
                    theirs_amount=other.amount if other else None,
                    ours_status=mine.status if mine else "",
                    theirs_status=("paid" if other.paid else "unpaid") if other else "",
                )
            )
    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            gateway=gateway,
            day=day,
            created_at=at,
            ours=sum(1 for p in ours.values() if p.status in SETTLED),
            theirs=sum(1 for e in theirs.values() if e.paid),
            matched=matched,
            total_ours=sum(p.amount for p in ours.values() if p.status in SETTLED),
            total_theirs=sum(e.amount for e in theirs.values() if e.paid),
        )
        for mismatch in mismatches:
            mismatch.run = run
        ReconciliationMismatch.objects.bulk_create(mismatches)
        audit_append(
            actor="system:payments-reconcile",
            action="payments.reconciled",
            object_type="reconciliation",
            object_id=f"{gateway}:{day.isoformat()}",
            at=at,
            data={"mismatches": len(mismatches), "matched": matched},
        )
    return run


def reconciliation_daily(*, now: datetime) -> ReconciliationRun | None:
    """The periodic job: reconcile yesterday (local) once, after asking about pending payments."""
    yesterday = now.astimezone(LOCAL_TZ).date() - timedelta(days=1)
    if not effect_once(effect="payments.daily_reconciliation", key=yesterday.isoformat(), at=now):
        return None
    return reconciliation_run(day=yesterday, at=now)
