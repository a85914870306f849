"""Competence (thẩm quyền giải quyết): which agency decides a procedure version for a place.

The one home of the rule: dossier submission routes by :func:`competent_agency_for`, and
publication refuses a version that leaves an area of :func:`covered_areas` without a competent
agency (:func:`areas_without_competent_agency`).
"""

from datetime import date

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    AgencyKind,
)
from motcua.catalog.models import Level, ProcedureVersion
from motcua.core.periods import in_force, period_holds
from motcua.core.rows import KeyedQuery

#: The agencies a version names, and the agencies of one administrative unit: each read compiled
#: once per process (a submission asks both), the periods applied here.
_NAMED = KeyedQuery(lambda version_id: Agency.objects.filter(procedure_versions=version_id))
_OF_UNIT = KeyedQuery(lambda unit_id: Agency.objects.filter(administrative_unit_id=unit_id))


def _nearest(candidates: list[Agency], scope: list[int]) -> Agency | None:
    """Nearest first: the commune, its province, then a national agency elsewhere."""
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda a: (
            scope.index(a.administrative_unit_id) if a.administrative_unit_id in scope else 9,
            a.code,
        ),
    )


def competent_agency_for(
    *, version: ProcedureVersion, unit: AdministrativeUnit, on: date
) -> Agency | None:
    """The agency competent for ``version`` in ``unit`` on ``on``, or ``None``.

    The agencies the version names that sit in the commune, then in its province; else an agency
    of the version's competent kind there (the commune first); else the one agency the version
    names, competent for the whole country (a ministry, a national centre).
    """
    scope = [unit.pk] + ([unit.parent_id] if unit.parent_id else [])
    listed = [a for a in _NAMED.instances(version.pk) if period_holds(on, a.valid_from, a.valid_to)]
    named_here = _nearest([a for a in listed if a.administrative_unit_id in scope], scope)
    if named_here is not None:
        return named_here
    kind = version.competent_agency_kind
    if kind:
        for place in scope:
            of_kind = [
                a
                for a in _OF_UNIT.instances(place)
                if a.kind == kind and period_holds(on, a.valid_from, a.valid_to)
            ]
            if of_kind:
                return _nearest(of_kind, scope)
    return listed[0] if len(listed) == 1 else None


def competent_kind_label(version: ProcedureVersion) -> str:
    """The competent agency a version asks for, in words (for messages naming what is missing)."""
    if version.competent_agency_kind:
        return str(AgencyKind(version.competent_agency_kind).label)
    return version.implementing_agency or version.name


#: The level of administrative unit where a version of each level is decided.
_UNIT_LEVEL = {
    Level.COMMUNE: AdministrativeUnitLevel.COMMUNE,
    Level.PROVINCE: AdministrativeUnitLevel.PROVINCE,
}


def covered_areas(*, version: ProcedureVersion, on: date) -> list[AdministrativeUnit]:
    """The areas the catalogue serves for ``version``: the administrative units of the version's
    levels where some agency is in force on ``on`` (a deployment covers the places whose agencies
    it holds; a commune with no agency at all is outside it)."""
    levels = [_UNIT_LEVEL[level] for level in version.levels if level in _UNIT_LEVEL]
    if not levels:
        return []
    hosting = Agency.objects.filter(in_force(on)).values("administrative_unit_id")
    return list(
        AdministrativeUnit.objects.filter(in_force(on), level__in=levels, pk__in=hosting)
        .select_related("parent")
        .order_by("code")
    )


def areas_without_competent_agency(
    *, version: ProcedureVersion, on: date
) -> list[AdministrativeUnit]:
    """The covered areas where no agency is competent for ``version`` on ``on``."""
    return [
        unit
        for unit in covered_areas(version=version, on=on)
        if competent_agency_for(version=version, unit=unit, on=on) is None
    ]
