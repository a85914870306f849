"""Reads of agencies, units and officers' roles. Periods: ``valid_from`` inclusive, ``valid_to`` exclusive."""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    OneStopUnit,
    RoleAssignment,
    User,
)
from motcua.core.errors import NotFound
from motcua.core.periods import in_force, period_holds
from motcua.core.rows import KeyedQuery
from motcua.core.text import fold


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
        Agency.objects.filter(in_force(on))
        .select_related("administrative_unit", "parent")
        .order_by("code")
    )


def administrative_units_active(
    *, on: date, level: str | None = None, parent_code: str | None = None
) -> QuerySet[AdministrativeUnit]:
    """Units in force on ``on``, optionally of one level or under the province ``parent_code``."""
    units = AdministrativeUnit.objects.filter(in_force(on))
    if level is not None:
        units = units.filter(level=level)
    if parent_code is not None:
        units = units.filter(parent__code=parent_code)
    return units.order_by("level", "code")


def communes_by_province(*, on: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Communes and wards in force on ``on``, grouped by province, for a grouped select."""
    units = (
        AdministrativeUnit.objects.filter(in_force(on), level=AdministrativeUnitLevel.COMMUNE)
        .select_related("parent")
        .order_by("parent__code", "name")
        .values_list("code", "name", "parent__name")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, province in units:
        groups.setdefault(province or "", []).append((code, name))
    return list(groups.items())


def administrative_unit_get(*, code: str, on: date) -> AdministrativeUnit:
    """The row of unit ``code`` in force on ``on``, or :class:`NotFound`."""
    unit = AdministrativeUnit.objects.filter(in_force(on), code=code).first()
    if unit is None:
        raise NotFound(
            _("Không tìm thấy đơn vị hành chính mã %(code)s hiệu lực ngày %(on)s.")
            % {"code": code, "on": on.strftime("%d/%m/%Y")}
        )
    return unit


def administrative_units_search(*, query: str, on: date) -> QuerySet[AdministrativeUnit]:
    """Units in force whose name contains ``query``, diacritics ignored ("dong da" finds "Đống Đa")."""
    return administrative_units_active(on=on).filter(search_text__contains=fold(query))


#: The attributes of a user object that keep its role assignments read during one request.
_ROLES_READ = "_motcua_roles_read"
_PERIODS_READ = "_motcua_periods_read"


_ONE_STOP_UNITS = KeyedQuery(
    lambda pk: OneStopUnit.objects.select_related("agency").filter(pk=pk)[:1]
)


def one_stop_unit_find(*, pk: int) -> OneStopUnit | None:
    """The one-stop unit ``pk`` with its agency, or ``None``; the statement compiled once (every
    counter submission names its unit)."""
    found = _ONE_STOP_UNITS.instances(pk)
    return found[0] if found else None


def officer_roles_kept(*, user: User) -> None:
    """Let :func:`officer_roles` and :func:`officer_role_keys` keep what they read for ``user`` on
    this very object.

    For a request that changes no role assignment: its user object lives as long as the request,
    and a page asks the same question several times (the access check, the page's own read, the
    menu's entries that depend on a role), a dossier action twice (who may see the dossier, then
    who may act on it with the row locked). A request that writes assignments must not call this,
    so that it reads the roles it changed.
    """
    setattr(user, _ROLES_READ, {})
    setattr(user, _PERIODS_READ, None)


def officer_roles(*, user: User, on: date) -> list[RoleAssignment]:
    """The officer's role assignments in force on ``on``, in agencies in force that day."""
    kept: dict[date, list[RoleAssignment]] | None = getattr(user, _ROLES_READ, None)
    if kept is not None and on in kept:
        return list(kept[on])
    roles = list(
        RoleAssignment.objects.filter(in_force(on), in_force(on, "agency__"), user=user)
        .select_related("agency", "one_stop_unit")
        .order_by("agency__code", "role")
    )
    if kept is not None:
        kept[on] = roles
    return list(roles)


_ASSIGNMENT_PERIODS = KeyedQuery(
    lambda user_id: RoleAssignment.objects.filter(user_id=user_id).values_list(
        "agency_id",
        "role",
        "valid_from",
        "valid_to",
        "agency__valid_from",
        "agency__valid_to",
    )
)


def officer_role_keys(*, user: User, on: date) -> frozenset[tuple[int, str]]:
    """``(agency id, role)`` of each of the officer's assignments in force on ``on``, in agencies in
    force that day: one query answers every role check of an action. An officer holds a handful of
    assignments, so every period is read with one statement compiled once, and ``on`` is applied
    here."""
    return frozenset(
        (agency_id, role)
        for agency_id, role, start, end, agency_start, agency_end in _assignment_periods(user)
        if period_holds(on, start, end) and period_holds(on, agency_start, agency_end)
    )


def _assignment_periods(user: User) -> list[tuple[Any, ...]]:
    """Every assignment of ``user`` with its and its agency's periods; kept on the user object for
    a request that changes none (:func:`officer_roles_kept`)."""
    periods: list[tuple[Any, ...]] | None = getattr(user, _PERIODS_READ, None)
    if periods is None:
        periods = _ASSIGNMENT_PERIODS.rows(user.pk)
        if hasattr(user, _PERIODS_READ):
            setattr(user, _PERIODS_READ, periods)
    return periods


def officer_agency_ids(*, user: User, on: date) -> set[int]:
    """The agencies where the officer holds an assignment in force on ``on`` (whatever the
    agency's own period: the rule of who sees a dossier), from the same statement as
    :func:`officer_role_keys`."""
    return {
        agency_id
        for agency_id, _role, start, end, _agency_start, _agency_end in _assignment_periods(user)
        if period_holds(on, start, end)
    }


def officer_has_role(*, user: User, agency: Agency, role: str, on: date) -> bool:
    return RoleAssignment.objects.filter(
        in_force(on), in_force(on, "agency__"), user=user, agency=agency, role=role
    ).exists()


def officers_holding(*, agency: Agency, role: str, on: date) -> QuerySet[User]:
    """The active officers holding ``role`` in ``agency`` on ``on`` (the agency in force), by name."""
    held = RoleAssignment.objects.filter(in_force(on), in_force(on, "agency__"), role=role)
    return User.objects.filter(
        is_active=True, pk__in=held.filter(agency=agency).values("user_id")
    ).order_by("full_name", "username", "pk")
