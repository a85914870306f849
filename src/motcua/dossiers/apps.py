from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler, register_periodic
        from motcua.delivery.hooks import TRACKING_NOTICED
        from motcua.documents.hooks import SCAN_REFERENCED
        from motcua.dossiers.fees import (
            dossier_payment_settled,
            dossier_refund_hook,
            dossier_refund_sweep,
        )
        from motcua.dossiers.figures import document_scan_noticed
        from motcua.dossiers.hooks import DOSSIER_COMMITTED, EVENT_TOPIC
        from motcua.dossiers.services.once import idempotency_purge
        from motcua.dossiers.services.post_tracking import post_tracking_noticed
        from motcua.dossiers.sla import dossier_sla_sweep
        from motcua.dossiers.tasks import NOTIFY, dossier_event_task
        from motcua.payments.hooks import PAYMENT_SETTLED

        register_handler(EVENT_TOPIC, dossier_event_task, name=NOTIFY)
        SCAN_REFERENCED.listen(document_scan_noticed)
        TRACKING_NOTICED.listen(post_tracking_noticed)
        PAYMENT_SETTLED.listen(dossier_payment_settled)
        DOSSIER_COMMITTED.listen(dossier_refund_hook)
        # Warnings, late marks and apology drafts must appear within a minute of becoming due.
        register_periodic("dossiers.sla_sweep", dossier_sla_sweep, every_seconds=60)
        # A refusal whose after-commit listener was lost still gets its refund within minutes.
        register_periodic("dossiers.refund_sweep", dossier_refund_sweep, every_seconds=300)
        # Hourly is plenty against keys kept a day.
        register_periodic("dossiers.idempotency_purge", idempotency_purge, every_seconds=3600)
