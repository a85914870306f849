"""Reads the citizen pages need beyond the domain apps' own selectors."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.actors import actor_for
from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Applicant,
    OneStopUnit,
    User,
)
from motcua.accounts.selectors import communes_by_province
from motcua.appointments.models import BookingCapacity
from motcua.catalog.competence import competent_agency_for, covered_areas
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import NotFound
from motcua.core.periods import in_force
from motcua.core.text import fold
from motcua.dossiers.fees import fee_due
from motcua.dossiers.models import Dossier, DossierStatus, IdempotencyRecord
from motcua.dossiers.routing import online_receiving_unit
from motcua.dossiers.selectors import dossiers_filed_by
from motcua.feedback.models import DossierRating, Feedback
from motcua.portal.models import ApplicationDraft

#: Where a fee can still be due: the dossier is open, or its result waits to be paid for.
OPEN_FOR_PAYMENT = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.RESULT_READY,
)


def applicant_of(*, user: User) -> Applicant | None:
    return Applicant.objects.filter(user=user).first()


def commune_name(*, code: str) -> str:
    unit = AdministrativeUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None:
        return code
    return f"{unit.name}, {unit.parent.name}" if unit.parent else unit.name


def submitted_dossier_code(*, user: User, key: str) -> str | None:
    """The dossier already accepted for this idempotency key of ``user`` (a repeated click)."""
    record = (
        IdempotencyRecord.objects.filter(
            client_id=actor_for(user), scope="", key=key, dossier__isnull=False
        )
        .select_related("dossier")
        .first()
    )
    return record.dossier.code if record is not None and record.dossier is not None else None


def my_dossiers(*, user: User) -> QuerySet[Dossier]:
    """The dossiers ``user`` filed as an applicant, newest first (not those they handle as staff)."""
    return dossiers_filed_by(user=user)


def draft_latest(*, user: User, procedure: str) -> ApplicationDraft | None:
    """The account's most recently touched application in progress for ``procedure``."""
    return (
        ApplicationDraft.objects.filter(user=user, procedure=procedure)
        .order_by("-updated_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Places:
    """Where an application can be decided ("Nơi giải quyết"), as the form offers it."""

    #: (province, [(code, name)]) for a grouped select
    groups: list[tuple[str, list[tuple[str, str]]]]
    #: a place of the province level: no ward is asked
    province_level: bool


def places_for(*, version: ProcedureVersion, on: date) -> Places:
    """The places the catalogue serves for ``version`` (competence decides, not the portal): the
    provinces for a procedure decided by the province, else the communes; every commune when the
    version names no level the catalogue maps to a place (a ministry's)."""
    areas = covered_areas(version=version, on=on)
    if not areas:
        return Places(
            groups=[(p, list(u)) for p, u in communes_by_province(on=on)],
            province_level=False,
        )
    communes = [a for a in areas if a.level == AdministrativeUnitLevel.COMMUNE]
    if not communes:
        return Places(
            groups=[("", sorted(((a.code, a.name) for a in areas), key=lambda c: c[1]))],
            province_level=True,
        )
    groups: dict[str, list[tuple[str, str]]] = {}
    for unit in sorted(communes, key=lambda u: (u.parent.name if u.parent else "", u.name)):
        groups.setdefault(unit.parent.name if unit.parent else "", []).append(
            (unit.code, unit.name)
        )
    return Places(
        groups=list(groups.items()),
        province_level=False,
    )


def place_suggested(*, places: Places, residence_commune: str) -> str:
    """The place to start with: the applicant's commune of residence (or its province), when the
    catalogue serves it; the only place when there is one."""
    codes = [code for _group, units in places.groups for code, _name in units]
    if len(codes) == 1:
        return codes[0]
    if not residence_commune:
        return ""
    if places.province_level:
        unit = AdministrativeUnit.objects.filter(code=residence_commune).first()
        residence_commune = unit.parent.code if unit is not None and unit.parent else ""
    return residence_commune if residence_commune in codes else ""


@dataclass(frozen=True)
class Competent:
    agency: str
    receiving_unit: str


def competent_for(*, version: ProcedureVersion, unit_code: str, on: date) -> Competent | None:
    """Who decides ``version`` for the place ``unit_code`` and which one-stop unit receives it
    online, as competence and routing answer (the portal only names them)."""
    unit = AdministrativeUnit.objects.filter(code=unit_code).select_related("parent").first()
    if unit is None:
        return None
    agency = competent_agency_for(version=version, unit=unit, on=on)
    if agency is None:
        return None
    receiving = online_receiving_unit(competent=agency, on=on)
    return Competent(agency=agency.name, receiving_unit=receiving.name if receiving else "")


class Need(StrEnum):
    """What a dossier waits on its applicant for, in the order the inbox puts them."""

    SUPPLEMENT = "supplement"
    PAYMENT = "payment"
    COLLECT = "collect"
    RATE = "rate"


NEED_ORDER = list(Need)
#: A returned dossier asks for its rating for this long; after that it is simply done.
RATING_WINDOW = timedelta(days=30)
#: The inbox is a short list of things to do, never a second copy of every dossier.
INBOX_LIMIT = 50


@dataclass(frozen=True)
class InboxEntry:
    need: Need
    dossier: Dossier


def my_inbox(*, user: User, now: datetime) -> list[InboxEntry]:
    """The citizen's dossiers that need them now: a supplement asked, a fee due, a result to
    collect, a rating to give; in that order, the most pressing due date first in each."""
    mine = my_dossiers(user=user).order_by()
    waiting = Q(status=DossierStatus.SUPPLEMENT_REQUESTED) | Q(status=DossierStatus.RESULT_READY)
    unpaid = Q(fee_amount__gt=0, paid_at__isnull=True, status__in=OPEN_FOR_PAYMENT)
    rated = DossierRating.objects.filter(dossier_code=OuterRef("code"))
    to_rate = Q(status=DossierStatus.RETURNED, closed_at__gte=now - RATING_WINDOW)
    entries: list[InboxEntry] = []
    for dossier in mine.filter(waiting | unpaid)[:INBOX_LIMIT]:
        if dossier.status == DossierStatus.SUPPLEMENT_REQUESTED:
            entries.append(InboxEntry(Need.SUPPLEMENT, dossier))
        if fee_due(dossier):
            entries.append(InboxEntry(Need.PAYMENT, dossier))
        if dossier.status == DossierStatus.RESULT_READY and not fee_due(dossier):
            entries.append(InboxEntry(Need.COLLECT, dossier))
    entries.extend(
        InboxEntry(Need.RATE, dossier)
        for dossier in mine.filter(to_rate).exclude(Exists(rated))[:INBOX_LIMIT]
    )
    far = datetime.max.replace(tzinfo=UTC)
    entries.sort(key=lambda e: (NEED_ORDER.index(e.need), e.dossier.due_at or far, e.dossier.pk))
    return entries[:INBOX_LIMIT]


@dataclass(frozen=True)
class DraftEntry:
    procedure: str
    name: str
    updated_at: datetime


def my_drafts(*, user: User, on: date) -> list[DraftEntry]:
    """The account's applications in progress (hồ sơ nộp dở), newest first, with the names of
    their procedures as published today (a draft of a withdrawn procedure is not offered)."""
    found = []
    for row in ApplicationDraft.objects.filter(user=user).order_by("-updated_at", "-pk")[:20]:
        try:
            version = procedure_version_current(code=row.procedure, on=on)
        except NotFound:
            continue
        found.append(
            DraftEntry(procedure=row.procedure, name=version.name, updated_at=row.updated_at)
        )
    return found


def feedback_of_account(*, user: User | AnonymousUser, code: str) -> Feedback | None:
    """The item ``code`` when ``user`` sent it signed in (no access key needed then)."""
    if not isinstance(user, User):
        return None
    return Feedback.objects.select_related("agency").filter(code=code, sender_user=user).first()


def my_feedback(*, user: User) -> list[Feedback]:
    """The feedback items the account sent, newest first (the last twenty)."""
    return list(Feedback.objects.filter(sender_user=user).order_by("-received_at", "-pk")[:20])


@dataclass(frozen=True)
class Office:
    """A one-stop unit as the office finder shows it (nơi nộp hồ sơ, trả kết quả)."""

    name: str
    address: str
    phone: str
    opening_hours: str
    map_url: str
    place: str
    #: The unit's id when it takes counter appointments (đặt lịch hẹn), else None.
    booking_unit: int | None = None


def offices(*, on: date, query: str = "") -> list[Office]:
    """The one-stop units in force on ``on`` (any of them accepts any procedure), matching
    ``query`` in their name, address or place (accents and letter case ignored)."""
    units = (
        OneStopUnit.objects.filter(in_force(on))
        .select_related("agency__administrative_unit__parent")
        .order_by("name", "pk")
    )
    bookable = set(BookingCapacity.objects.values_list("one_stop_unit_id", flat=True))
    wanted = fold(query)
    found = []
    for unit in units:
        area = unit.agency.administrative_unit
        place = ", ".join(n for n in (area.name, area.parent.name if area.parent else "") if n)
        if wanted and wanted not in fold(f"{unit.name} {unit.address} {place}"):
            continue
        where = ", ".join(p for p in (unit.address, place) if p)
        found.append(
            Office(
                name=unit.name,
                address=unit.address,
                phone=unit.phone,
                opening_hours=unit.opening_hours,
                map_url=f"https://www.openstreetmap.org/search?{urlencode({'query': where})}",
                place=place,
                booking_unit=unit.pk if unit.pk in bookable else None,
            )
        )
    return found
