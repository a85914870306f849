from django.apps import AppConfig


class SimulatorsConfig(AppConfig):
    name = "motcua_dev.simulators"
    label = "simulators"
    verbose_name = "Mô phỏng hệ thống bên ngoài"
