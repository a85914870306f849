"""Reads the back-office pages need, built on the selectors of the lower apps.

Every dossier read starts from :func:`motcua.dossiers.selectors.dossiers_visible_to` (through
``work_queue_holds`` or ``dossier_get_for``), so the back-office never sees another agency's dossier.
"""

import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
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
    officer_role_keys,
    officer_roles,
)
from motcua.catalog.models import Procedure
from motcua.core.branches import counts_capped, union_all_rows
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation, DossierStatus
from motcua.dossiers.routing import work_queue_holds
from motcua.dossiers.selectors import OPEN_STATUSES, WORK_QUEUE_ORDER, late_at


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


#: Past this many, a count of the work queue says "more than" rather than read on.
QUEUE_COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueCursor:
    """Where a page of the work queue ends, in its order (late first, then the soonest due, then
    the code): the last row's key. Keyset pagination: the next page starts after it."""

    marked_late: bool
    due_at: datetime | None
    code: str

    def encode(self) -> str:
        due = self.due_at.isoformat() if self.due_at else ""
        raw = f"{int(self.marked_late)}|{due}|{self.code}".encode()
        return urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "QueueCursor":
        """The cursor ``value`` names; ValueError when it is not one this module wrote."""
        try:
            raw = urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            late, due, code = raw.split("|", 2)
            due_at = datetime.fromisoformat(due) if due else None
        except (ValueError, UnicodeDecodeError, binascii.Error) as error:
            raise ValueError(value) from error
        if late not in {"0", "1"} or not code or (due_at is not None and due_at.tzinfo is None):
            raise ValueError(value)
        return cls(marked_late=late == "1", due_at=due_at, code=code)

    def after(self) -> Q:
        """The rows that come after this key in the queue's order (NULL due moments last)."""
        same = Q(due_at__isnull=True, code__gt=self.code)
        if self.due_at is not None:
            same = (
                Q(due_at__gt=self.due_at)
                | Q(due_at__isnull=True)
                | Q(due_at=self.due_at, code__gt=self.code)
            )
        later = Q(marked_late=self.marked_late) & same
        return later | Q(marked_late=False) if self.marked_late else later


def _queue_key(dossier_key: tuple[bool, datetime | None, str, int]) -> tuple[object, ...]:
    marked_late, due_at, code, _pk = dossier_key
    return (not marked_late, due_at is None, due_at or datetime.min.replace(tzinfo=UTC), code)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A dossier as a row of the work queue shows it (the columns of :data:`_ENTRY_COLUMNS`)."""

    code: str
    status: str
    procedure_version_id: int
    current_step: int | None
    due_at: datetime | None
    step_due_at: datetime | None
    procedure_name: str
    national_code: str
    local_suffix: str
    primary_alias: str
    applicant_name: str
    late: bool
    apology_pending: bool
    consultation_pending: bool
    assigned_to_me: bool

    @property
    def procedure_code(self) -> str:
        return Procedure.code_of(self.national_code, self.local_suffix, self.primary_alias)


_ENTRY_COLUMNS = (
    "code",
    "status",
    "procedure_version_id",
    "current_step",
    "due_at",
    "step_due_at",
    "procedure_version__name",
    "procedure_version__procedure__national_code",
    "procedure_version__procedure__local_suffix",
    "procedure_version__procedure__primary_alias",
    "applicant__name",
    "late",
    "apology_pending",
    "consultation_pending",
    "assigned_to_me",
)


@dataclass(frozen=True)
class Queue:
    """A page of the work queue and its counts, each capped at :data:`QUEUE_COUNT_CAP` + 1."""

    dossiers: list[QueueEntry]
    next: QueueCursor | None
    total: int
    late: int
    due_today: int


def officer_queue(
    *,
    user: User,
    now: datetime,
    status: str = "",
    procedure: str = "",
    after: QueueCursor | None = None,
    size: int = 20,
) -> Queue:
    """The officer's work queue (late first, then soonest due), filtered, a page after ``after``,
    with its counts.

    A leader also finds there the open dossiers of their agency whose apology letter (form 04)
    was drafted and waits for their approval, whatever step they are at; an officer of a consulted
    agency, the dossiers waiting for their agency's opinion. Each row says so.

    Each of these is a branch read on its own index range (the steps held, from
    ``dossier_work_queue_idx``; the pending apologies and open consultations, from their own
    small tables), all in one statement, merged here; the counts are one more statement.
    """
    day = timezone.localdate(now)
    # (agency, role) pairs: one statement compiled once, which the access check already read.
    held_steps = officer_role_keys(user=user, on=day) if user.is_active else frozenset()
    branches: list[Q] = []
    if user.is_active and user.is_superuser:
        branches.append(Q(status__in=OPEN_STATUSES))
    else:
        branches += [b & Q(status__in=OPEN_STATUSES) for b in work_queue_holds(held=held_steps)]
    pending = DossierApology.objects.filter(approved_at__isnull=True)
    led = sorted({agency for agency, role in held_steps if role == Role.LEADER})
    if led:
        branches.append(
            Q(
                pk__in=pending.values("dossier_id"),
                status__in=OPEN_STATUSES,
                competent_agency_id__in=led,
                rescheduled_once=False,
            )
        )
    # Liên thông: an agency whose opinion was asked finds the dossier in its queue until it answers.
    held = sorted({agency for agency, _role in held_steps})
    asked = DossierConsultation.objects.filter(agency_id__in=held, answered_at__isnull=True)
    if held:
        branches.append(
            Q(
                pk__in=asked.values("dossier_id"),
                status__in=[*OPEN_STATUSES, DossierStatus.SUPPLEMENT_REQUESTED],
            )
        )
    if not branches:
        return Queue(dossiers=[], next=None, total=0, late=0, due_today=0)
    chosen = Q()
    if status:
        chosen &= Q(status=status)
    if procedure:
        chosen &= Q(procedure_version__procedure__national_code=procedure)
    # Phân công xử lý: the dossiers named to this officer open the first page, in the queue's
    # order, read as one more branch of the same statement; the cursor and the pages that follow
    # keep the queue's own order.
    named = Q(assignee=user, status__in=OPEN_STATUSES, current_role=Role.SPECIALIST)
    # Each branch resolved once, in the queue's order, for the page's keys and its counts alike.
    in_branches = [
        Dossier.objects.filter(branch).order_by(*WORK_QUEUE_ORDER) for branch in branches
    ]
    parts = [(dossiers, False) for dossiers in in_branches]
    if after is None and user.is_active:
        parts.append((Dossier.objects.filter(named).order_by(*WORK_QUEUE_ORDER), True))
    main: dict[int, tuple[bool, datetime | None, str, int]] = {}
    mine: dict[int, tuple[bool, datetime | None, str, int]] = {}
    for row in union_all_rows(
        [
            dossiers.filter(chosen, after.after() if after else Q())
            .annotate(named=Value(is_named, output_field=BooleanField()))
            .values_list("marked_late", "due_at", "code", "pk", "named")[: size + 1]
            for dossiers, is_named in parts
        ]
    ):
        (mine if row[4] else main)[row[3]] = row[:4]
    ordered = sorted(main.values(), key=_queue_key)[: size + 1]
    more = len(ordered) > size
    ordered = ordered[:size]
    last = ordered[-1] if more else None
    first = sorted(mine.values(), key=_queue_key)[:size]
    ordered = first + [key for key in ordered if key[3] not in mine]
    # Only the columns a row of the page shows, as tuples: twenty models with five related ones
    # each would cost more to build than the page costs to render.
    rows = {
        # The four flags last, as booleans (a comparison with a NULL assignee reads NULL).
        row[0]: QueueEntry(*row[1:-4], *map(bool, row[-4:]))
        for row in Dossier.objects.filter(pk__in=[key[3] for key in ordered])
        .annotate(
            late=late_at(now),
            apology_pending=Exists(pending.filter(dossier_id=OuterRef("pk"))),
            consultation_pending=Exists(asked.filter(dossier_id=OuterRef("pk"))),
            assigned_to_me=ExpressionWrapper(Q(assignee_id=user.pk), output_field=BooleanField()),
        )
        .values_list("pk", *_ENTRY_COLUMNS)
    }
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    late_q = Q(due_at__lt=now) | Q(step_due_at__lt=now)
    today_q = ~late_q & Q(due_at__gte=start, due_at__lt=end)
    # In the queue's order, each branch reads its index range only as far as the cap.
    ids = [dossiers.values_list("pk") for dossiers in in_branches]
    total, late, due_today = counts_capped(
        [
            [branch_ids.filter(chosen) if chosen else branch_ids for branch_ids in ids],
            [branch_ids.filter(late_q) for branch_ids in ids],
            [branch_ids.filter(today_q) for branch_ids in ids],
        ],
        cap=QUEUE_COUNT_CAP,
    )
    return Queue(
        dossiers=[rows[key[3]] for key in ordered if key[3] in rows],
        next=QueueCursor(marked_late=last[0], due_at=last[1], code=last[2]) if last else None,
        total=total,
        late=late,
        due_today=due_today,
    )


def consult_agency_choices(*, dossier: Dossier, on: date) -> list[tuple[str, str]]:
    """The agencies in force that may be consulted on ``dossier``: all but the competent one."""
    return [
        (agency.code, f"{agency.name} ({agency.code})")
        for agency in agencies_active(on=on)
        .exclude(pk=dossier.competent_agency_id)
        .order_by("name", "code")
    ]
