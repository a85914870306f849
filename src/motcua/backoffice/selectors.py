"""Reads the back-office pages need, built on the selectors of the lower apps.

Every dossier read starts from :func:`motcua.dossiers.selectors.dossiers_visible_to` (through
``work_queue_holds`` or ``dossier_get_for``), so the back-office never sees another agency's dossier.
"""

import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
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
from motcua.core.branches import counts_capped_statement, union_all_statement
from motcua.core.kept import kept_a_while
from motcua.core.shapes import ShapedQuery, Statement, queryset_statement
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

#: How long the queue's counts are kept for one scope (the officer's roles) and filters: counting
#: cost two thirds of the page's database time, and an officer reads the figures, not the rows,
#: as a summary (the page says when they were counted; the officer's own action renews them).
QUEUE_COUNTS_KEPT = timedelta(seconds=30)


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
    """A page of the work queue and its counts, each capped at :data:`QUEUE_COUNT_CAP` + 1, as
    counted at ``counted_at`` (at most :data:`QUEUE_COUNTS_KEPT` before the page)."""

    dossiers: list[QueueEntry]
    next: QueueCursor | None
    total: int
    late: int
    due_today: int
    counted_at: datetime


@dataclass(frozen=True)
class _QueueShape:
    """What the statements of a work queue's page depend on, beside their values: who asks
    (their (agency, role) pairs), which filters are set, and where the page starts."""

    superuser: bool
    held: tuple[tuple[int, str], ...]
    status: bool
    procedure: bool
    #: After a cursor: whether its row was marked late and has a due moment; None: the first page.
    after: tuple[bool, bool] | None
    #: The dossiers named to the officer open the first page (phân công xử lý).
    named: bool
    size: int
    #: The rows' statement: how many ids it binds (0 for the others).
    row_slots: int = 0


@dataclass(frozen=True)
class _QueueValues:
    """The values of a work queue's statements, real or stand-ins; those the shape leaves out
    are not in ``as_tuple``."""

    user: int
    now: datetime
    start: datetime
    end: datetime
    status: str = ""
    procedure: str = ""
    due_at: datetime | None = None
    code: str = ""

    def as_tuple(self, shape: _QueueShape) -> tuple[object, ...]:
        values: list[object] = [self.user, self.now, self.start, self.end]
        values += [self.status] if shape.status else []
        values += [self.procedure] if shape.procedure else []
        if shape.after is not None:
            values += [self.due_at] if shape.after[1] else []
            values.append(self.code)
        return tuple(values)

    @classmethod
    def of(cls, shape: _QueueShape, values: tuple[Any, ...]) -> "_QueueValues":
        user, now, start, end, *rest = values
        status = rest.pop(0) if shape.status else ""
        procedure = rest.pop(0) if shape.procedure else ""
        due_at = rest.pop(0) if shape.after is not None and shape.after[1] else None
        code = rest.pop(0) if shape.after is not None else ""
        return cls(user, now, start, end, status, procedure, due_at, code)


def _queue_branches(shape: _QueueShape) -> list[Q]:
    """The sources of the queue, each one index range (see :func:`officer_queue`)."""
    if shape.superuser:
        return [Q(status__in=OPEN_STATUSES)]
    branches = [b & Q(status__in=OPEN_STATUSES) for b in work_queue_holds(held=shape.held)]
    if led := _led(shape):
        branches.append(
            Q(
                pk__in=_apologies_pending().values("dossier_id"),
                status__in=OPEN_STATUSES,
                competent_agency_id__in=led,
                rescheduled_once=False,
            )
        )
    # Liên thông: an agency whose opinion was asked finds the dossier in its queue until it answers.
    if held := _held_agencies(shape):
        branches.append(
            Q(
                pk__in=_consultations_open(held).values("dossier_id"),
                status__in=[*OPEN_STATUSES, DossierStatus.SUPPLEMENT_REQUESTED],
            )
        )
    return branches


def _led(shape: _QueueShape) -> list[int]:
    return sorted({agency for agency, role in shape.held if role == Role.LEADER})


def _held_agencies(shape: _QueueShape) -> list[int]:
    return sorted({agency for agency, _role in shape.held})


def _apologies_pending() -> QuerySet[DossierApology]:
    return DossierApology.objects.filter(approved_at__isnull=True)


def _consultations_open(agencies: list[int]) -> QuerySet[DossierConsultation]:
    return DossierConsultation.objects.filter(agency_id__in=agencies, answered_at__isnull=True)


def _in_branches(shape: _QueueShape) -> list[QuerySet[Dossier]]:
    # Each branch resolved once, in the queue's order, for the page's keys and its counts alike.
    return [
        Dossier.objects.filter(branch).order_by(*WORK_QUEUE_ORDER)
        for branch in _queue_branches(shape)
    ]


def _chosen(shape: _QueueShape, values: _QueueValues) -> Q:
    chosen = Q()
    if shape.status:
        chosen &= Q(status=values.status)
    if shape.procedure:
        chosen &= Q(procedure_version__procedure__national_code=values.procedure)
    return chosen


def _keys_statement(shape: _QueueShape, raw: tuple[Any, ...]) -> Statement | None:
    """The page's keys: each branch's first ``size + 1`` rows after the cursor, in one statement."""
    values = _QueueValues.of(shape, raw)
    after = Q()
    if shape.after is not None:
        after = QueueCursor(
            marked_late=shape.after[0], due_at=values.due_at, code=values.code
        ).after()
    parts = [(dossiers, False) for dossiers in _in_branches(shape)]
    if shape.named:
        named = Q(assignee_id=values.user, status__in=OPEN_STATUSES, current_role=Role.SPECIALIST)
        parts.append((Dossier.objects.filter(named).order_by(*WORK_QUEUE_ORDER), True))
    return union_all_statement(
        [
            dossiers.filter(_chosen(shape, values), after)
            .annotate(named=Value(is_named, output_field=BooleanField()))
            .values_list("marked_late", "due_at", "code", "pk", "named")[: shape.size + 1]
            for dossiers, is_named in parts
        ]
    )


#: A page shows up to ``size`` dossiers named to the officer and ``size`` of the queue's own.
_ROW_IDS = 2


def _row_slots(count: int, size: int) -> int:
    """How many ids the rows' statement of a page of ``count`` dossiers binds: a page's worth, or
    two when dossiers named to the officer open it, so that each officer's pages share two
    shapes. Not always two pages' worth: psycopg keeps the parsed form of a statement of at most
    50 parameters only, and parses a longer one again on every run (a tenth of a millisecond)."""
    return size if count <= size else _ROW_IDS * size


def _rows_statement(shape: _QueueShape, raw: tuple[Any, ...]) -> Statement | None:
    """The rows of the page's dossiers (the values end with their ids)."""
    values = _QueueValues.of(shape, raw[: len(raw) - shape.row_slots])
    ids = list(raw[len(raw) - shape.row_slots :])
    return queryset_statement(
        Dossier.objects.filter(pk__in=ids)
        .annotate(
            late=late_at(values.now),
            apology_pending=Exists(_apologies_pending().filter(dossier_id=OuterRef("pk"))),
            consultation_pending=Exists(
                _consultations_open(_held_agencies(shape)).filter(dossier_id=OuterRef("pk"))
            ),
            assigned_to_me=ExpressionWrapper(
                Q(assignee_id=values.user), output_field=BooleanField()
            ),
        )
        .values_list("pk", *_ENTRY_COLUMNS)
    )


def _counts_statement(shape: _QueueShape, raw: tuple[Any, ...]) -> Statement | None:
    values = _QueueValues.of(shape, raw)
    late_q = Q(due_at__lt=values.now) | Q(step_due_at__lt=values.now)
    today_q = ~late_q & Q(due_at__gte=values.start, due_at__lt=values.end)
    chosen = _chosen(shape, values)
    # In the queue's order, each branch reads its index range only as far as the cap.
    ids = [dossiers.values_list("pk") for dossiers in _in_branches(shape)]
    return counts_capped_statement(
        [
            [branch_ids.filter(chosen) if chosen else branch_ids for branch_ids in ids],
            [branch_ids.filter(late_q) for branch_ids in ids],
            [branch_ids.filter(today_q) for branch_ids in ids],
        ],
        cap=QUEUE_COUNT_CAP,
    )


#: The queue's three statements, compiled once per shape: the page's keys, its rows, its counts.
_QUEUE_KEYS = ShapedQuery()
_QUEUE_ROWS = ShapedQuery()
_QUEUE_COUNTS = ShapedQuery()


def officer_queue(
    *,
    user: User,
    now: datetime,
    status: str = "",
    procedure: str = "",
    after: QueueCursor | None = None,
    size: int = 20,
    counted_after: datetime | None = None,
) -> Queue:
    """The officer's work queue (late first, then soonest due), filtered, a page after ``after``,
    with its counts.

    A leader also finds there the open dossiers of their agency whose apology letter (form 04)
    was drafted and waits for their approval, whatever step they are at; an officer of a consulted
    agency, the dossiers waiting for their agency's opinion. Each row says so.

    Each of these is a branch read on its own index range (the steps held, from
    ``dossier_work_queue_incl_idx``; the pending apologies and open consultations, from their own
    small tables), all in one statement, merged here; the rows are a second statement and the
    counts a third, each compiled once per shape (:class:`~motcua.core.shapes.ShapedQuery`).

    The counts depend on the officer's roles and the filters only: they are kept for that scope
    up to :data:`QUEUE_COUNTS_KEPT` (:func:`~motcua.core.kept.kept_a_while`), unless counted
    before ``counted_after`` (the officer's last action, when the caller knows it).
    """
    day = timezone.localdate(now)
    # (agency, role) pairs: one statement compiled once, which the access check already read.
    held_steps = officer_role_keys(user=user, on=day) if user.is_active else frozenset()
    shape = _QueueShape(
        superuser=user.is_active and user.is_superuser,
        held=tuple(sorted(held_steps)),
        status=bool(status),
        procedure=bool(procedure),
        after=(after.marked_late, after.due_at is not None) if after is not None else None,
        named=after is None and user.is_active,
        size=size,
    )
    if not shape.superuser and not shape.held:
        return Queue(dossiers=[], next=None, total=0, late=0, due_today=0, counted_at=now)
    start = timezone.make_aware(datetime.combine(day, time.min))
    given = _QueueValues(
        user=user.pk,
        now=now,
        start=start,
        end=start + timedelta(days=1),
        status=status,
        procedure=procedure,
        due_at=after.due_at if after else None,
        code=after.code if after else "",
    )
    values = given.as_tuple(shape)
    main: dict[int, tuple[bool, datetime | None, str, int]] = {}
    mine: dict[int, tuple[bool, datetime | None, str, int]] = {}
    for row in _QUEUE_KEYS.rows(shape, values, lambda raw: _keys_statement(shape, raw)):
        (mine if row[4] else main)[row[3]] = row[:4]
    ordered = sorted(main.values(), key=_queue_key)[: size + 1]
    more = len(ordered) > size
    ordered = ordered[:size]
    last = ordered[-1] if more else None
    first = sorted(mine.values(), key=_queue_key)[:size]
    ordered = first + [key for key in ordered if key[3] not in mine]
    # Only the columns a row of the page shows, as tuples: twenty models with five related ones
    # each would cost more to build than the page costs to render. The ids are padded with the
    # first one to as many as the page's shape binds (:func:`_row_slots`).
    ids = [key[3] for key in ordered]
    slots = _row_slots(len(ids), size)
    padded = ids + ids[:1] * (slots - len(ids))
    bare = replace(shape, status=False, procedure=False, after=None, named=False, row_slots=slots)
    rows = {
        # The four flags last, as booleans (a comparison with a NULL assignee reads NULL).
        row[0]: QueueEntry(*row[1:-4], *map(bool, row[-4:]))
        for row in (
            _QUEUE_ROWS.rows(
                bare,
                (*given.as_tuple(bare), *padded),
                lambda raw: _rows_statement(bare, raw),
            )
            if ids
            else []
        )
    }
    counted = replace(shape, after=None, named=False)
    counts = kept_a_while(
        "queue-counts",
        (counted.superuser, counted.held, status, procedure, day.isoformat()),
        now=now,
        longest=QUEUE_COUNTS_KEPT,
        fresh_after=counted_after,
        make=lambda: tuple(
            int(value)
            for value in _QUEUE_COUNTS.rows(
                counted, given.as_tuple(counted), lambda raw: _counts_statement(counted, raw)
            )[0]
        ),
    )
    total, late, due_today = counts.value
    return Queue(
        dossiers=[rows[key[3]] for key in ordered if key[3] in rows],
        next=QueueCursor(marked_late=last[0], due_at=last[1], code=last[2]) if last else None,
        total=total,
        late=late,
        due_today=due_today,
        counted_at=counts.at,
    )


def consult_agency_choices(*, dossier: Dossier, on: date) -> list[tuple[str, str]]:
    """The agencies in force that may be consulted on ``dossier``: all but the competent one."""
    return [
        (agency.code, f"{agency.name} ({agency.code})")
        for agency in agencies_active(on=on)
        .exclude(pk=dossier.competent_agency_id)
        .order_by("name", "code")
    ]
