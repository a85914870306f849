from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = "Thanh toán"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler, register_periodic
        from motcua.payments.contrib.vnpay_style.gateway import VnpayStyleGateway
        from motcua.payments.gateways import gateway_register
        from motcua.payments.services import (
            REFUND_TOPIC,
            payment_refund_task,
            payments_query_pending,
            reconciliation_daily,
        )

        gateway_register(VnpayStyleGateway())
        register_handler(REFUND_TOPIC, payment_refund_task)
        # A notification that never came is caught within a minute of its payment turning stale.
        register_periodic("payments.query_pending", payments_query_pending, every_seconds=60)
        # Yesterday is reconciled once; hourly tries catch a gateway that was down at midnight.
        register_periodic("payments.daily_reconciliation", reconciliation_daily, every_seconds=3600)
