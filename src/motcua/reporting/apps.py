from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "motcua.reporting"
    label = "reporting"
    verbose_name = "Báo cáo, chỉ số"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler
        from motcua.dossiers.hooks import EVENT_TOPIC, REFRESH_TOPIC
        from motcua.feedback.hooks import FEEDBACK_CHANGED
        from motcua.reporting.aggregates import TALLIES, on_dossier_event, on_feedback_change

        # Its own handler of each topic: a failure here is retried without sending the
        # applicant's notifications again, and the other way round.
        register_handler(EVENT_TOPIC, on_dossier_event, name=TALLIES)
        register_handler(REFRESH_TOPIC, on_dossier_event, name=TALLIES)
        FEEDBACK_CHANGED.listen(on_feedback_change)
