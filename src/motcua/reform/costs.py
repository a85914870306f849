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
