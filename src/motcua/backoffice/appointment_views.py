"""Lịch hẹn trong ngày: the one-stop officer's list of the citizens booked at their unit."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import User
from motcua.appointments.selectors import day_list
from motcua.backoffice.selectors import officer_one_stop_unit
from motcua.core.localtime import LOCAL_TZ


@login_required
@require_GET
def appointments_day(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required let only a signed-in user in
    today = timezone.localdate()
    unit = officer_one_stop_unit(user=user, on=today)
    if unit is None:
        return render(
            request,
            "backoffice/forbidden.html",
            {"message": _("Chỉ cán bộ một cửa xem được lịch hẹn của đơn vị.")},
            status=403,
        )
    raw = request.GET.get("ngay", "")
    day: date = (parse_date(raw) if raw else None) or today
    rows = [
        {
            "time": a.starts_at.astimezone(LOCAL_TZ).strftime("%H:%M"),
            "code": a.code,
            "name": str(a.user),
            "procedure": a.procedure.code,
            # Counter intake of the booked procedure, prefilled from the booking.
            "intake_url": reverse("backoffice:intake", args=[a.procedure.code])
            + "?"
            + urlencode({"lich_hen": a.code}),
        }
        for a in day_list(unit=unit, day=day)
    ]
    return render(
        request,
        "backoffice/appointments_day.html",
        {
            "unit": unit,
            "day": day,
            "rows": rows,
            "previous": (day - timedelta(days=1)).isoformat(),
            "next": (day + timedelta(days=1)).isoformat(),
        },
    )
