from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from motcua.core.outbox import register_handler
        from motcua.notifications.contrib.sms_gateway.channel import SmsGatewayChannel
        from motcua.notifications.contrib.smtp_email.channel import SmtpEmailChannel
        from motcua.notifications.registry import channel_register
        from motcua.notifications.services import SEND_TOPIC
        from motcua.notifications.tasks import notification_send_task

        channel_register(SmtpEmailChannel())
        channel_register(SmsGatewayChannel())
        register_handler(SEND_TOPIC, notification_send_task)
