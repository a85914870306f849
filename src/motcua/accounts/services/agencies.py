"""Agencies, one-stop units (Bộ phận Một cửa) and their counters. Atomic and audited."""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import (
    check_agency_code,
)
from motcua.accounts.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Counter,
    OneStopUnit,
)
from motcua.accounts.services.checks import check_period, clean_name, raise_problems
from motcua.core.errors import FieldProblem
from motcua.core.services import audit_append
from motcua.core.text import nfc

# Agencies, one-stop units, counters --------------------------------------------------------


def agency_create(
    *,
    code: str,
    name: str,
    kind: str,
    administrative_unit: AdministrativeUnit,
    valid_from: date,
    at: datetime,
    actor: str,
    parent: Agency | None = None,
    valid_to: date | None = None,
) -> Agency:
    """Create an agency (cơ quan) with its electronic identifier code (mã định danh điện tử)."""
    problems: list[FieldProblem] = []
    checked = check_agency_code(code)
    if not checked.valid:
        problems.append(FieldProblem("code", checked.reason))
    name = clean_name(name, "name", _("Tên cơ quan"), problems)
    if kind not in AgencyKind.values:
        problems.append(FieldProblem("kind", _("Loại cơ quan không hợp lệ.")))
    check_period(valid_from, valid_to, problems)
    if parent is not None and parent.valid_to is not None and parent.valid_to <= valid_from:
        problems.append(FieldProblem("parent", _("Cơ quan cấp trên đã hết hiệu lực.")))
    with transaction.atomic():
        if checked.valid and Agency.objects.filter(code=checked.value).exists():
            problems.append(
                FieldProblem(
                    "code", _("Mã định danh %(code)s đã được dùng.") % {"code": checked.value}
                )
            )
        raise_problems(_("Không tạo được cơ quan."), problems)
        agency = Agency.objects.create(
            code=checked.value,
            name=name,
            kind=kind,
            administrative_unit=administrative_unit,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="agency.create",
            object_type="agency",
            object_id=str(agency.pk),
            at=at,
            data={"code": agency.code, "name": agency.name, "kind": kind},
        )
    return agency


def one_stop_unit_create(
    *,
    agency: Agency,
    name: str,
    valid_from: date,
    at: datetime,
    actor: str,
    address: str = "",
    phone: str = "",
    opening_hours: str = "",
    valid_to: date | None = None,
) -> OneStopUnit:
    """Create a one-stop unit (Bộ phận Một cửa, Trung tâm Phục vụ hành chính công) of an agency."""
    problems: list[FieldProblem] = []
    name = clean_name(name, "name", _("Tên bộ phận một cửa"), problems)
    check_period(valid_from, valid_to, problems)
    raise_problems(_("Không tạo được bộ phận một cửa."), problems)
    with transaction.atomic():
        unit = OneStopUnit.objects.create(
            agency=agency,
            name=name,
            address=nfc(address).strip(),
            phone=nfc(phone).strip(),
            opening_hours=nfc(opening_hours).strip(),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="one_stop_unit.create",
            object_type="one_stop_unit",
            object_id=str(unit.pk),
            at=at,
            data={"agency": agency.code, "name": unit.name},
        )
    return unit


def counter_create(
    *, one_stop_unit: OneStopUnit, number: int, at: datetime, actor: str, label: str = ""
) -> Counter:
    """Create a reception counter (quầy tiếp nhận) with a number unique in its one-stop unit."""
    problems: list[FieldProblem] = []
    if number < 1:
        problems.append(FieldProblem("number", _("Số quầy phải là số nguyên dương.")))
    with transaction.atomic():
        if Counter.objects.filter(one_stop_unit=one_stop_unit, number=number).exists():
            problems.append(
                FieldProblem("number", _("Quầy số %(number)d đã có.") % {"number": number})
            )
        raise_problems(_("Không tạo được quầy tiếp nhận."), problems)
        counter = Counter.objects.create(
            one_stop_unit=one_stop_unit, number=number, label=nfc(label).strip()
        )
        audit_append(
            actor=actor,
            action="counter.create",
            object_type="counter",
            object_id=str(counter.pk),
            at=at,
            data={"one_stop_unit": one_stop_unit.pk, "number": number},
        )
    return counter
