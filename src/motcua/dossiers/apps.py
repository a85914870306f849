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
        # Warnings, late marks and apology drafts must appear within a minute of becoming due.
        register_periodic("dossiers.sla_sweep", dossier_sla_sweep, every_seconds=60)
