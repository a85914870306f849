"""Reads the back-office pages need, built on the selectors of the lower apps.

Every dossier read starts from :func:`motcua.dossiers.selectors.dossiers_visible_to` (through
``work_queue`` or ``dossier_get_for``), so the back-office never sees another agency's dossier.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Applicant,
    OneStopUnit,
    Role,
    User,
)
from motcua.accounts.selectors import (
    administrative_units_active,
    agencies_active,
    officer_roles,
)
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation, DossierStatus
from motcua.dossiers.selectors import OPEN_STATUSES, work_queue


def officer_one_stop_unit(*, user: User, on: date) -> OneStopUnit | None:
    """The one-stop unit where ``user`` works as a one-stop officer on ``on`` (the first one)."""
    for assignment in officer_roles(user=user, on=on):
        if assignment.role != Role.ONE_STOP_OFFICER:
            continue
        if assignment.one_stop_unit is not None:
            return assignment.one_stop_unit
        unit = assignment.agency.one_stop_units.order_by("pk").first()
        if unit is not None:
            return unit
    return None


def intake_units(*, unit: OneStopUnit, on: date) -> list[AdministrativeUnit]:
    """The province of ``unit``'s agency and its communes and wards, province first."""
    home = unit.agency.administrative_unit
    province = (
        home.parent if home.level != AdministrativeUnitLevel.PROVINCE and home.parent else home
    )
    communes = administrative_units_active(on=on, parent_code=province.code).order_by("name")
    return [province, *communes]


def applicant_find(*, personal_id: str) -> Applicant | None:
    """The applicant already known by this personal ID (to prefill the counter form), if any."""
    value = personal_id.strip()
    if not value:
        return None
    return Applicant.objects.filter(personal_id=value).first()


@dataclass(frozen=True)
class Queue:
    dossiers: QuerySet[Dossier]
    late: int
    due_today: int


def officer_queue(*, user: User, now: datetime, status: str = "", procedure: str = "") -> Queue:
    """The officer's work queue (late first, then soonest due), filtered, with its counts.

    A leader also finds there the open dossiers of their agency whose apology letter (form 04)
    was drafted and waits for their approval, whatever step they are at; an officer of a consulted
    agency, the dossiers waiting for their agency's opinion. Each row says so.
    """
    day = timezone.localdate(now)
    dossiers = work_queue(user=user, on=now)
    pending = Exists(
        DossierApology.objects.filter(dossier_id=OuterRef("pk"), approved_at__isnull=True)
    )
    led = [a.agency_id for a in officer_roles(user=user, on=day) if a.role == Role.LEADER]
    if led:
        dossiers = dossiers | Dossier.objects.filter(
            pending,
            status__in=OPEN_STATUSES,
            competent_agency_id__in=led,
            rescheduled_once=False,
        )
    # Liên thông: an agency whose opinion was asked finds the dossier in its queue until it answers.
    held = [a.agency_id for a in officer_roles(user=user, on=day)]
    asked = Exists(
        DossierConsultation.objects.filter(
            dossier_id=OuterRef("pk"), agency_id__in=held, answered_at__isnull=True
        )
    )
    if held:
        dossiers = dossiers | Dossier.objects.filter(
            asked, status__in=[*OPEN_STATUSES, DossierStatus.SUPPLEMENT_REQUESTED]
        )
    dossiers = dossiers.annotate(apology_pending=pending, consultation_pending=asked)
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    late_q = Q(due_at__lt=now) | Q(step_due_at__lt=now)
    late = dossiers.filter(late_q).count()
    due_today = dossiers.exclude(late_q).filter(due_at__gte=start, due_at__lt=end).count()
    if status:
        dossiers = dossiers.filter(status=status)
    if procedure:
        dossiers = dossiers.filter(procedure_version__procedure__national_code=procedure)
    return Queue(dossiers=dossiers, late=late, due_today=due_today)


def consult_agency_choices(*, dossier: Dossier, on: date) -> list[tuple[str, str]]:
    """The agencies in force that may be consulted on ``dossier``: all but the competent one."""
    return [
        (agency.code, f"{agency.name} ({agency.code})")
        for agency in agencies_active(on=on)
        .exclude(pk=dossier.competent_agency_id)
        .order_by("name", "code")
    ]
