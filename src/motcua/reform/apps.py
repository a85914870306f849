from django.apps import AppConfig


class ReformConfig(AppConfig):
    name = "motcua.reform"
    label = "reform"
    verbose_name = "Cải cách TTHC"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler, register_periodic
        from motcua.reform.services import (
            REMINDER_TOPIC,
            SCAN_TOPIC,
            overlaps_scan_asked,
            task_reminder_mail,
            task_reminders_send,
        )

        register_handler(REMINDER_TOPIC, task_reminder_mail)
        register_handler(SCAN_TOPIC, overlaps_scan_asked)
        # Deadlines are days; an hourly look is soon enough for a reminder days ahead.
        register_periodic("reform.task_reminders", task_reminders_send, every_seconds=3600)
