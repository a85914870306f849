from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "motcua_dev.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
