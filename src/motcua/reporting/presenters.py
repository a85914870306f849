"""Plain data for the dashboards' templates (portal and back-office render the same figures)."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.text import is_ascii_digits
from motcua.reporting.selectors import IndexValue, Period, monthly_counts

FIRST_YEAR = 2020


def period_from(raw: str) -> tuple[Period, int]:
    """The calendar year named by ``raw`` (this year when it is not a year we hold)."""
    today = timezone.localdate()
    year = int(raw) if is_ascii_digits(raw) and FIRST_YEAR <= int(raw) <= today.year else today.year
    return Period.year(year), year


def province_from(raw: str) -> str:
    return raw if is_ascii_digits(raw) and len(raw) <= 5 else ""


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}".replace(".", ",") + " %"


def points_text(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def indicator_rows(value: IndexValue, *, minimum: int) -> list[dict[str, Any]]:
    rows = []
    for group in value.groups:
        for item in group.indicators:
            hidden = minimum > 0 and item.suppressed(minimum)
            below = _("dưới %(n)s") % {"n": minimum}
            rows.append(
                {
                    "group": group.group.name,
                    "code": item.indicator.code,
                    "name": item.indicator.name,
                    "numerator": below if hidden and item.numerator else item.numerator,
                    "denominator": below if hidden else item.denominator,
                    "rate": "—" if hidden else _percent(item.rate),
                    "points": points_text(item.points),
                    "max": points_text(item.indicator.points),
                    "anchor": f"chi-tieu-{item.indicator.code}",
                    "confirmed": item.indicator.confirmed,
                }
            )
    return rows


def group_cells(value: IndexValue) -> list[dict[str, Any]]:
    return [
        {
            "code": g.group.code,
            "name": g.group.name,
            "points": points_text(g.points),
            "max": points_text(g.group.points),
            "width": round(100 * g.points / g.group.points) if g.group.points else 0,
        }
        for g in value.groups
    ]


@dataclass(frozen=True)
class TrendRow:
    month: str
    received: int | str
    online: str
    on_time: str
    online_width: int
    on_time_width: int
    x: int = 0

    @property
    def online_y(self) -> int:
        return 100 - self.online_width

    @property
    def on_time_y(self) -> int:
        return 100 - self.on_time_width

    @property
    def x2(self) -> int:
        return self.x + 4


def _share(counts: Counter[str], top: tuple[str, ...], bottom: tuple[str, ...]) -> float | None:
    denominator = sum(counts[m] for m in bottom)
    return sum(counts[m] for m in top) / denominator if denominator else None


def trend_rows(
    period: Period, *, minimum: int, agency_ids: tuple[int, ...] = (), province: str = ""
) -> list[TrendRow]:
    rows = []
    months = monthly_counts(period, agency_ids=agency_ids, province=province)
    for n, (month, counts) in enumerate(months):
        received = counts["received"]
        small = 0 < received < minimum
        online = None if small else _share(counts, ("online",), ("received",))
        on_time = None if small else _share(counts, ("resolved_on_time",), ("resolved",))
        rows.append(
            TrendRow(
                month=f"{month:%m/%Y}",
                received=_("dưới %(n)s") % {"n": minimum} if small else received,
                online=_percent(online),
                on_time=_percent(on_time),
                online_width=round((online or 0) * 100),
                on_time_width=round((on_time or 0) * 100),
                x=n * 10 + 1,
            )
        )
    return rows
