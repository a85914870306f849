from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "motcua_dev.bench"
    label = "bench"
    verbose_name = "Đo hiệu năng"
