"""Đặt lịch hẹn: a citizen books a counter slot, sees its confirmation with a QR code, cancels it."""

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.appointments.models import AppointmentStatus
from motcua.appointments.selectors import (
    appointment_of,
    appointments_of,
    slots_free,
    units_bookable,
)
from motcua.appointments.services import appointment_book, appointment_cancel
from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import Conflict, NotFound, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.portal.account_views import citizen_required


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required let only a citizen in
    return user


def _qr_svg(text: str) -> str:
    # segno only where a confirmation is drawn, not at every page's import.
    import segno

    return str(segno.make(text, error="m").svg_inline(scale=4, title=_("Mã QR của lịch hẹn")))


@citizen_required
@require_http_methods(["GET", "POST"])
def booking_new(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    user = _citizen(request)
    data = request.POST if request.method == "POST" else request.GET
    units = list(units_bookable(on=timezone.localdate(now)))
    unit = next((u for u in units if str(u.pk) == data.get("noi", "")), None)
    code = data.get("thu_tuc", "").strip()
    errors: dict[str, str] = {}
    version = None
    if code:
        try:
            version = procedure_version_current(code=code, on=timezone.localdate(now))
        except NotFound:
            errors["thu_tuc"] = _("Không tìm thấy thủ tục có mã này. Ví dụ: 1.001821.")
    elif "thu_tuc" in data:
        errors["thu_tuc"] = _("Hãy nhập mã thủ tục, ví dụ 1.001821.")
    if "noi" in data and unit is None:
        errors["noi"] = _("Hãy chọn nơi nộp hồ sơ trong danh sách.")
    slots = slots_free(unit=unit, now=now) if unit is not None and version is not None else []
    if request.method == "POST" and unit is not None and version is not None:
        try:
            starts_at = datetime.strptime(data.get("khung_gio", ""), "%Y-%m-%dT%H:%M").replace(
                tzinfo=LOCAL_TZ
            )
        except ValueError:
            errors["khung_gio"] = _("Hãy chọn một khung giờ còn chỗ.")
        else:
            try:
                appointment = appointment_book(
                    user=user,
                    unit=unit,
                    procedure=version.procedure,
                    starts_at=starts_at,
                    now=now,
                )
            except (ValidationFailed, Conflict) as error:
                errors["khung_gio"] = error.message
                slots = slots_free(unit=unit, now=now)
            else:
                return redirect("portal:booking", booking_code=appointment.code)
    days: dict[str, list[dict[str, object]]] = {}
    for slot in slots:
        local = slot.starts_at.astimezone(LOCAL_TZ)
        days.setdefault(local.strftime("%d/%m/%Y"), []).append(
            {"key": slot.key, "time": local.strftime("%H:%M"), "free": slot.free}
        )
    status = 400 if request.method == "POST" and errors else 200
    return render(
        request,
        "portal/booking_new.html",
        {
            "units": units,
            "unit": unit,
            "code": code,
            "version": version,
            "days": days,
            "errors": errors,
            "mine": [a for a in appointments_of(user=user) if a.starts_at > now][:10],
        },
        status=status,
    )


@citizen_required
def booking_detail(request: HttpRequest, booking_code: str) -> HttpResponse:
    appointment = appointment_of(user=_citizen(request), code=booking_code)
    if appointment is None:
        raise Http404(_("Không tìm thấy lịch hẹn."))
    url = request.build_absolute_uri(reverse("portal:booking", args=[appointment.code]))
    return render(
        request,
        "portal/booking.html",
        {
            "appointment": appointment,
            "starts_at": appointment.starts_at.astimezone(LOCAL_TZ),
            "booked": appointment.status == AppointmentStatus.BOOKED,
            "upcoming": appointment.starts_at > timezone.now(),
            "qr": _qr_svg(f"{appointment.code} {url}"),
        },
    )


@citizen_required
@require_POST
def booking_cancel(request: HttpRequest, booking_code: str) -> HttpResponse:
    user = _citizen(request)
    appointment = appointment_of(user=user, code=booking_code)
    if appointment is None:
        raise Http404(_("Không tìm thấy lịch hẹn."))
    try:
        appointment_cancel(user=user, appointment=appointment, now=timezone.now())
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã huỷ lịch hẹn %(code)s.") % {"code": appointment.code})
    return redirect("portal:booking", booking_code=appointment.code)
