from django.urls import URLPattern, path

from motcua.api.calendar_views import AddWorkingDaysView, CalendarDaysView, IsWorkingDayView

urlpatterns: list[URLPattern] = [
    path("is-working-day/", IsWorkingDayView.as_view(), name="calendar-is-working-day"),
    path("add-working-days/", AddWorkingDaysView.as_view(), name="calendar-add-working-days"),
    path("days/", CalendarDaysView.as_view(), name="calendar-days"),
]
