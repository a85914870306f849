"""Reads of the reform workspace: what is compared, costed, counted and shown on the boards."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Agency
from motcua.catalog.fees import fee_quote, version_channels
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.selectors import in_force_q, split_code
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier, DossierChannel, DossierStatus, ReturnMethod
from motcua.reform import costs
from motcua.reform.costs import (
    Assumption,
    Assumptions,
    CostComparison,
    Costing,
    CostItem,
    CostProfile,
)
from motcua.reform.models import (
    CutKind,
    InternalProcedure,
    LabourCostRate,
    NormActivity,
    OperatingNorm,
    OverlapFinding,
    ReformTask,
    SimplificationPlan,
)
from motcua.reform.overlap import ProcedureText
from motcua.reform.permissions import ReformScope

INTERNAL = "internal:"
PUBLIC = "public:"


@dataclass(frozen=True)
class Subject:
    """A procedure under review, internal or public, as the pages show it."""

    ref: str
    code: str
    name: str
    agency: str
    internal: bool
    steps: tuple[str, ...]
    documents: tuple[str, ...]


def _versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    return (
        ProcedureVersion.objects.filter(in_force_q(on), status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("steps", "components", "legal_basis", "fees")
    )


def internal_procedures(*, scope: ReformScope) -> QuerySet[InternalProcedure]:
    return scope.internal_procedures()


def register_agencies(*, scope: ReformScope) -> list[tuple[str, str, int]]:
    """(agency code, agency name, number of internal procedures) of the register."""
    rows = (
        scope.internal_procedures()
        .values("agency_code", "agency_name")
        .annotate(n=Count("pk"))
        .order_by("agency_code")
    )
    return [(r["agency_code"], r["agency_name"], r["n"]) for r in rows]


def overlap_texts(*, on: date) -> list[ProcedureText]:
    """The register and the catalogue in force on ``on``, as overlap detection reads them."""
    texts = [
        ProcedureText(
            ref=f"{INTERNAL}{p.code}",
            name=p.name,
            agency=p.agency_name,
            legal_basis=tuple(p.legal_basis),
            steps=tuple(s["name"] for s in p.steps),
            documents=tuple(d["name"] for d in p.documents),
            internal=True,
        )
        for p in InternalProcedure.objects.all()
    ]
    texts.extend(
        ProcedureText(
            ref=f"{PUBLIC}{v.procedure.code}",
            name=v.name,
            agency=v.implementing_agency,
            legal_basis=tuple(f"{b.number} {b.title}" for b in v.legal_basis.all()),
            steps=tuple(s.name for s in v.steps.all()),
            documents=tuple(c.name for c in v.components.all()),
            code=v.procedure.code,
            decision=v.decision_number,
            levels=tuple(v.levels),
        )
        for v in _versions_in_force(on)
    )
    return texts


def _public_version(code: str, on: date) -> ProcedureVersion | None:
    national, suffix = split_code(code)
    return (
        _versions_in_force(on)
        .filter(procedure__national_code=national, procedure__local_suffix=suffix)
        .first()
    )


def subject_describe(*, ref: str, on: date) -> Subject | None:
    if ref.startswith(INTERNAL):
        p = InternalProcedure.objects.filter(code=ref.removeprefix(INTERNAL)).first()
        if p is None:
            return None
        return Subject(
            ref=ref,
            code=p.code,
            name=p.name,
            agency=p.agency_name,
            internal=True,
            steps=tuple(s["name"] for s in p.steps),
            documents=tuple(d["name"] for d in p.documents),
        )
    if ref.startswith(PUBLIC):
        v = _public_version(ref.removeprefix(PUBLIC), on)
        if v is None:
            return None
        return Subject(
            ref=ref,
            code=v.procedure.code,
            name=v.name,
            agency=v.implementing_agency,
            internal=False,
            steps=tuple(s.name for s in v.steps.all()),
            documents=tuple(c.name for c in v.components.all()),
        )
    return None


@dataclass(frozen=True)
class ActualFigures:
    """What motcua's own history says of a public procedure over a period."""

    dossiers: int
    closed: int
    mean_hours: float
    supplements_per_dossier: float
    visits_per_dossier: float


def actual_figures(*, code: str, start: date, end: date, scope: ReformScope) -> ActualFigures:
    """Dossiers received in [start, end), their real processing time, supplements and visits.

    Visits: a counter dossier costs one for filing and one for a counter return; each supplement
    asked of a counter dossier costs one more. Online filing and online or postal return cost none.
    """
    national, suffix = split_code(code)
    rows = Dossier.objects.filter(
        scope.dossiers(),
        procedure_version__procedure__national_code=national,
        procedure_version__procedure__local_suffix=suffix,
        received_at__gte=datetime.combine(start, time(), LOCAL_TZ),
        received_at__lt=datetime.combine(end, time(), LOCAL_TZ),
    ).values_list(
        "channel", "return_method", "supplement_requested_count", "received_at", "closed_at"
    )
    count = closed = supplements = visits = 0
    hours = 0.0
    for channel, return_method, asked, received_at, closed_at in rows:
        count += 1
        supplements += asked
        counter = channel == DossierChannel.COUNTER
        visits += (1 if counter else 0) + (1 if return_method == ReturnMethod.COUNTER else 0)
        visits += asked if counter else 0
        if closed_at is not None:
            closed += 1
            hours += (closed_at - received_at).total_seconds() / 3600
    return ActualFigures(
        dossiers=count,
        closed=closed,
        mean_hours=round(hours / closed, 1) if closed else 0.0,
        supplements_per_dossier=round(supplements / count, 2) if count else 0.0,
        visits_per_dossier=round(visits / count, 2) if count else 0.0,
    )


def cost_profile_for(*, ref: str, on: date) -> CostProfile | None:
    """The standard-cost-model profile of ``ref`` as of ``on``.

    Internal: from the register. Public: each citizen-facing step is a visit; each component to
    prepare an hour and its copies (none when the state already holds it); the fixed fees; the
    yearly volume is motcua's own count of the last 365 days (at least 1).
    """
    if ref.startswith(INTERNAL):
        p = InternalProcedure.objects.filter(code=ref.removeprefix(INTERNAL)).first()
        if p is None:
            return None
        return costs.internal_profile(
            steps=p.steps,
            documents=p.documents,
            fee=p.fee,
            visits=p.visits,
            times_per_year=p.times_per_year,
            subjects=p.subjects,
        )
    v = _public_version(ref.removeprefix(PUBLIC), on)
    if v is None:
        return None
    steps = list(v.steps.all())
    items = [CostItem("step", s.name, s.minutes if s.citizen_facing else 0) for s in steps]
    items += [
        CostItem("visit", s.name, costs.VISIT_MINUTES, costs.VISIT_COST)
        for s in steps
        if s.citizen_facing
    ]
    for c in v.components.all():
        held = bool(c.reusable_from)
        items.append(
            CostItem(
                "component",
                c.name,
                0 if held else costs.DOCUMENT_MINUTES,
                0 if held else c.copies * costs.COPY_COST,
            )
        )
    # The fee the one calculation gives for the first channel the version offers (in person where
    # it is); an amount left to a regulation is unknown and adds nothing to the estimate.
    fee = fee_quote(
        version=v, administrative_unit_code=None, on=on, channel=version_channels(v)[0]
    ).amount
    if fee:
        items.append(CostItem("fee", _("Phí, lệ phí"), amount=fee))
    # The yearly volume of the cost model counts every dossier of the procedure (a figure only).
    volume = actual_figures(
        code=v.procedure.code,
        start=on - timedelta(days=365),
        end=on,
        scope=ReformScope.everything(),
    ).dossiers
    return CostProfile(tuple(items), 1, max(volume, 1))


def hourly_rate(year: int) -> int:
    rate = LabourCostRate.objects.filter(year=year).first()
    return rate.hourly_rate if rate else 0


@dataclass(frozen=True)
class PlanRow:
    plan: SimplificationPlan
    comparison: CostComparison
    abolishes: bool
    cut_labels: list[str]
    costing: Costing


def plan_assumptions(plan: SimplificationPlan) -> Assumptions:
    """The inputs of ``plan``'s costing: those the team set on the plan, else the register's
    frequency and population (motcua's own yearly count for a public procedure) and the labour
    cost rate of the plan's year, each with its source."""
    profile = CostProfile.from_json(plan.cost_before)
    rate = LabourCostRate.objects.filter(year=plan.year).first()
    if plan.ref.startswith(INTERNAL):
        register = _("Sổ đăng ký thủ tục nội bộ, thủ tục %(code)s") % {
            "code": plan.ref.removeprefix(INTERNAL)
        }
        times = Assumption(profile.times_per_year, register)
        subjects = Assumption(profile.subjects, register)
    else:
        times = Assumption(profile.times_per_year, _("Mỗi đối tượng thực hiện một lần"))
        subjects = Assumption(
            profile.subjects,
            _("Số hồ sơ motcua tiếp nhận trong 365 ngày trước ngày lập phương án (%(on)s)")
            % {"on": timezone.localtime(plan.created_at).strftime("%d/%m/%Y")},
        )
    hourly = Assumption(
        rate.hourly_rate if rate else 0,
        _("Mức chi phí giờ công năm %(y)s: %(basis)s")
        % {"y": plan.year, "basis": (rate.basis if rate else "") or _("không ghi căn cứ")},
    )
    return Assumptions(times, subjects, hourly).with_overrides(plan.assumptions or {})


def plan_row(plan: SimplificationPlan) -> PlanRow:
    profile = CostProfile.from_json(plan.cost_before)
    computed = costs.costing(profile, plan.cuts, assumptions=plan_assumptions(plan))
    comparison = computed.comparison
    labels = []
    for cut in plan.cuts:
        label = str(CutKind(cut["kind"]).label)
        if cut.get("name"):
            label += f": {cut['name']}"
        if cut.get("amount"):
            label += f" ({cut['amount']})"
        labels.append(label)
    return PlanRow(
        plan=plan,
        comparison=comparison,
        abolishes=any(c["kind"] == CutKind.PROCEDURE for c in plan.cuts),
        cut_labels=labels,
        costing=computed,
    )


def plans_list(
    *, scope: ReformScope, agency: str = "", deadline_from: date | None = None
) -> list[PlanRow]:
    plans = scope.plans()
    if agency:
        plans = plans.filter(subject_agency=agency)
    if deadline_from:
        plans = plans.filter(deadline__gte=deadline_from)
    return [plan_row(p) for p in plans]


def latest_internal_plans(*, scope: ReformScope, agency: str = "") -> list[PlanRow]:
    """The plan that counts for each internal procedure of ``scope`` (its latest), by deadline:
    the plans the cut against the targets is computed from, and the ones the report lists."""
    latest: dict[str, SimplificationPlan] = {}
    plans = scope.plans().filter(ref__startswith=INTERNAL)
    if agency:
        plans = plans.filter(subject_agency=agency)
    for plan in plans.order_by("created_at", "pk"):
        latest[plan.ref] = plan
    return [
        plan_row(p) for p in sorted(latest.values(), key=lambda p: (p.deadline, p.subject_name))
    ]


@dataclass
class CostTotals:
    """One agency's (or the whole group's) figures against the targets."""

    agency: str
    procedures: int = 0
    planned: int = 0
    abolished: int = 0
    cost_before: int = 0
    cost_after: int = 0

    @property
    def cost_cut_percent(self) -> float:
        return costs.percent(self.cost_before - self.cost_after, self.cost_before)

    @property
    def procedures_cut_percent(self) -> float:
        return costs.percent(self.abolished, self.procedures)

    @property
    def meets_targets(self) -> bool:
        return (
            self.procedures_cut_percent >= settings.MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT
            and self.cost_cut_percent >= settings.MOTCUA_REFORM_TARGET_COST_PERCENT
        )


def cost_summary(*, on: date, scope: ReformScope) -> tuple[list[CostTotals], CostTotals]:
    """Per agency and overall, over the internal procedures of the register.

    The cost before counts every internal procedure (a procedure with no plan keeps its cost);
    the latest plan of each procedure is the one counted.
    """
    latest = {row.plan.ref: row for row in latest_internal_plans(scope=scope)}
    per_agency: dict[str, CostTotals] = {}
    for p in scope.internal_procedures():
        totals = per_agency.setdefault(p.agency_name, CostTotals(agency=p.agency_name))
        totals.procedures += 1
        ref = f"{INTERNAL}{p.code}"
        row = latest.get(ref)
        if row is not None:
            totals.planned += 1
            totals.abolished += 1 if row.abolishes else 0
            totals.cost_before += row.comparison.before.annual
            totals.cost_after += row.comparison.after.annual
        else:
            profile = cost_profile_for(ref=ref, on=on)
            annual = (
                costs.figures(profile, hourly_rate=hourly_rate(on.year)).annual if profile else 0
            )
            totals.cost_before += annual
            totals.cost_after += annual
    overall = CostTotals(agency=_("Toàn tổ công tác"))
    for t in per_agency.values():
        overall.procedures += t.procedures
        overall.planned += t.planned
        overall.abolished += t.abolished
        overall.cost_before += t.cost_before
        overall.cost_after += t.cost_after
    return sorted(per_agency.values(), key=lambda t: t.agency), overall


def findings_list(*, scope: ReformScope, judgement: str | None = None) -> QuerySet[OverlapFinding]:
    rows = scope.findings()
    if judgement is not None:
        rows = rows.filter(judgement=judgement)
    return rows


# ---------------------------------------------------------------------------------------------
# Tasks


class TaskStatus:
    DONE = "done"
    DONE_LATE = "done_late"
    NOT_YET = "not_yet"  # chưa
    LATE = "late"  # chậm


TASK_STATUS_LABELS = {
    TaskStatus.DONE: gettext_lazy("Đã hoàn thành"),
    TaskStatus.DONE_LATE: gettext_lazy("Hoàn thành chậm"),
    TaskStatus.NOT_YET: gettext_lazy("Chưa hoàn thành"),
    TaskStatus.LATE: gettext_lazy("Chậm"),
}


def task_status(task: ReformTask, *, today: date) -> str:
    """Computed from the dates, never typed: late is past the current (extended) deadline."""
    if task.done_on is not None:
        return TaskStatus.DONE if task.done_on <= task.deadline else TaskStatus.DONE_LATE
    return TaskStatus.LATE if today > task.deadline else TaskStatus.NOT_YET


@dataclass
class TaskRow:
    task: ReformTask
    status: str
    status_label: str
    days_late: int
    extensions: list[tuple[date, date, date, str]]


@dataclass
class AgencyBoard:
    agency: Agency
    rows: list[TaskRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def task_board(*, today: date, scope: ReformScope, agency_code: str = "") -> list[AgencyBoard]:
    """Tasks per agency, late first; ``counts`` by status."""
    tasks = scope.tasks().select_related("agency").prefetch_related("extensions")
    if agency_code:
        tasks = tasks.filter(agency__code=agency_code)
    boards: dict[int, AgencyBoard] = {}
    for task in tasks:
        status = task_status(task, today=today)
        board = boards.setdefault(task.agency_id, AgencyBoard(agency=task.agency))
        board.counts[status] += 1
        board.rows.append(
            TaskRow(
                task=task,
                status=status,
                status_label=str(TASK_STATUS_LABELS[status]),
                days_late=(today - task.deadline).days if status == TaskStatus.LATE else 0,
                extensions=[
                    (e.decided_on, e.previous_deadline, e.new_deadline, e.reason)
                    for e in task.extensions.all()
                ],
            )
        )
    order = {TaskStatus.LATE: 0, TaskStatus.NOT_YET: 1, TaskStatus.DONE_LATE: 2, TaskStatus.DONE: 3}
    for board in boards.values():
        board.rows.sort(key=lambda r: (order[r.status], r.task.deadline))
    return sorted(boards.values(), key=lambda b: b.agency.code)


def task_totals(boards: Iterable[AgencyBoard]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for board in boards:
        for status, n in board.counts.items():
            totals[status] += n
    return dict(totals)


# ---------------------------------------------------------------------------------------------
# Operating norms


@dataclass
class Workload:
    """One one-stop unit's activities over a period, valued by the year's norms."""

    unit: str
    activities: dict[str, int]
    minutes: int
    cost: int
    online_saving_minutes: int
    online_saving_cost: int


#: Pages digitized per document received at the counter, where no page count is recorded.
PAGES_PER_DOCUMENT = 2


def workload(*, start: date, end: date, year: int) -> list[Workload]:
    """Workload and operating cost of each one-stop unit for dossiers received in [start, end).

    What online filing saves: for each online dossier, what the counter would have spent to guide,
    receive and digitize it, less what receiving it online costs.
    """
    norms = {n.activity: n for n in OperatingNorm.objects.filter(year=year)}

    def minutes(activity: str, n: int) -> int:
        norm = norms.get(activity)
        return norm.minutes * n if norm else 0

    def cost(activity: str, n: int) -> int:
        norm = norms.get(activity)
        return norm.cost * n if norm else 0

    dossiers = (
        Dossier.objects.filter(
            received_at__gte=datetime.combine(start, time(), LOCAL_TZ),
            received_at__lt=datetime.combine(end, time(), LOCAL_TZ),
        )
        .select_related("receiving_unit", "receiving_agency")
        .annotate(n_documents=Count("documents"))
    )
    units: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in dossiers:
        name = d.receiving_unit.name if d.receiving_unit else d.receiving_agency.name
        a = units[name]
        if d.channel == DossierChannel.ONLINE:
            a[NormActivity.RECEIVE_ONLINE] += 1
            a["online_dossiers"] += 1
            a["online_pages"] += d.n_documents * PAGES_PER_DOCUMENT
        else:
            a[NormActivity.GUIDE] += 1
            a[NormActivity.RECEIVE_COUNTER] += 1
            a[NormActivity.DIGITIZE_PAGE] += max(d.n_documents, 1) * PAGES_PER_DOCUMENT
        if d.status == DossierStatus.RETURNED:
            returns: dict[str, str] = {
                ReturnMethod.POST: NormActivity.RETURN_POST,
                ReturnMethod.ONLINE: NormActivity.RETURN_ONLINE,
            }
            key = returns.get(d.return_method, NormActivity.RETURN_COUNTER)
            a[key] += 1
    out = []
    for name, a in sorted(units.items()):
        acts = {k: v for k, v in a.items() if k in NormActivity.values}
        online = a["online_dossiers"]
        pages = a["online_pages"]
        saved_minutes = (
            minutes(NormActivity.GUIDE, online)
            + minutes(NormActivity.RECEIVE_COUNTER, online)
            + minutes(NormActivity.DIGITIZE_PAGE, pages)
            - minutes(NormActivity.RECEIVE_ONLINE, online)
        )
        saved_cost = (
            cost(NormActivity.GUIDE, online)
            + cost(NormActivity.RECEIVE_COUNTER, online)
            + cost(NormActivity.DIGITIZE_PAGE, pages)
            - cost(NormActivity.RECEIVE_ONLINE, online)
        )
        out.append(
            Workload(
                unit=name,
                activities=acts,
                minutes=sum(minutes(k, v) for k, v in acts.items()),
                cost=sum(cost(k, v) for k, v in acts.items()),
                online_saving_minutes=saved_minutes,
                online_saving_cost=saved_cost,
            )
        )
    return out


def norms_of(year: int) -> list[OperatingNorm]:
    return list(OperatingNorm.objects.filter(year=year))


def subjects_for_plans(*, on: date, scope: ReformScope) -> list[tuple[str, str]]:
    """(ref, label) of every procedure a plan may be drafted for."""
    out = [
        (f"{INTERNAL}{p.code}", f"{p.code} – {p.name} ({p.agency_name})")
        for p in scope.internal_procedures()
    ]
    out += [
        (f"{PUBLIC}{v.procedure.code}", f"{v.procedure.code} – {v.name}")
        for v in ProcedureVersion.objects.filter(
            in_force_q(on), status=VersionStatus.PUBLISHED
        ).select_related("procedure")
    ]
    return out


def findings_counts(*, scope: ReformScope) -> dict[str, int]:
    rows = scope.findings().values("judgement").annotate(n=Count("pk"))
    return {r["judgement"]: r["n"] for r in rows}


def procedures_with_dossiers(*, scope: ReformScope) -> list[tuple[str, str, int]]:
    """(procedure code, name, dossiers) of every procedure with a history to mine in ``scope``."""
    rows = (
        Dossier.objects.filter(scope.dossiers())
        .values(
            "procedure_version__procedure__national_code",
            "procedure_version__procedure__local_suffix",
        )
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = {
        v.procedure.code: v.name
        for v in ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
            "procedure"
        )
    }
    out = []
    for r in rows:
        national = r["procedure_version__procedure__national_code"]
        suffix = r["procedure_version__procedure__local_suffix"]
        code = f"{national}.{suffix}" if suffix else national
        out.append((code, names.get(code, ""), r["n"]))
    return out
