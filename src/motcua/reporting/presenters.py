"""Plain data for the dashboards' templates (portal and back-office render the same figures)."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.templatetags.design import number_text
from motcua.core.text import is_ascii_digits
from motcua.reporting.selectors import IndexValue, Period, monthly_counts

FIRST_YEAR = 2020
#: An indicator (or an agency) with fewer dossiers than MOTCUA_REPORTING_MIN_COUNT in the period.
NOT_ENOUGH_DATA = gettext_lazy("chưa đủ dữ liệu")


def period_from(raw: str) -> tuple[Period, int]:
    """The calendar year named by ``raw`` (this year when it is not a year we hold)."""
    today = timezone.localdate()
    year = int(raw) if is_ascii_digits(raw) and FIRST_YEAR <= int(raw) <= today.year else today.year
    return Period.year(year), year


def province_from(raw: str) -> str:
    return raw if is_ascii_digits(raw) and len(raw) <= 5 else ""


def _percent(value: float | None) -> str:
    return "—" if value is None else number_text(value * 100, decimals=1) + " %"


def points_text(value: float) -> str:
    return number_text(value, decimals=2)


def rate_text(numerator: int, denominator: int) -> str:
    """A rate with the counts behind it: "95,0 % (19/20)"."""
    return f"{_percent(numerator / denominator)} ({numerator}/{denominator})"


def indicator_rows(value: IndexValue, *, minimum: int) -> list[dict[str, Any]]:
    rows = []
    for group in value.groups:
        for item in group.indicators:
            hidden = minimum > 0 and item.suppressed(minimum)
            below = _("dưới %(n)s") % {"n": minimum}
            short = item.denominator > 0 and not item.enough
            if short:
                rate = str(NOT_ENOUGH_DATA)
            elif hidden or item.rate is None:
                rate = "—"
            else:
                rate = rate_text(item.numerator, item.denominator)
            rows.append(
                {
                    "group": group.group.name,
                    "code": item.indicator.code,
                    "name": item.indicator.name,
                    "numerator": below if hidden and item.numerator else item.numerator,
                    # A large denominator stays shown when only the numerator is small.
                    "denominator": below
                    if hidden and item.denominator < minimum
                    else item.denominator,
                    "rate": str(rate),
                    "enough": not short,
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


#: The trend chart's plot area (SVG user units): 0 % at the bottom, 100 % at the top.
CHART_LEFT, CHART_TOP, CHART_HEIGHT, MONTH_WIDTH, BAR_WIDTH = 56, 16, 200, 56, 20


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
        return CHART_TOP + CHART_HEIGHT - self.online_height

    @property
    def on_time_y(self) -> int:
        return CHART_TOP + CHART_HEIGHT - self.on_time_height

    @property
    def online_height(self) -> int:
        return self.online_width * CHART_HEIGHT // 100

    @property
    def on_time_height(self) -> int:
        return self.on_time_width * CHART_HEIGHT // 100

    @property
    def x2(self) -> int:
        return self.x + BAR_WIDTH

    @property
    def label_x(self) -> int:
        return self.x + BAR_WIDTH


@dataclass(frozen=True)
class TrendAxes:
    """The frame of the trend chart: its size, the 0–100 % ticks, the baseline."""

    width: int
    height: int
    left: int
    right: int
    baseline: int
    label_y: int
    ticks: list[tuple[int, str]]


def trend_axes(rows: list[TrendRow]) -> TrendAxes:
    right = CHART_LEFT + max(len(rows), 1) * MONTH_WIDTH
    baseline = CHART_TOP + CHART_HEIGHT
    ticks = [(baseline - p * CHART_HEIGHT // 100, f"{p} %") for p in (0, 25, 50, 75, 100)]
    return TrendAxes(
        width=right + 8,
        height=baseline + 40,
        left=CHART_LEFT,
        right=right,
        baseline=baseline,
        label_y=baseline + 20,
        ticks=ticks,
    )


def _share(counts: Counter[str], top: tuple[str, ...], bottom: tuple[str, ...]) -> float | None:
    denominator = sum(counts[m] for m in bottom)
    return sum(counts[m] for m in top) / denominator if denominator else None


def _share_text(counts: Counter[str], top: str, bottom: str, *, small: bool) -> str:
    if small:
        return "—"
    if not counts[bottom]:
        return _percent(None)
    return rate_text(counts[top], counts[bottom])


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
                online=_share_text(counts, "online", "received", small=small),
                on_time=_share_text(counts, "resolved_on_time", "resolved", small=small),
                online_width=round((online or 0) * 100),
                on_time_width=round((on_time or 0) * 100),
                x=CHART_LEFT + n * MONTH_WIDTH + (MONTH_WIDTH - 2 * BAR_WIDTH) // 2,
            )
        )
    return rows
