from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler, register_periodic
        from motcua.dossiers.sla import dossier_sla_sweep
        from motcua.dossiers.tasks import EVENT_TOPIC, dossier_event_task

        register_handler(EVENT_TOPIC, dossier_event_task)
        from motcua.documents.hooks import scan_referenced_register
        from motcua.dossiers.figures import (
            REFRESH_TOPIC,
            document_scan_noticed,
            dossier_refresh_task,
        )

        register_handler(REFRESH_TOPIC, dossier_refresh_task)
        scan_referenced_register(document_scan_noticed)
        # Warnings, late marks and apology drafts must appear within a minute of becoming due.
        register_periodic("dossiers.sla_sweep", dossier_sla_sweep, every_seconds=60)

        from motcua.delivery.registry import tracking_event_register
        from motcua.dossiers.postal import post_tracking_noticed

        tracking_event_register(post_tracking_noticed)

        from motcua.dossiers.fees import (
            dossier_payment_settled,
            dossier_refund_hook,
            dossier_refund_sweep,
        )
        from motcua.dossiers.history import AFTER_COMMIT_HOOKS
        from motcua.payments.hooks import payment_settled_register

        payment_settled_register(dossier_payment_settled)
        if dossier_refund_hook not in AFTER_COMMIT_HOOKS:
            AFTER_COMMIT_HOOKS.append(dossier_refund_hook)
        # A refusal whose after-commit hook was lost still gets its refund within minutes.
        register_periodic("dossiers.refund_sweep", dossier_refund_sweep, every_seconds=300)
