"""Slips (forms 01–06 of Circular 03/2025) as PDF and the register book (form 07) as XLSX.

``GET /api/v1/dossiers/{code}/slips/{form}/``: the dossier is scoped with ``dossier_get_for``, so an
officer of another agency gets 404, as does a form the dossier does not have. Forms 01–05 come
signed with the issuing agency's seal (:mod:`motcua.dossiers.paper.slip_seal`).
``GET /api/v1/register-book/?agency=&from=&to=[&unit=]``: officers of that agency only.
"""

from datetime import date
from typing import cast

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.api.schema_notes import extend_schema
from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.text import is_ascii_digits
from motcua.dossiers.paper.forms import SLIP_FORMS
from motcua.dossiers.paper.register_book import register_book, register_xlsx
from motcua.dossiers.services import dossier_open_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(value: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-_") else "_" for ch in value)


class SlipView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Biểu mẫu của hồ sơ (PDF): 01 tiếp nhận, 02 bổ sung, 03 từ chối, 04 xin lỗi, "
        "05 dừng giải quyết, 06 phiếu kiểm soát",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, code: str, form: str) -> HttpResponse:
        if form not in SLIP_FORMS:
            raise NotFound(_("Không có biểu mẫu số %(form)s.") % {"form": form})
        now = timezone.now()
        dossier = dossier_open_for(user=request.user, code=code, at=now, purpose=f"slip:{form}")
        # reportlab and pyHanko are loaded by the first slip, not by every web worker at start.
        from motcua.dossiers.paper.slip_seal import slip_issue

        issued = slip_issue(
            dossier=dossier, form=form, at=now, actor=actor_for(cast(User, request.user))
        )
        response = HttpResponse(issued.pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="mau-{form}-{_filename(dossier.code)}.pdf"'
        )
        return response


def _day(value: str | None, field: str, problems: list[FieldProblem]) -> date | None:
    try:
        day = parse_date(value) if value else None
    except ValueError:  # well formed but not a date (2026-13-01)
        day = None
    if day is None:
        problems.append(FieldProblem(field, _("Vui lòng nhập ngày theo định dạng YYYY-MM-DD.")))
    return day


class RegisterBookView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Sổ theo dõi hồ sơ (mẫu 07, XLSX) của một cơ quan tiếp nhận trong một khoảng ngày",
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.STR, required=True),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("unit", OpenApiTypes.INT),
        ],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    def get(self, request: Request) -> HttpResponse:
        params = request.query_params
        problems: list[FieldProblem] = []
        agency = (params.get("agency") or "").strip()
        if not agency:
            problems.append(FieldProblem("agency", _("Vui lòng nhập mã định danh cơ quan.")))
        date_from = _day(params.get("from"), "from", problems)
        date_to = _day(params.get("to"), "to", problems)
        unit = (params.get("unit") or "").strip()
        if unit and not is_ascii_digits(unit):
            problems.append(FieldProblem("unit", _("Mã số bộ phận một cửa phải là số.")))
        if problems or date_from is None or date_to is None:
            raise ValidationFailed(_("Tham số sổ theo dõi hồ sơ không hợp lệ."), problems=problems)
        book = register_book(
            agency_code=agency,
            date_from=date_from,
            date_to=date_to,
            user=request.user,
            unit_id=int(unit) if unit else None,
        )

        response = HttpResponse(register_xlsx(book), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="so-theo-doi-{_filename(book.agency_code)}-'
            f'{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx"'
        )
        return response
