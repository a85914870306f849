"""Reads of dossiers. Authorization lives here: every read of a dossier starts from
:func:`dossiers_visible_to`; nothing is fetched by a bare id.
"""

import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import router
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Applicant, RoleAssignment, User
from motcua.accounts.selectors import officer_agency_ids
from motcua.catalog.models import Procedure
from motcua.core.branches import union_all_statement
from motcua.core.errors import NotFound
from motcua.core.localtime import LOCAL_TZ
from motcua.core.periods import in_force
from motcua.core.rows import NO_TEXT_KEY, KeyedQuery
from motcua.core.shapes import ShapedQuery, Statement, queryset_statement, statement_rows
from motcua.documents.selectors import digitized_references
from motcua.dossiers.codes import dossier_code_canonical
from motcua.dossiers.models import (
    Dossier,
    DossierApology,
    DossierChannel,
    DossierConsultation,
    DossierDocument,
    DossierResultKind,
    DossierStatus,
)
from motcua.dossiers.routing import holds_q

#: Statuses in which someone in an agency has work to do.
OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.RESULT_READY)


def _assignments_on(user: User, on: date) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(in_force(on), user=user)


#: The applicant record of one user: a statement compiled once, as a list asks it on every page.
_APPLICANT_OF = KeyedQuery(
    lambda user_id: Applicant.objects.filter(user_id=user_id).order_by("pk").values_list("pk")[:1]
)


def _agencies_on(user: User, on: date) -> list[int]:
    """The agencies of ``user``'s assignments in force on ``on``, as :func:`_assignments_on`: the
    statement the role checks read, kept for the request that only reads."""
    return sorted(officer_agency_ids(user=user, on=on))


#: The relations a row of a dossier list shows.
_ROW_RELATIONS = (
    "procedure_version__procedure",
    "receiving_agency",
    "receiving_unit",
    "competent_agency",
    "applicant",
)


def _literal(key: int) -> RawSQL:
    """An id written into the statement rather than bound as a parameter.

    Once psycopg prepares a list's statement, PostgreSQL may settle on a generic plan, costed for
    an average agency: where one agency holds most dossiers and another received none, that plan
    walks the whole reception index for the second (2-3 s at 1,000,000 dossiers, against 4 ms).
    Written in, each officer's agencies make their own statement, planned for those ids.
    """
    return RawSQL(str(int(key)), ())  # noqa: S611 - an integer, written by int()


def _visibility_branches(
    *, user: User, agencies: QuerySet[RoleAssignment, Any] | Sequence[int]
) -> list[Q]:
    """The rule of who sees a dossier, stated once, as branches any one of which suffices.

    An officer sees the dossiers of every agency where they hold a role in force, as the competent,
    the receiving or a consulted agency (liên thông); an applicant their own. ``agencies`` is a
    subquery of agency ids (one OR for a single query) or a list of them: each id then gets its own
    branches, so every branch is one range of an index ordered by reception.
    """
    own = _filed_by(user)
    asked_of: QuerySet[RoleAssignment, Any] | list[int]
    if isinstance(agencies, QuerySet):
        asked_of = agencies
        competent = [Q(competent_agency_id__in=agencies)]
        receiving = [Q(receiving_agency_id__in=agencies)]
    else:
        asked_of = list(agencies)
        competent = [Q(competent_agency_id=_literal(agency)) for agency in asked_of]
        receiving = [Q(receiving_agency_id=_literal(agency)) for agency in asked_of]
    consulted = (
        [Q(pk__in=DossierConsultation.objects.filter(agency_id__in=asked_of).values("dossier_id"))]
        if isinstance(asked_of, QuerySet) or asked_of
        else []
    )
    return [own, *competent, *receiving, *consulted]


def _visible_row(*, user: User | AnonymousUser, dossier: Dossier, on: date | None) -> bool:
    """:func:`dossiers_visible_to` asked of one row already read: the same branches of
    :func:`_visibility_branches`, in the same order (``test_selectors`` holds them equal)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser or dossier.applicant.user_id == user.pk:
        return True
    agencies = officer_agency_ids(user=user, on=on or timezone.localdate())
    if dossier.competent_agency_id in agencies or dossier.receiving_agency_id in agencies:
        return True
    return (
        bool(agencies)
        and DossierConsultation.objects.filter(dossier=dossier, agency_id__in=agencies).exists()
    )


def _filed_by(user: User) -> Q:
    # A join on the applicant (the one the rows select anyway), not ``IN (subquery)``: pulled up
    # into the join, the subquery makes one relation more for the planner, 30 ms to plan the page.
    return Q(applicant__user=user)


def dossiers_filed_by(*, user: User | AnonymousUser) -> QuerySet[Dossier]:
    """The dossiers ``user`` filed as an applicant (the applicant's branch of who may see a
    dossier), newest received first: one range of ``dossier_applicant_list_idx``."""
    dossiers = Dossier.objects.select_related(*_ROW_RELATIONS).order_by("-received_at", "-pk")
    if not isinstance(user, User) or not user.is_active:
        return dossiers.none()
    return dossiers.filter(_filed_by(user))


def dossiers_visible_to(*, user: User | AnonymousUser, on: date | None = None) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see on ``on`` (default: today, local time).

    A superuser sees all; anyone else what one of :func:`_visibility_branches` lets them see.
    """
    dossiers = Dossier.objects.select_related(*_ROW_RELATIONS)
    if not isinstance(user, User) or not user.is_active:
        return dossiers.none()
    if user.is_superuser:
        return dossiers
    day = on or timezone.localdate()
    agencies = _assignments_on(user, day).values("agency_id")
    visible = Q()
    for branch in _visibility_branches(user=user, agencies=agencies):
        visible |= branch
    return dossiers.filter(visible)


@dataclass(frozen=True)
class ListCursor:
    """Where a page of a list ordered newest received first ends: the last row's (received_at, id).

    Keyset pagination: the next page starts below this pair, so its cost does not grow with the
    number of pages or with the table.
    """

    received_at: datetime
    pk: int

    def encode(self) -> str:
        raw = f"{self.received_at.isoformat()}|{self.pk}".encode()
        return urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "ListCursor":
        """The cursor ``value`` names; ValueError when it is not one this module wrote."""
        try:
            raw = urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            moment, pk = raw.split("|")
            received_at = datetime.fromisoformat(moment)
        except (ValueError, UnicodeDecodeError, binascii.Error) as error:
            raise ValueError(value) from error
        if received_at.tzinfo is None:
            raise ValueError(value)
        return cls(received_at=received_at, pk=int(pk))


@dataclass(frozen=True)
class DossierPage:
    dossiers: list[Dossier]
    next: ListCursor | None


def dossiers_visible_page(
    *,
    user: User,
    on: date,
    filters: Q | None = None,
    after: ListCursor | None = None,
    size: int = 50,
) -> DossierPage:
    """One page of the dossiers ``user`` may see (as :func:`dossiers_visible_to`), newest received
    first, that match ``filters``, below ``after``.

    Each branch of the rule is asked for its first ``size + 1`` rows in (received_at, id) order,
    one range of an index each, all in one statement, and the branches are merged here: an OR of
    the branches would leave no index usable and sort every visible dossier. No count. Without
    ``filters``, the statement is compiled once per officer and kind of page (first or after a
    cursor), as is the read of the page's rows.
    """
    if not user.is_active:
        return DossierPage(dossiers=[], next=None)
    own: int | None = None
    agencies: list[int] = []
    if not user.is_superuser:
        agencies = _agencies_on(user, on)
        # The applicant's branch by the applicant's id, read first: joined on the user, the
        # planner guesses how many dossiers one applicant filed from the table's average and,
        # for an officer who filed none, walks the whole reception index to find nothing.
        own = next((pk for (pk,) in _APPLICANT_OF.rows(user.pk)), None)
    # The ids are written into the statement (see _literal): they are its shape.
    shape = (user.is_superuser, own, tuple(agencies), after is not None, size)
    values = (after.received_at, after.pk) if after is not None else ()

    def keys(raw: tuple[Any, ...]) -> Statement | None:
        return _page_keys_statement(
            user=user, shape=shape, below=raw, filters=filters or Q(), size=size
        )

    if not filters:
        keyed = _PAGE_KEYS.rows(shape, values, keys)
    else:
        statement = keys(values)
        keyed = statement_rows(statement) if statement is not None else []
    chosen = sorted(set(keyed), reverse=True)[: size + 1]
    more = len(chosen) > size
    chosen = chosen[:size]
    ids = [pk for _at, pk in chosen]
    # Only the columns a row of the list shows (``dossier_data`` without its details): the
    # declaration and the other JSON columns of twenty dossiers cost more to decode than the
    # rest of the page. The ids are padded with the first to the page's size: one shape.
    by_pk = {
        dossier.pk: dossier
        for dossier in (
            _PAGE_ROWS.instances(size, ids + ids[:1] * (size - len(ids)), _page_rows_statement)
            if ids
            else []
        )
    }
    dossiers = [by_pk[pk] for pk in ids]
    last = chosen[-1] if more else None
    return DossierPage(
        dossiers=dossiers,
        next=ListCursor(received_at=last[0], pk=last[1]) if last else None,
    )


#: The statements of a page of the API list, compiled once per shape.
_PAGE_KEYS = ShapedQuery()
_PAGE_ROWS = ShapedQuery()


def _page_keys_statement(
    *,
    user: User,
    shape: tuple[Any, ...],
    below: tuple[Any, ...],
    filters: Q,
    size: int,
) -> Statement | None:
    superuser, own, agencies = shape[0], shape[1], list(shape[2])
    if superuser:
        branches = [Q()]
    else:
        branches = [Q(applicant_id=_literal(own))] if own is not None else []
        branches += _visibility_branches(user=user, agencies=agencies)[1:]
    after = Q()
    if below:
        received_at, pk = below
        # received_at <= t bounds the index range; the OR only drops the rows equal to t.
        after = Q(received_at__lte=received_at) & (Q(received_at__lt=received_at) | Q(pk__lt=pk))
    return union_all_statement(
        [
            Dossier.objects.filter(branch, after, filters)
            .order_by("-received_at", "-pk")
            .values_list("received_at", "pk")[: size + 1]
            for branch in branches
        ]
    )


def _page_rows_statement(ids: tuple[Any, ...]) -> Statement | None:
    return queryset_statement(
        Dossier.objects.select_related(*_LIST_RELATIONS).only(*_LIST_COLUMNS).filter(pk__in=ids)
    )


_LIST_RELATIONS = ("procedure_version__procedure", "receiving_agency", "competent_agency")
_LIST_COLUMNS = (
    "code",
    "status",
    "channel",
    "current_step",
    "received_at",
    "due_at",
    "step_due_at",
    "closed_at",
    "version",
    "procedure_version__name",
    "procedure_version__procedure__national_code",
    "procedure_version__procedure__local_suffix",
    "procedure_version__procedure__primary_alias",
    "receiving_agency__code",
    "competent_agency__code",
)

#: One dossier by its code with the relations a row shows: compiled once per process, since the
#: statement costs more CPU to build than the database spends on it (on every action).
_BY_CODE = KeyedQuery(
    lambda code: Dossier.objects.select_related(*_ROW_RELATIONS).filter(code=code)[:1],
    stand_in=NO_TEXT_KEY,
)


def dossier_get_for(*, user: User | AnonymousUser, code: str, on: date | None = None) -> Dossier:
    """The dossier ``code`` if ``user`` may see it; otherwise :class:`NotFound` (the same answer).

    The row is read by its unique code, then :func:`_visible_row` asks the rule of it: the
    rule's OR of subqueries costs more to compile and plan than to run for one row (on every
    action an officer takes).
    """
    rows = _BY_CODE.instances(code.strip())
    dossier: Dossier | None = rows[0] if rows else None
    if dossier is None or not _visible_row(user=user, dossier=dossier, on=on):
        raise NotFound(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    return dossier


@dataclass(frozen=True)
class PublicStatus:
    """What anyone may learn from a dossier code (tra cứu): no personal data."""

    code: str
    status: str
    status_label: str
    procedure_code: str
    procedure_name: str
    receiving_agency: str
    receiving_unit: str
    competent_agency: str
    received_at: datetime
    due_at: datetime | None
    closed_at: datetime | None


#: One row by its unique code: no ORDER BY, only the columns the answer shows, and compiled once
#: (the public lookup is the most frequent read; compiling it cost more CPU than running it).
_PUBLIC_STATUS = KeyedQuery(
    lambda code: Dossier.objects.filter(code=code).values_list(
        "code",
        "status",
        "received_at",
        "due_at",
        "closed_at",
        "procedure_version__name",
        "procedure_version__procedure__national_code",
        "procedure_version__procedure__local_suffix",
        "procedure_version__procedure__primary_alias",
        "receiving_agency__name",
        "receiving_unit__name",
        "competent_agency__name",
    )[:1],
    stand_in=NO_TEXT_KEY,
)


def dossier_public_status(*, code: str) -> PublicStatus:
    rows = _PUBLIC_STATUS.rows(dossier_code_canonical(code), using=_read_alias())
    if not rows:
        raise NotFound(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    (found, status, received, due, closed, name, national, suffix, alias, *agencies) = rows[0]
    receiving_agency, receiving_unit, competent_agency = agencies
    procedure = Procedure(national_code=national, local_suffix=suffix, primary_alias=alias)
    return PublicStatus(
        code=found,
        status=status,
        status_label=str(DossierStatus(status).label),
        procedure_code=procedure.code,
        procedure_name=name,
        receiving_agency=receiving_agency,
        receiving_unit=receiving_unit or "",
        competent_agency=competent_agency,
        received_at=received,
        due_at=due,
        closed_at=closed,
    )


def _read_alias() -> str:
    return router.db_for_read(Dossier) or "default"


#: The order of a work queue: marked late first, then the soonest due (none last, as
#: ``dossier_work_queue_incl_idx`` has it on PostgreSQL, on every database), then the code.
WORK_QUEUE_ORDER = (F("marked_late").desc(), F("due_at").asc(nulls_last=True), "code")


def work_queue(*, user: User, on: datetime) -> QuerySet[Dossier]:
    """Open dossiers waiting at a step whose role ``user`` holds in that step's agency.

    The step's role and agency are stored on the dossier (``current_role``, ``current_agency``),
    so the first page is one scan of ``dossier_work_queue_incl_idx``. Reception and return wait in
    the receiving agency's queue (a one-stop officer of the competent agency may still act on them
    from the dossier's page, but they are not in that agency's queue).

    Marked late by the SLA sweep first, then the soonest due. ``late`` (annotated) also says
    whether the dossier's or the step's due moment has passed at ``on``.
    """
    day = timezone.localdate(on)
    dossiers = Dossier.objects.select_related(*_ROW_RELATIONS).filter(status__in=OPEN_STATUSES)
    if not user.is_active:
        return dossiers.none()
    if not user.is_superuser:
        held = set(_assignments_on(user, day).values_list("agency_id", "role"))
        if not held:
            return dossiers.none()
        dossiers = dossiers.filter(holds_q(held))
    return dossiers.annotate(late=late_at(on)).order_by(*WORK_QUEUE_ORDER)


def late_at(on: datetime) -> Case:
    """Whether a dossier is late at ``on``: marked by the SLA sweep, or its or its step's due
    moment has passed."""
    return Case(
        When(Q(marked_late=True) | Q(due_at__lt=on) | Q(step_due_at__lt=on), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def dossier_receipt_payload(
    *, dossier: Dossier, documents: Sequence[DossierDocument] | None = None
) -> dict[str, Any]:
    """The answer to a submission (the data of the receipt, form 01), as plain JSON data.

    ``documents``: the dossier's documents in order, when the caller has just written them."""
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "procedure_code": dossier.procedure_version.procedure.code,
        "procedure_version": dossier.procedure_version.number,
        "channel": dossier.channel,
        "receiving_agency": dossier.receiving_agency.code,
        "receiving_unit": dossier.receiving_unit_id,
        "competent_agency": dossier.competent_agency.code,
        "received_at": _moment(dossier.received_at),
        "effective_received_on": dossier.effective_received_on.isoformat(),
        "due_at": _moment(dossier.due_at),
        "current_step": dossier.current_step,
        "step_due_at": _moment(dossier.step_due_at),
        "documents": [
            {
                "component": document.component_code,
                "name": document.original_name,
                "size": document.size,
                "content_type": document.content_type,
                "sha256": document.sha256,
                # the file as sent: an image is kept without its metadata, so its hash differs
                "original_sha256": document.original_sha256 or document.sha256,
            }
            for document in (dossier.documents.order_by("pk") if documents is None else documents)
        ],
    }


def dossier_apologies(*, dossier: Dossier) -> QuerySet[DossierApology]:
    """The apology letters (form 04) of ``dossier``, drafted or approved, oldest first."""
    return DossierApology.objects.filter(dossier=dossier).order_by("drafted_at", "pk")


def dossier_consultations(*, dossier: Dossier) -> QuerySet[DossierConsultation]:
    """The consultations of other agencies on ``dossier``, soonest due first."""
    return (
        DossierConsultation.objects.filter(dossier=dossier)
        .select_related("agency")
        .order_by("due_at", "pk")
    )


# Links to a dossier's signed results, for the citizen's and the officers' dossier pages.


@dataclass(frozen=True)
class ResultLink:
    title: str
    code: str
    url: str  # the PDF, through the API (scoped and audited)
    verify_url: str  # the public verification page
    signed_at: datetime | None
    signers: tuple[str, ...]


def result_links(dossier: Dossier, *, signed_only: bool = True) -> tuple[ResultLink, ...]:
    # Slips signed with the agency's seal are results too, but are offered as slips.
    results = dossier.results.filter(kind=DossierResultKind.RESULT).order_by("created_at", "pk")
    if signed_only:
        results = results.filter(signed_at__isnull=False)
    return tuple(
        ResultLink(
            title=r.title,
            code=r.verification_code,
            url=f"/api/v1/dossiers/{dossier.code}/results/{r.verification_code}/",
            verify_url=f"/verify/{r.verification_code}/",
            signed_at=r.signed_at,
            signers=tuple(str(s.get("signer", "")) for s in r.signatures or []),
        )
        for r in results
    )


# The digitization rate (tỷ lệ số hóa): dossiers received on paper whose documents were scanned.
#
# Decision 766/QĐ-TTg scores "số hóa hồ sơ"; the rate here is, per receiving agency and local
# month of reception, dossiers received at the counter or by post that have at least one document
# digitized at the counter, over all dossiers received on paper.

PAPER_CHANNELS = (DossierChannel.COUNTER, DossierChannel.POST)


@dataclass(frozen=True)
class DigitizationRate:
    agency_code: str
    agency_name: str
    month: date
    received_on_paper: int
    digitized: int

    @property
    def percent(self) -> float:
        return (
            round(100 * self.digitized / self.received_on_paper, 1)
            if self.received_on_paper
            else 0.0
        )


def digitization_rates(
    *, agency_ids: list[int], since: date, until: date
) -> list[DigitizationRate]:
    """Rates per agency and month for dossiers received from ``since`` to ``until`` (inclusive)."""
    start = datetime.combine(since, time.min, tzinfo=LOCAL_TZ)
    end = datetime.combine(until, time.max, tzinfo=LOCAL_TZ)
    rows = (
        Dossier.objects.filter(
            receiving_agency_id__in=agency_ids,
            channel__in=PAPER_CHANNELS,
            received_at__gte=start,
            received_at__lte=end,
        )
        .annotate(month=TruncMonth("received_at", tzinfo=LOCAL_TZ))
        .values("receiving_agency__code", "receiving_agency__name", "month")
        .annotate(
            received=Count("pk"),
            digitized=Count("pk", filter=Q(code__in=digitized_references())),
        )
        .order_by("receiving_agency__code", "month")
    )
    return [
        DigitizationRate(
            agency_code=row["receiving_agency__code"],
            agency_name=row["receiving_agency__name"],
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            received_on_paper=row["received"],
            digitized=row["digitized"],
        )
        for row in rows
    ]
