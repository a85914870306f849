"""Compliance cost by the standard cost model (chi phí tuân thủ TTHC, §4 of the domain notes).

``cost_once = Σ hours × hourly rate + Σ direct costs`` (fees, copies, travel, postage);
``annual = cost_once × times a year × subjects``; ``cut % = (before − after) / before × 100``.
Money is integer đồng: hours are kept in minutes so that the products stay integers.

A profile is a list of items, each the time (minutes) and direct cost (đồng) of one thing the
subject does: a step, a document to prepare, a visit, the fee. A plan's cuts remove items (a step,
a document, a visit), lower the fee, or abolish the procedure.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

#: A visit to the agency: travel and waiting (minutes) and travel cost (đồng). The guidance of
#: Official Letter 28/CCTTHC leaves these to the reviewer; these are the defaults of the demo.
VISIT_MINUTES = 120
VISIT_COST = 30_000
#: Preparing a document the register gives no figure for: an hour, and one copy.
DOCUMENT_MINUTES = 60
COPY_COST = 2_000


@dataclass(frozen=True)
class CostItem:
    kind: str  # step | component | visit | fee | other
    name: str
    minutes: int = 0
    amount: int = 0


@dataclass(frozen=True)
class CostProfile:
    items: tuple[CostItem, ...]
    times_per_year: int
    subjects: int

    def as_json(self) -> dict[str, Any]:
        return {
            "items": [asdict(i) for i in self.items],
            "times_per_year": self.times_per_year,
            "subjects": self.subjects,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CostProfile":
        return cls(
            items=tuple(CostItem(**i) for i in data.get("items", [])),
            times_per_year=int(data.get("times_per_year", 1)),
            subjects=int(data.get("subjects", 1)),
        )


@dataclass(frozen=True)
class CostFigures:
    minutes: int
    direct: int
    once: int
    annual: int


@dataclass(frozen=True)
class CostComparison:
    before: CostFigures
    after: CostFigures
    removed: tuple[CostItem, ...]

    @property
    def saving(self) -> int:
        return self.before.annual - self.after.annual

    @property
    def cut_percent(self) -> float:
        return percent(self.before.annual - self.after.annual, self.before.annual)


def percent(part: int, whole: int) -> float:
    """``part / whole × 100`` to two decimals; 0 for an empty whole."""
    return round(part * 100 / whole, 2) if whole else 0.0


def figures(profile: CostProfile, *, hourly_rate: int) -> CostFigures:
    minutes = sum(i.minutes for i in profile.items)
    direct = sum(i.amount for i in profile.items)
    # Rounded to the nearest đồng once, on the whole time cost.
    once = (minutes * hourly_rate + 30) // 60 + direct
    return CostFigures(
        minutes=minutes,
        direct=direct,
        once=once,
        annual=once * profile.times_per_year * profile.subjects,
    )


def apply_cuts(
    profile: CostProfile, cuts: Iterable[Mapping[str, Any]]
) -> tuple[CostProfile, list[CostItem]]:
    """The profile after the cuts, and the items (or parts) they removed."""
    items = list(profile.items)
    removed: list[CostItem] = []
    for cut in cuts:
        kind = str(cut.get("kind", ""))
        name = str(cut.get("name", ""))
        if kind == "procedure":
            removed.extend(items)
            items = []
        elif kind in ("step", "component"):
            for item in items:
                if item.kind == kind and item.name == name:
                    items.remove(item)
                    removed.append(item)
                    break
        elif kind == "visit":
            count = int(cut.get("amount") or 1)
            for item in [i for i in items if i.kind == "visit"][:count]:
                items.remove(item)
                removed.append(item)
        elif kind == "fee":
            for pos, item in enumerate(items):
                if item.kind == "fee":
                    lower = min(item.amount, int(cut.get("amount") or item.amount))
                    items[pos] = CostItem("fee", item.name, item.minutes, item.amount - lower)
                    removed.append(CostItem("fee", item.name, 0, lower))
                    break
    return CostProfile(tuple(items), profile.times_per_year, profile.subjects), removed


def compare(
    profile: CostProfile, cuts: Sequence[Mapping[str, Any]], *, hourly_rate: int
) -> CostComparison:
    after, removed = apply_cuts(profile, cuts)
    return CostComparison(
        before=figures(profile, hourly_rate=hourly_rate),
        after=figures(after, hourly_rate=hourly_rate),
        removed=tuple(removed),
    )


def internal_profile(
    *,
    steps: Sequence[Mapping[str, Any]],
    documents: Sequence[Mapping[str, Any]],
    fee: int,
    visits: int,
    times_per_year: int,
    subjects: int,
) -> CostProfile:
    """An internal procedure: the subject agency's staff time on each step and document."""
    items = [
        CostItem("step", str(s["name"]), minutes=round(float(s.get("hours", 0)) * 60))
        for s in steps
    ]
    items += [
        CostItem(
            "component",
            str(d["name"]),
            minutes=round(float(d.get("hours", DOCUMENT_MINUTES / 60)) * 60),
            amount=int(d.get("cost", COPY_COST)),
        )
        for d in documents
    ]
    items += [
        CostItem("visit", f"Lần đi lại {n}", VISIT_MINUTES, VISIT_COST)
        for n in range(1, visits + 1)
    ]
    if fee:
        items.append(CostItem("fee", "Phí, lệ phí", amount=fee))
    return CostProfile(tuple(items), times_per_year, subjects)


# ---------------------------------------------------------------------------------------------
# The assumptions of a plan's costing, and the costing that shows its work


@dataclass(frozen=True)
class Assumption:
    """One input of the costing (giả định) and where it comes from (nguồn số liệu)."""

    value: int
    source: str


#: The inputs a plan may set for itself, in the order the page shows them.
ASSUMPTION_KEYS = ("times_per_year", "subjects", "hourly_rate")


@dataclass(frozen=True)
class Assumptions:
    """How often a subject does the procedure a year (tần suất), how many subjects do it (số đối
    tượng), and what an hour of their time costs (chi phí giờ công, đồng)."""

    times_per_year: Assumption
    subjects: Assumption
    hourly_rate: Assumption

    def as_json(self) -> dict[str, dict[str, Any]]:
        return {key: asdict(getattr(self, key)) for key in ASSUMPTION_KEYS}

    def with_overrides(self, data: Mapping[str, Any]) -> "Assumptions":
        """These assumptions with those a plan stored (``{"subjects": {"value", "source"}}``)."""
        values = {key: getattr(self, key) for key in ASSUMPTION_KEYS}
        for key in ASSUMPTION_KEYS:
            stored = data.get(key)
            if isinstance(stored, Mapping) and "value" in stored:
                values[key] = Assumption(int(stored["value"]), str(stored.get("source", "")))
        return Assumptions(**values)


@dataclass(frozen=True)
class CostLine:
    """One item of the profile with the arithmetic behind its cost."""

    item: CostItem
    hourly_rate: int
    kept: bool

    @property
    def hours(self) -> float:
        return round(self.item.minutes / 60, 2)

    @property
    def time_cost(self) -> int:
        return (self.item.minutes * self.hourly_rate + 30) // 60

    @property
    def once(self) -> int:
        return self.time_cost + self.item.amount


@dataclass(frozen=True)
class Costing:
    """A plan's compliance cost with every input shown: the items, the assumptions, the totals."""

    assumptions: Assumptions
    lines: tuple[CostLine, ...]
    comparison: CostComparison

    @property
    def per_subject_year(self) -> int:
        return self.assumptions.times_per_year.value * self.assumptions.subjects.value


def costing(
    profile: CostProfile, cuts: Sequence[Mapping[str, Any]], *, assumptions: Assumptions
) -> Costing:
    """The one computation of a plan's cost, used by its page and by the report: the profile's
    items under the plan's assumptions (which replace the profile's frequency and population)."""
    base = CostProfile(profile.items, assumptions.times_per_year.value, assumptions.subjects.value)
    comparison = compare(base, cuts, hourly_rate=assumptions.hourly_rate.value)
    after, _removed = apply_cuts(base, cuts)
    left = list(after.items)
    lines = []
    for item in profile.items:
        kept = item in left
        if kept:
            left.remove(item)
        lines.append(CostLine(item, assumptions.hourly_rate.value, kept))
    return Costing(assumptions=assumptions, lines=tuple(lines), comparison=comparison)
