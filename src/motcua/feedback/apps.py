from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"

    def ready(self) -> None:
        from motcua.core.outbox import register_periodic
        from motcua.feedback.mail import feedback_mail_poll
        from motcua.feedback.messages import register_templates
        from motcua.feedback.sweep import feedback_sweep

        register_templates()
        # The head asked to be told at any hour: reminders and escalations within a minute.
        register_periodic("feedback.sweep", feedback_sweep, every_seconds=60)
        register_periodic("feedback.mail_poll", feedback_mail_poll, every_seconds=60)
