"""Reads of the figures: the index per agency, province and period, trends, officers' views.

Every figure comes from the tallies (one grouped query over the period's ``*`` rows), never from
the dossier table; the catalogue measures are read from the (small) catalogue as it stands.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from motcua.accounts.models import AdministrativeUnitLevel, Agency, User
from motcua.accounts.selectors import administrative_units_active
from motcua.catalog.models import OnlineLevel, ProcedureVersion, VersionStatus
from motcua.core.periods import in_force
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.reporting.definitions import CATALOG_MEASURES, Group, Indicator, index_groups
from motcua.reporting.models import (
    ALL_PROCEDURES,
    WHOLE_YEAR,
    ReportRollup,
    ReportStepTally,
    ReportTally,
)

OPEN = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.RESULT_READY)


@dataclass(frozen=True)
class Period:
    """Months ``first`` to ``last`` inclusive (first days of month)."""

    first: date
    last: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 1))

    @property
    def whole_years(self) -> bool:
        return self.first.month == 1 and self.last.month == 12

    def months(self) -> list[date]:
        out, current = [], self.first
        while current <= self.last:
            out.append(current)
            current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
        return out


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    numerator: int
    denominator: int
    points: float
    #: Enough dossiers (or feedback items) in the denominator to score the indicator: at least
    #: ``MOTCUA_REPORTING_MIN_COUNT``. Otherwise it earns nothing and reads "chưa đủ dữ liệu".
    enough: bool = True

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def suppressed(self, minimum: int) -> bool:
        """A count below ``minimum`` (but not zero) is hidden on public pages."""
        return 0 < self.denominator < minimum or 0 < self.numerator < minimum


@dataclass(frozen=True)
class GroupValue:
    group: Group
    indicators: tuple[IndicatorValue, ...]

    @property
    def points(self) -> float:
        return round(sum(i.points for i in self.indicators), 2)


@dataclass
class IndexValue:
    """The index of one agency (or a province, or the nation) over one period."""

    agency: Agency | None
    groups: tuple[GroupValue, ...]
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> float:
        return round(sum(g.points for g in self.groups), 2)

    def ranked(self, minimum: int) -> bool:
        """An agency is ranked only on at least ``minimum`` dossiers received in the period."""
        return self.counts["received"] >= max(minimum, 1)


def compute_index(
    counts: Counter[str], *, agency: Agency | None = None, minimum: int | None = None
) -> IndexValue:
    """The five groups from the measure counts (the formula each indicator names).

    An indicator counted from the history earns points only on at least ``minimum`` (by default
    ``MOTCUA_REPORTING_MIN_COUNT``) items in its denominator: one paid fee is no evidence of 8/8.
    Indicators read from the catalogue count procedures, not dossiers, and are always scored.
    """
    least = minimum_public_count() if minimum is None else minimum
    groups = []
    for group in index_groups():
        values = []
        for indicator in group.indicators:
            numerator = sum(counts[m] for m in indicator.numerator)
            denominator = sum(counts[m] for m in indicator.denominator)
            from_catalog = all(m in CATALOG_MEASURES for m in indicator.denominator)
            enough = denominator > 0 and (from_catalog or denominator >= least)
            points = indicator.points * min(numerator / denominator, 1.0) if enough else 0.0
            values.append(
                IndicatorValue(indicator, numerator, denominator, round(points, 2), enough)
            )
        groups.append(GroupValue(group, tuple(values)))
    return IndexValue(agency=agency, groups=tuple(groups), counts=counts)


def ranking(values: Sequence[IndexValue], *, minimum: int) -> list[tuple[int | None, IndexValue]]:
    """(rank, value) in the order of :func:`agency_indexes`; ``None`` for an agency with too few
    dossiers to be ranked ("chưa đủ dữ liệu"), listed after the ranked ones."""
    out: list[tuple[int | None, IndexValue]] = []
    rank = 0
    for value in values:
        if value.ranked(minimum):
            rank += 1
            out.append((rank, value))
        else:
            out.append((None, value))
    return out


def _tallies(
    period: Period, *, province: str = "", agency_ids: Sequence[int] = (), monthly: bool = False
) -> QuerySet[ReportTally]:
    """The period's rows summing every procedure: the yearly ones when the period is whole years."""
    if period.whole_years and not monthly:
        rows = ReportTally.objects.filter(
            procedure_code=WHOLE_YEAR,
            month__gte=period.first,
            month__lte=period.last.replace(month=1),
        )
    else:
        rows = ReportTally.objects.filter(
            procedure_code=ALL_PROCEDURES, month__gte=period.first, month__lte=period.last
        )
    if province:
        rows = rows.filter(province=province)
    if agency_ids:
        rows = rows.filter(agency_id__in=agency_ids)
    return rows


def _rollups(
    period: Period, *, province: str = "", monthly: bool = False
) -> QuerySet[ReportRollup]:
    """The same rows as :func:`_tallies` summed per province (a few dozen per month)."""
    if period.whole_years and not monthly:
        rows = ReportRollup.objects.filter(
            procedure_code=WHOLE_YEAR,
            month__gte=period.first,
            month__lte=period.last.replace(month=1),
        )
    else:
        rows = ReportRollup.objects.filter(
            procedure_code=ALL_PROCEDURES, month__gte=period.first, month__lte=period.last
        )
    if province:
        rows = rows.filter(province=province)
    return rows


def measure_counts_by_agency(
    period: Period, *, province: str = "", agency_ids: Sequence[int] = ()
) -> dict[int, Counter[str]]:
    found: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        _tallies(period, province=province, agency_ids=agency_ids)
        .values("agency_id", "measure")
        .annotate(total=Sum("count"))
        .values_list("agency_id", "measure", "total")
    )
    for agency_id, measure, total in rows:
        found[agency_id][measure] += int(total or 0)
    return found


def catalog_counts(agencies: Iterable[Agency], *, on: date) -> dict[int, Counter[str]]:
    """The catalogue measures of each agency: versions naming it, or of its kind when none named."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    wanted = {a.pk: a for a in agencies}
    for agency in wanted.values():
        by_kind[agency.kind].append(agency.pk)
    out: dict[int, Counter[str]] = {pk: Counter() for pk in wanted}
    versions_in_force = ProcedureVersion.objects.filter(in_force(on))
    versions = versions_in_force.values_list(
        "pk", "status", "online_level", "competent_agency_kind"
    ).order_by("pk")
    # Every agency a version names, not only the ones asked about: a version naming another
    # agency is that agency's, not one of its kind's.
    named: dict[int, list[int]] = defaultdict(list)
    through = ProcedureVersion.agencies.through.objects.filter(
        procedureversion__in=versions_in_force
    )
    for version_id, agency_id in through.values_list("procedureversion_id", "agency_id"):
        named[version_id].append(agency_id)
    for version_id, status, level, kind in versions:
        holders = named.get(version_id) or by_kind.get(kind, [])
        for agency_id in holders:
            if agency_id not in out:
                continue
            counts = out[agency_id]
            counts["catalog_in_force"] += 1
            if status == VersionStatus.PUBLISHED:
                counts["catalog_published"] += 1
                if level == OnlineLevel.FULL:
                    counts["catalog_full_online"] += 1
    return out


def tallies_revision(period: Period, *, province: str = "") -> tuple[int, int]:
    """A name of the current state of the period's figures: (rollup rows, sum of revisions).

    Every change of a tally the ranking reads changes its rollup row's revision, so an equal
    pair means equal figures; reading it costs one indexed read of a few hundred rows.
    """
    found = _rollups(period, province=province).aggregate(rows=Count("pk"), sum=Sum("revision"))
    return int(found["rows"] or 0), int(found["sum"] or 0)


@dataclass(frozen=True)
class _Ranking:
    revision: tuple[int, int]
    computed: float  # time.monotonic() of the computation
    values: tuple[IndexValue, ...]


#: Rankings computed by this process, by period, province, day and definitions. Kept as objects
#: (not in the shared cache): unpickling 500 agencies' indicators costs more than computing them.
_RANKINGS: dict[tuple[date, date, str, date, str], _Ranking] = {}
_RANKINGS_MAX = 64


def agency_indexes(period: Period, *, on: date, province: str = "") -> list[IndexValue]:
    """Every agency with figures in the period, best first (the ranking).

    At national scale the ranking reads one row per agency and measure; a page view should only
    read :func:`tallies_revision`. A ranking is reused while the revision is unchanged, or for
    ``MOTCUA_REPORTING_STALE_SECONDS`` after it changed (under a steady stream of dossiers the
    figures change every second), and never longer than ``MOTCUA_REPORTING_CACHE_SECONDS`` (so
    a change of the catalogue shows too).
    """
    longest = int(settings.MOTCUA_REPORTING_CACHE_SECONDS)
    if longest <= 0:
        return agency_indexes_computed(period, on=on, province=province)
    revision = tallies_revision(period, province=province)
    key = (
        period.first,
        period.last,
        province,
        on,
        f"{settings.MOTCUA_REPORTING_DEFINITIONS}|{minimum_public_count()}",
    )
    # An age, not a moment of the domain: the monotonic clock of this process is what fits.
    now = time.monotonic()
    found = _RANKINGS.get(key)
    if found is not None:
        age = now - found.computed
        stale = int(settings.MOTCUA_REPORTING_STALE_SECONDS)
        if age < longest and (found.revision == revision or age < stale):
            return list(found.values)
    values = agency_indexes_computed(period, on=on, province=province)
    if len(_RANKINGS) >= _RANKINGS_MAX:
        _RANKINGS.clear()
    _RANKINGS[key] = _Ranking(revision=revision, computed=now, values=tuple(values))
    return values


def agency_indexes_computed(period: Period, *, on: date, province: str = "") -> list[IndexValue]:
    """The ranking computed from the tallies."""
    counts = measure_counts_by_agency(period, province=province)
    agencies = list(Agency.objects.filter(pk__in=list(counts)).order_by("code"))
    catalog = catalog_counts(agencies, on=on)
    out = []
    for agency in agencies:
        merged = counts[agency.pk] + catalog.get(agency.pk, Counter())
        out.append(compute_index(merged, agency=agency))
    # The agencies with enough dossiers to be ranked come first, best first; the others after.
    minimum = minimum_public_count()
    out.sort(
        key=lambda value: (
            not value.ranked(minimum),
            -value.total,
            value.agency.code if value.agency else "",
        )
    )
    return out


def agency_index(agency: Agency, period: Period, *, on: date) -> IndexValue:
    counts = measure_counts_by_agency(period, agency_ids=[agency.pk]).get(agency.pk, Counter())
    merged = counts + catalog_counts([agency], on=on).get(agency.pk, Counter())
    return compute_index(merged, agency=agency)


def overall_index(period: Period, *, on: date, province: str = "") -> IndexValue:
    """Every agency (of the province) summed: counts first, then the ratios."""
    return overall_of(agency_indexes(period, on=on, province=province))


def overall_of(values: Sequence[IndexValue]) -> IndexValue:
    """:func:`overall_index` from the ranking already read (the same agencies, the same counts)."""
    totals: Counter[str] = Counter()
    for value in values:
        totals.update(value.counts)
    return compute_index(totals)


#: The measures the monthly trends show.
TREND_MEASURES = ("received", "online", "resolved", "resolved_on_time")


def monthly_counts(
    period: Period,
    *,
    agency_ids: Sequence[int] = (),
    province: str = "",
    measures: Sequence[str] = TREND_MEASURES,
) -> list[tuple[date, Counter[str]]]:
    by_month: dict[date, Counter[str]] = {m: Counter() for m in period.months()}
    rows: QuerySet[ReportTally] | QuerySet[ReportRollup] = (
        _tallies(period, province=province, agency_ids=agency_ids, monthly=True)
        if agency_ids
        else _rollups(period, province=province, monthly=True)
    )
    if measures:
        rows = rows.filter(measure__in=measures)
    sums = (
        rows.values("month", "measure")
        .annotate(total=Sum("count"))
        .values_list("month", "measure", "total")
    )
    for month, measure, total in sums:
        by_month.setdefault(month, Counter())[measure] += int(total or 0)
    return sorted(by_month.items())


def province_choices(period: Period, *, on: date) -> list[tuple[str, str]]:
    """(code, name) of the provinces with figures in the period, by name; a code the register of
    administrative units does not know keeps its code as its name."""
    codes = provinces_with_figures(period)
    names = dict(
        administrative_units_active(on=on, level=AdministrativeUnitLevel.PROVINCE)
        .filter(code__in=codes)
        .values_list("code", "name")
    )
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda p: (p[1], p[0]))


def provinces_with_figures(period: Period) -> list[str]:
    return sorted(
        set(
            _rollups(period)
            .exclude(province="")
            .exclude(count=0)
            .values_list("province", flat=True)
            .distinct()
        )
    )


@dataclass(frozen=True)
class OfficerSteps:
    officer: User
    early: int
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late


def officer_steps(period: Period, *, agency_ids: Sequence[int]) -> list[OfficerSteps]:
    rows = (
        ReportStepTally.objects.filter(
            agency_id__in=agency_ids, month__gte=period.first, month__lte=period.last
        )
        .values("officer_id", "outcome")
        .annotate(total=Sum("count"))
        .values_list("officer_id", "outcome", "total")
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for officer_id, outcome, total in rows:
        counts[officer_id][outcome] += int(total or 0)
    users = {u.pk: u for u in User.objects.filter(pk__in=list(counts))}
    out = [
        OfficerSteps(users[pk], c["early"], c["on_time"], c["late"])
        for pk, c in counts.items()
        if pk in users
    ]
    out.sort(key=lambda s: (-s.late, str(s.officer)))
    return out


def late_dossiers(*, agency_ids: Sequence[int], period: Period, limit: int = 100) -> list[Dossier]:
    """The dossiers behind the late figures: open and marked late, or closed late in the period."""
    end = date(period.last.year + (period.last.month == 12), period.last.month % 12 + 1, 1)
    rows = (
        Dossier.objects.filter(competent_agency_id__in=agency_ids, marked_late=True)
        .filter(Q(status__in=OPEN) | Q(closed_at__date__gte=period.first, closed_at__date__lt=end))
        .select_related("procedure_version")
        .order_by("due_at", "code")
    )
    return list(rows[:limit])


def minimum_public_count() -> int:
    return int(settings.MOTCUA_REPORTING_MIN_COUNT)
