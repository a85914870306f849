"""Reads the citizen pages need beyond the domain apps' own selectors."""

from datetime import date

from django.db.models import Q, QuerySet

from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel, Applicant, User
from motcua.accounts.services import actor_for
from motcua.dossiers.models import Dossier, IdempotencyRecord
from motcua.dossiers.selectors import dossiers_filed_by


def applicant_of(*, user: User) -> Applicant | None:
    return Applicant.objects.filter(user=user).first()


def communes_by_province(*, on: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """Communes and wards in force on ``on``, grouped by province, for a grouped select."""
    in_force = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    units = (
        AdministrativeUnit.objects.filter(in_force, level=AdministrativeUnitLevel.COMMUNE)
        .select_related("parent")
        .order_by("parent__code", "name")
        .values_list("code", "name", "parent__name")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, province in units:
        groups.setdefault(province or "", []).append((code, name))
    return list(groups.items())


def commune_name(*, code: str) -> str:
    unit = AdministrativeUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None:
        return code
    return f"{unit.name}, {unit.parent.name}" if unit.parent else unit.name


def submitted_dossier_code(*, user: User, key: str) -> str | None:
    """The dossier already accepted for this idempotency key of ``user`` (a repeated click)."""
    record = (
        IdempotencyRecord.objects.filter(client_id=actor_for(user), key=key, dossier__isnull=False)
        .select_related("dossier")
        .first()
    )
    return record.dossier.code if record is not None and record.dossier is not None else None


def my_dossiers(*, user: User) -> QuerySet[Dossier]:
    """The dossiers ``user`` filed as an applicant, newest first (not those they handle as staff)."""
    return dossiers_filed_by(user=user)
