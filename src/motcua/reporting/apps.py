from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    label = "reporting"
    verbose_name = "Báo cáo, chỉ số"

    def ready(self) -> None:
        from motcua.dossiers.tasks import register_event_listener
        from motcua.feedback.services import register_change_listener
        from motcua.reporting.aggregates import on_dossier_event, on_feedback_change

        register_event_listener(on_dossier_event)
        register_change_listener(on_feedback_change)
