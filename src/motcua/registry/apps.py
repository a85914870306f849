from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "motcua.registry"
    label = "registry"
    verbose_name = "Dữ liệu dùng chung"
