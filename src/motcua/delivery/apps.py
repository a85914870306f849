from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "motcua.delivery"
    label = "delivery"
    verbose_name = "Bưu chính"
