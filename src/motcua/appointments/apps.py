from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "motcua.appointments"
    label = "appointments"
    verbose_name = "Lịch hẹn nộp hồ sơ"
