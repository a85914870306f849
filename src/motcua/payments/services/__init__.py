"""Writes of payments: start an online payment, take the gateway's word, record a counter payment,
refund, issue the e-receipt, and reconcile with the gateway.

This package is the app's public face for writes.

* :mod:`.settlement`: online payments, the gateway's notification and return, the counter, receipts;
* :mod:`.refunds`: refunds, scheduled and made once;
* :mod:`.reconciliation`: pending payments asked about, the daily reconciliation.
"""

from motcua.payments.services.reconciliation import (
    payments_query_pending,
    reconciliation_daily,
    reconciliation_run,
)
from motcua.payments.services.refunds import (
    payment_refund,
    payment_refund_schedule,
    payment_refund_task,
)
from motcua.payments.services.settlement import (
    CURRENCY,
    REFUND_TOPIC,
    Checkout,
    NotificationAnswer,
    PaymentNotAllowed,
    ReturnResult,
    payment_counter_record,
    payment_notification_handle,
    payment_query_settle,
    payment_return_handle,
    payment_start,
    receipt_file,
)

__all__ = [
    "CURRENCY",
    "REFUND_TOPIC",
    "Checkout",
    "NotificationAnswer",
    "PaymentNotAllowed",
    "ReturnResult",
    "payment_counter_record",
    "payment_notification_handle",
    "payment_query_settle",
    "payment_refund",
    "payment_refund_schedule",
    "payment_refund_task",
    "payment_return_handle",
    "payment_start",
    "payments_query_pending",
    "receipt_file",
    "reconciliation_daily",
    "reconciliation_run",
]
