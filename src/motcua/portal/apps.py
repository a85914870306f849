from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = "Cổng công khai"

    def ready(self) -> None:
        from motcua.core.outbox import register_periodic
        from motcua.portal.draft_purge import drafts_purge_job

        # Hourly is plenty against a retention counted in days.
        register_periodic("portal.drafts_purge", drafts_purge_job, every_seconds=3600)
