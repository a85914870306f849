from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "motcua.delivery"
    label = "delivery"
    verbose_name = "Bưu chính"

    def ready(self) -> None:
        from django.conf import settings

        from motcua.core.outbox import register_handler, register_periodic
        from motcua.delivery.contrib.vnpost_style.provider import VnpostStyleProvider
        from motcua.delivery.registry import provider_register
        from motcua.delivery.services import (
            DISPATCH_TOPIC,
            consignment_dispatch_task,
            tracking_poll,
        )

        provider_register(VnpostStyleProvider())
        register_handler(DISPATCH_TOPIC, consignment_dispatch_task)
        # Callbacks may be lost (the post retries only so long): ask about items on their way.
        register_periodic(
            "delivery.tracking_poll",
            tracking_poll,
            every_seconds=int(settings.MOTCUA_POST_POLL_SECONDS),
        )
