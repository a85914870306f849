"""Reads of agencies, units and officers' roles. Periods: ``valid_from`` inclusive, ``valid_to`` exclusive."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import AdministrativeUnit, Agency, RoleAssignment, User
from motcua.core.errors import NotFound
from motcua.core.text import fold


def _valid_on(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def agency_get_by_code(*, code: str) -> Agency:
    """The agency with this electronic identifier code (mã định danh), or :class:`NotFound`."""
    agency = (
        Agency.objects.select_related("administrative_unit", "parent").filter(code=code).first()
    )
    if agency is None:
        raise NotFound(_("Không tìm thấy cơ quan có mã định danh %(code)s.") % {"code": code})
    return agency


def agencies_active(*, on: date) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(_valid_on(on))
        .select_related("administrative_unit", "parent")
        .order_by("code")
    )


def administrative_units_active(
    *, on: date, level: str | None = None, parent_code: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """Units in force on ``on``, optionally of one level or under the province ``parent_code``."""
    units = AdministrativeUnit.objects.filter(_valid_on(on))
    if level is not None:
        units = units.filter(level=level)
    if parent_code is not None:
        units = units.filter(parent__code=parent_code)
    return units.order_by("level", "code")


def administrative_unit_get(*, code: str, on: date) -> AdministrativeUnit:
    """The row of unit ``code`` in force on ``on``, or :class:`NotFound`."""
    unit = AdministrativeUnit.objects.filter(_valid_on(on), code=code).first()
    if unit is None:
        raise NotFound(
            _("Không tìm thấy đơn vị hành chính mã %(code)s hiệu lực ngày %(on)s.")
            % {"code": code, "on": on.strftime("%d/%m/%Y")}
        )
    return unit


def administrative_units_search(*, query: str, on: date) -> QuerySet[AdministrativeUnit]:
    """Units in force whose name contains ``query``, diacritics ignored ("dong da" finds "Đống Đa")."""
    return administrative_units_active(on=on).filter(search_text__contains=fold(query))


def officer_roles(*, user: User, on: date) -> list[RoleAssignment]:
    """The officer's role assignments in force on ``on``, in agencies in force that day."""
    return list(
        RoleAssignment.objects.filter(_valid_on(on), _valid_on(on, "agency__"), user=user)
        .select_related("agency", "one_stop_unit")
        .order_by("agency__code", "role")
    )


def officer_role_keys(*, user: User, on: date) -> frozenset[tuple[int, str]]:
    """``(agency id, role)`` of each of the officer's assignments in force on ``on``, in agencies in
    force that day: one query answers every role check of an action."""
    return frozenset(
        RoleAssignment.objects.filter(
            _valid_on(on), _valid_on(on, "agency__"), user=user
        ).values_list("agency_id", "role")
    )


def officer_has_role(*, user: User, agency: Agency, role: str, on: date) -> bool:
    return RoleAssignment.objects.filter(
        _valid_on(on), _valid_on(on, "agency__"), user=user, agency=agency, role=role
    ).exists()
