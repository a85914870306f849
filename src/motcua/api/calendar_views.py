"""The working-day calendar over HTTP: ask whether a day is worked, count working days, list a year."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.schema_notes import extend_schema
from motcua.calendar.selectors import (
    calendar_add_working_days,
    calendar_days_list,
    calendar_is_working_day,
)
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.text import is_ascii_digits

#: A bound on ``days`` so one request cannot ask for a walk over centuries.
MAX_DAYS = 3650
MIN_YEAR, MAX_YEAR = 2000, 2100

_DATE_PARAM = OpenApiParameter(
    "date", OpenApiTypes.DATE, required=True, description="Ngày, định dạng YYYY-MM-DD."
)
_AGENCY_PARAM = OpenApiParameter(
    "agency",
    OpenApiTypes.STR,
    required=False,
    description="Mã định danh cơ quan (ví dụ 000.00.12.H38); bỏ trống: lịch chung toàn quốc.",
)
_ERROR = inline_serializer(
    "CalendarError",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.ListField(child=serializers.DictField()),
    },
)


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed(_("Tham số không hợp lệ."), problems=[FieldProblem(path, message)])


def _date_param(request: Request, name: str) -> date:
    value = request.query_params.get(name, "").strip()
    if not value:
        raise _fail(name, _("Thiếu tham số %(name)s (YYYY-MM-DD).") % {"name": name})
    parts = value.split("-")
    if (
        len(parts) != 3
        or [len(p) for p in parts] != [4, 2, 2]
        or not all(is_ascii_digits(p) for p in parts)
    ):
        raise _fail(name, _("%(name)s phải có dạng YYYY-MM-DD.") % {"name": name})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(name, _("%(name)s không phải một ngày có thật.") % {"name": name}) from None


def _int_param(request: Request, name: str, *, low: int, high: int) -> int:
    value = request.query_params.get(name, "").strip()
    if not value:
        raise _fail(name, _("Thiếu tham số %(name)s.") % {"name": name})
    if not is_ascii_digits(value.removeprefix("-")):
        raise _fail(name, _("%(name)s phải là số nguyên.") % {"name": name})
    number = int(value)
    if not low <= number <= high:
        raise _fail(
            name,
            _("%(name)s phải trong khoảng %(low)s–%(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return number


def _agency_param(request: Request) -> str:
    value = request.query_params.get("agency", "").strip()
    if len(value) > 30:
        raise _fail("agency", _("Mã định danh cơ quan dài quá 30 ký tự."))
    return value


class IsWorkingDayView(APIView):
    @extend_schema(
        operation_id="calendar_is_working_day",
        summary="Một ngày có phải ngày làm việc không",
        parameters=[_DATE_PARAM, _AGENCY_PARAM],
        responses={
            200: inline_serializer(
                "IsWorkingDay",
                fields={
                    "date": serializers.DateField(),
                    "is_working_day": serializers.BooleanField(),
                },
            ),
            400: _ERROR,
        },
    )
    def get(self, request: Request) -> Response:
        day = _date_param(request, "date")
        answer = calendar_is_working_day(day=day, agency_code=_agency_param(request))
        return Response({"date": day.isoformat(), "is_working_day": answer})


class AddWorkingDaysView(APIView):
    @extend_schema(
        operation_id="calendar_add_working_days",
        summary="Ngày làm việc thứ N sau một ngày",
        parameters=[
            _DATE_PARAM,
            OpenApiParameter(
                "days",
                OpenApiTypes.INT,
                required=True,
                description=f"Số ngày làm việc, từ 0 đến {MAX_DAYS}.",
            ),
            _AGENCY_PARAM,
        ],
        responses={
            200: inline_serializer(
                "AddWorkingDays",
                fields={
                    "date": serializers.DateField(),
                    "days": serializers.IntegerField(),
                    "result": serializers.DateField(),
                },
            ),
            400: _ERROR,
        },
    )
    def get(self, request: Request) -> Response:
        day = _date_param(request, "date")
        days = _int_param(request, "days", low=0, high=MAX_DAYS)
        result = calendar_add_working_days(day=day, days=days, agency_code=_agency_param(request))
        return Response({"date": day.isoformat(), "days": days, "result": result.isoformat()})


_CALENDAR_DAY = inline_serializer(
    "CalendarDay",
    many=True,
    fields={
        "date": serializers.DateField(),
        "kind": serializers.CharField(help_text="holiday | compensatory | swapped | make_up"),
        "kind_label": serializers.CharField(),
        "is_working_day": serializers.BooleanField(),
        "name": serializers.CharField(),
        "source": serializers.CharField(),
        "agency_code": serializers.CharField(),
    },
)


class CalendarDaysView(APIView):
    @extend_schema(
        operation_id="calendar_days_list",
        summary="Các ngày nghỉ và ngày làm bù của một năm",
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, required=True, description="Năm, ví dụ 2026."
            ),
            _AGENCY_PARAM,
        ],
        responses={200: _CALENDAR_DAY, 400: _ERROR},
    )
    def get(self, request: Request) -> Response:
        year = _int_param(request, "year", low=MIN_YEAR, high=MAX_YEAR)
        days = calendar_days_list(year=year, agency_code=_agency_param(request))
        return Response(
            [
                {
                    "date": d.date.isoformat(),
                    "kind": d.kind,
                    "kind_label": d.kind_label,
                    "is_working_day": d.is_working_day,
                    "name": d.name,
                    "source": d.source,
                    "agency_code": d.agency_code,
                }
                for d in days
            ]
        )
