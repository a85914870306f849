"""What is costed: motcua's own figures of a procedure, cost profiles, plans and their totals, the
overlap findings.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.fees import fee_quote, version_channels
from motcua.catalog.selectors import split_code
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier, DossierChannel, ReturnMethod
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
    OverlapFinding,
    SimplificationPlan,
)
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors.subjects import INTERNAL, PUBLIC, public_version


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
    v = public_version(ref.removeprefix(PUBLIC), on)
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
