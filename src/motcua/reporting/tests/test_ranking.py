"""The index's arithmetic and its ranking (Decision 766/QĐ-TTg), pinned on hand-made tallies.

An indicator earns ``points x numerator / denominator`` (never more than its points) once its
denominator holds at least ``MOTCUA_REPORTING_MIN_COUNT`` items; a public count under that minimum
is hidden; an agency is ranked on at least that many dossiers received in the period, best first.
"""

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency, AgencyKind, User
from motcua.accounts.tests.factories import AgencyFactory, ProvinceFactory, UserFactory
from motcua.catalog.models import OnlineLevel, ProcedureVersion, VersionStatus
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.tests.factories import build_world, submit
from motcua.reporting import selectors
from motcua.reporting.definitions import Indicator, _groups_from, index_groups
from motcua.reporting.models import (
    ALL_PROCEDURES,
    WHOLE_YEAR,
    ReportRollup,
    ReportStepTally,
    ReportTally,
)
from motcua.reporting.selectors import (
    GroupValue,
    IndexValue,
    IndicatorValue,
    Period,
    agency_index,
    agency_indexes,
    agency_indexes_computed,
    catalog_counts,
    compute_index,
    late_dossiers,
    measure_counts_by_agency,
    monthly_counts,
    officer_steps,
    overall_index,
    overall_of,
    province_choices,
    provinces_with_figures,
    ranking,
    tallies_revision,
)

ON = date(2026, 6, 1)
ONLINE = ["direct", "online"]


def indicator(code: str) -> Indicator:
    return next(i for g in index_groups() for i in g.indicators if i.code == code)


def values(counts: Counter[str], *, minimum: int | None = None) -> dict[str, IndicatorValue]:
    index = compute_index(counts, minimum=minimum)
    return {v.indicator.code: v for g in index.groups for v in g.indicators}


def test_a_period_runs_month_by_month_across_the_new_year() -> None:
    period = Period(date(2025, 11, 1), date(2026, 2, 1))
    assert period.months() == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert not period.whole_years
    assert Period.year(2026) == Period(date(2026, 1, 1), date(2026, 12, 1))
    assert Period.year(2026).whole_years
    assert len(Period.year(2026).months()) == 12
    assert not Period(date(2026, 1, 1), date(2026, 11, 1)).whole_years
    assert not Period(date(2026, 2, 1), date(2026, 12, 1)).whole_years
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).months() == [date(2026, 3, 1)]


def test_an_indicator_is_scored_from_the_minimum_count_up() -> None:
    # 4.2 "Hồ sơ nộp trực tuyến": 8 points x online / received
    at_minimum = values(Counter({"received": 5, "online": 2}), minimum=5)["4.2"]
    assert (at_minimum.enough, at_minimum.points, at_minimum.rate) == (True, 3.2, 0.4)
    below = values(Counter({"received": 4, "online": 2}), minimum=5)["4.2"]
    assert (below.enough, below.points, below.rate) == (False, 0.0, 0.5)
    empty = values(Counter(), minimum=0)["4.2"]
    assert (empty.enough, empty.points, empty.rate) == (False, 0.0, None)


def test_the_minimum_comes_from_the_settings_when_not_given(settings: Settings) -> None:
    settings.MOTCUA_REPORTING_MIN_COUNT = 3
    assert values(Counter({"received": 3, "online": 3}))["4.2"].points == 8.0
    assert values(Counter({"received": 2, "online": 2}))["4.2"].points == 0.0


def test_an_indicator_never_earns_more_than_its_points() -> None:
    # more dossiers paid online than dossiers with a fee (a fee added after reception)
    assert values(Counter({"with_fee": 5, "paid_online": 7}), minimum=5)["4.3"].points == 8.0


def test_the_catalogue_indicators_count_procedures_and_are_scored_on_one() -> None:
    one = values(Counter({"catalog_in_force": 1, "catalog_published": 1}), minimum=5)
    assert (one["1.1"].enough, one["1.1"].points) == (True, 4.0)
    none = values(Counter({"catalog_published": 1}), minimum=5)
    assert (none["1.1"].enough, none["1.1"].points) == (False, 0.0)


def test_points_are_rounded_to_hundredths() -> None:
    # 20 x 2/3 = 13.333...; 6 x 1/3 = 2 ; the group and the index add the rounded points
    got = values(Counter({"resolved": 3, "resolved_on_time": 2}), minimum=1)
    assert got["2.1"].points == 13.33
    third = IndicatorValue(indicator("3.3"), 1, 3, 0.333)
    group = GroupValue(index_groups()[2], (third, third, third))
    assert group.points == 1.0
    index = IndexValue(agency=None, groups=(group, group, group))
    assert index.total == 3.0


@pytest.mark.parametrize(
    ("numerator", "denominator", "hidden"),
    [
        (0, 0, False),
        (0, 1, True),
        (0, 5, False),
        (5, 5, False),
        (4, 5, True),
        (1, 5, True),
        (0, 4, True),
        (5, 6, False),
    ],
)
def test_a_public_count_under_the_minimum_is_hidden(
    numerator: int, denominator: int, hidden: bool
) -> None:
    value = IndicatorValue(indicator("4.2"), numerator, denominator, 0.0)
    assert value.suppressed(5) is hidden


def test_an_agency_is_ranked_on_the_minimum_of_dossiers_received() -> None:
    assert compute_index(Counter({"received": 5}), minimum=5).ranked(5)
    assert not compute_index(Counter({"received": 4}), minimum=5).ranked(5)
    # with no minimum an agency still needs one dossier
    assert not compute_index(Counter(), minimum=0).ranked(0)
    assert compute_index(Counter({"received": 1}), minimum=0).ranked(0)


def test_the_ranks_skip_the_agencies_with_too_few_dossiers() -> None:
    big = compute_index(Counter({"received": 9}), minimum=5)
    small = compute_index(Counter({"received": 2}), minimum=5)
    other = compute_index(Counter({"received": 5}), minimum=5)
    assert ranking([big, other, small], minimum=5) == [(1, big), (2, other), (None, small)]
    assert ranking([big, small, other], minimum=5) == [(1, big), (None, small), (2, other)]


def tally(
    agency: Agency, month: date, measure: str, count: int, procedure: str = ALL_PROCEDURES
) -> None:
    ReportTally.objects.create(
        agency=agency,
        province="01",
        procedure_code=procedure,
        month=month,
        measure=measure,
        count=count,
    )


def history(agency: Agency, months: dict[int, dict[str, int]]) -> None:
    """Monthly ``*`` rows and the matching whole-year ``**`` row, as the aggregates keep them."""
    year: Counter[str] = Counter()
    for month, counts in months.items():
        for measure, count in counts.items():
            tally(agency, date(2026, month, 1), measure, count)
            year[measure] += count
    for measure, count in year.items():
        tally(agency, date(2026, 1, 1), measure, count, WHOLE_YEAR)


@pytest.mark.django_db
def test_a_period_reads_its_months_or_its_whole_year() -> None:
    agency: Agency = AgencyFactory.create()
    history(
        agency, {1: {"received": 1}, 2: {"received": 2}, 3: {"received": 4}, 12: {"received": 8}}
    )
    assert measure_counts_by_agency(Period.year(2026))[agency.pk]["received"] == 15
    assert (
        measure_counts_by_agency(Period(date(2026, 2, 1), date(2026, 3, 1)))[agency.pk]["received"]
        == 6
    )
    assert (
        measure_counts_by_agency(Period(date(2026, 3, 1), date(2026, 12, 1)))[agency.pk]["received"]
        == 12
    )
    assert measure_counts_by_agency(Period.year(2025)) == {}
    assert measure_counts_by_agency(Period.year(2026), province="02") == {}
    assert measure_counts_by_agency(Period.year(2026), agency_ids=[agency.pk + 1]) == {}


@pytest.mark.django_db
def test_the_ranking_puts_the_best_ranked_agency_first_and_the_unranked_last(
    settings: Settings,
) -> None:
    settings.MOTCUA_REPORTING_MIN_COUNT = 5
    # all resolved on time (20 points) / half on time (10) / too few dossiers, all on time
    best: Agency = AgencyFactory.create(code="000.00.03.H26")
    half: Agency = AgencyFactory.create(code="000.00.01.H26")
    tie: Agency = AgencyFactory.create(code="000.00.02.H26")
    few: Agency = AgencyFactory.create(code="000.00.00.H26")
    history(best, {3: {"received": 6, "resolved": 6, "resolved_on_time": 6}})
    history(half, {3: {"received": 6, "resolved": 6, "resolved_on_time": 3}})
    history(tie, {3: {"received": 6, "resolved": 6, "resolved_on_time": 3}})
    history(few, {3: {"received": 4, "resolved": 4, "resolved_on_time": 4}})
    ranked = agency_indexes_computed(Period.year(2026), on=ON)
    assert [v.agency for v in ranked] == [best, half, tie, few]
    assert [v.total for v in ranked] == [26.0, 16.0, 16.0, 0.0]
    assert [r for r, _ in ranking(ranked, minimum=5)] == [1, 2, 3, None]


@pytest.mark.django_db
def test_the_monthly_trend_lists_every_month_of_the_period() -> None:
    agency: Agency = AgencyFactory.create()
    history(agency, {2: {"received": 3, "online": 1, "with_fee": 9}})
    for measure, count in (("received", 3), ("online", 1), ("with_fee", 9)):
        ReportRollup.objects.create(
            province="01",
            procedure_code=ALL_PROCEDURES,
            month=date(2026, 2, 1),
            measure=measure,
            count=count,
        )
    period = Period(date(2026, 1, 1), date(2026, 3, 1))
    expected = [
        (date(2026, 1, 1), Counter()),
        (date(2026, 2, 1), Counter({"received": 3, "online": 1})),
        (date(2026, 3, 1), Counter()),
    ]
    assert monthly_counts(period) == expected
    assert monthly_counts(period, agency_ids=[agency.pk]) == expected
    assert monthly_counts(period, province="02") == [(m, Counter()) for m, _ in expected]
    assert monthly_counts(period, measures=("with_fee",))[1] == (
        date(2026, 2, 1),
        Counter({"with_fee": 9}),
    )


@pytest.mark.django_db
def test_the_catalogue_figures_count_the_procedures_in_force_named_for_or_of_the_agency() -> None:
    # not asked about (and read first: the lowest id)
    unasked: Agency = AgencyFactory.create(kind=AgencyKind.PROVINCIAL_DEPARTMENT)
    military: Agency = AgencyFactory.create(kind=AgencyKind.COMMUNE_MILITARY_COMMAND)
    other_military: Agency = AgencyFactory.create(kind=AgencyKind.COMMUNE_MILITARY_COMMAND)
    department: Agency = AgencyFactory.create(kind=AgencyKind.PROVINCIAL_DEPARTMENT)
    # of the military commands' kind, full-process online, published
    published_version(national_code="1.000001", online_level=OnlineLevel.FULL, channels=ONLINE)
    # of that kind too, but naming the department: it is the department's only
    named = published_version(
        national_code="1.000002", online_level=OnlineLevel.FULL, channels=ONLINE
    )
    named.agencies.set([department])
    # in force but its publication withdrawn (bản chưa công bố): in force, not published
    draft = published_version(
        national_code="1.000003", online_level=OnlineLevel.FULL, channels=ONLINE
    )
    ProcedureVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.DRAFT)
    # not yet in force on the day
    published_version(national_code="1.000004", valid_from=date(2026, 6, 2))
    counts = catalog_counts([military, other_military, department], on=ON)
    assert counts[military.pk] == Counter(
        {"catalog_in_force": 2, "catalog_published": 1, "catalog_full_online": 1}
    )
    assert counts[other_military.pk] == counts[military.pk]
    assert counts[department.pk] == Counter(
        {"catalog_in_force": 1, "catalog_published": 1, "catalog_full_online": 1}
    )
    # asked about alone, an agency still does not count a version naming another one
    assert catalog_counts([military], on=ON)[military.pk] == counts[military.pk]
    # a version of a kind none of them is, and one naming an agency not asked about first
    published_version(national_code="1.000005", competent_agency_kind=AgencyKind.COMMUNE_POLICE)
    shared = published_version(national_code="1.000006")
    shared.agencies.add(unasked)
    shared.agencies.add(department)
    # a second published full-process procedure of the military commands
    published_version(national_code="1.000007", online_level=OnlineLevel.FULL, channels=ONLINE)
    counts = catalog_counts([military, department], on=ON)
    assert counts[military.pk] == Counter(
        {"catalog_in_force": 3, "catalog_published": 2, "catalog_full_online": 2}
    )
    assert counts[department.pk] == Counter(
        {"catalog_in_force": 2, "catalog_published": 2, "catalog_full_online": 1}
    )
    # on the day the fourth comes into force
    assert catalog_counts([military], on=date(2026, 6, 2))[military.pk]["catalog_in_force"] == 4


@pytest.mark.django_db
def test_an_agency_s_index_adds_its_catalogue_to_its_history() -> None:
    agency: Agency = AgencyFactory.create(kind=AgencyKind.COMMUNE_MILITARY_COMMAND)
    history(agency, {3: {"received": 6, "online": 3}})
    published_version(national_code="1.000001", online_level=OnlineLevel.FULL, channels=ONLINE)
    index = agency_index(agency, Period.year(2026), on=ON)
    assert index.agency == agency
    assert index.counts == Counter(
        {
            "received": 6,
            "online": 3,
            "catalog_in_force": 1,
            "catalog_published": 1,
            "catalog_full_online": 1,
        }
    )
    # 1.1 published 4/4, 1.2 public progress 6/6, 4.1 full process 6/6, 4.2 online 8 x 3/6
    assert index.total == 4 + 6 + 6 + 4
    assert agency_indexes_computed(Period.year(2026), on=ON)[0].counts == index.counts
    assert overall_of([index, index]).counts == index.counts + index.counts


def step_tally(agency: Agency, officer: User, month: date, outcome: str, count: int) -> None:
    ReportStepTally.objects.create(
        agency=agency, officer=officer, month=month, outcome=outcome, count=count
    )


@pytest.mark.django_db
def test_the_officers_with_the_most_late_steps_come_first() -> None:
    agency: Agency = AgencyFactory.create()
    elsewhere: Agency = AgencyFactory.create()
    prompt: User = UserFactory.create(full_name="Lê Văn A")
    slow: User = UserFactory.create(full_name="Trần Thị C")
    also_slow: User = UserFactory.create(full_name="Phạm Văn B")
    step_tally(agency, prompt, date(2026, 3, 1), "early", 4)
    step_tally(agency, prompt, date(2026, 3, 1), "on_time", 2)
    step_tally(agency, slow, date(2026, 3, 1), "late", 2)
    step_tally(agency, slow, date(2026, 4, 1), "late", 1)
    step_tally(agency, also_slow, date(2026, 3, 1), "late", 3)
    step_tally(elsewhere, prompt, date(2026, 3, 1), "late", 9)
    step_tally(agency, prompt, date(2025, 12, 1), "late", 9)
    step_tally(agency, prompt, date(2027, 1, 1), "late", 9)
    # a row kept at zero counts nothing
    step_tally(agency, prompt, date(2026, 5, 1), "late", 0)
    rows = officer_steps(Period.year(2026), agency_ids=[agency.pk])
    assert [(r.officer, r.early, r.on_time, r.late, r.total) for r in rows] == [
        (also_slow, 0, 0, 3, 3),
        (slow, 0, 0, 3, 3),
        (prompt, 4, 2, 0, 6),
    ]
    assert [
        r.late
        for r in officer_steps(Period(date(2026, 4, 1), date(2026, 4, 1)), agency_ids=[agency.pk])
    ] == [1]


@pytest.mark.django_db
def test_the_late_dossiers_behind_the_figures_are_open_or_closed_in_the_period() -> None:
    world = build_world()
    due = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)

    def dossier(**fields: Any) -> Dossier:
        made = submit(world).dossier
        Dossier.objects.filter(pk=made.pk).update(**fields)
        return Dossier.objects.get(pk=made.pk)

    # 31 December 23:00 and 1 January 01:00 in Hà Nội (UTC+7)
    last_day = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
    next_year = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)
    open_late = dossier(marked_late=True, due_at=due + timedelta(days=1))
    closed_late = dossier(
        marked_late=True, due_at=due, status=DossierStatus.RETURNED, closed_at=last_day
    )
    dossier(marked_late=True, due_at=due, status=DossierStatus.RETURNED, closed_at=next_year)
    closed_in_january = dossier(
        marked_late=True,
        due_at=due + timedelta(hours=1),
        status=DossierStatus.REFUSED,
        closed_at=datetime(2026, 1, 15, 3, 0, tzinfo=UTC),
    )
    dossier(marked_late=False, due_at=due)
    dossier(marked_late=True, due_at=due, status=DossierStatus.WITHDRAWN)
    found = late_dossiers(agency_ids=[world.competent.pk], period=Period.year(2026))
    assert found == [closed_late, closed_in_january, open_late]
    assert late_dossiers(agency_ids=[world.competent.pk], period=Period.year(2026), limit=1) == [
        closed_late
    ]
    assert late_dossiers(agency_ids=[world.centre.pk], period=Period.year(2026)) == []
    # at most a hundred, the earliest due first, then by code
    template = Dossier.objects.get(pk=open_late.pk)
    clones = []
    for n in reversed(range(100)):
        template.pk = None
        template.code = f"{open_late.code}-{n:03d}"
        template.due_at = due + timedelta(days=2)
        fields = {f.attname: getattr(template, f.attname) for f in Dossier._meta.concrete_fields}
        clones.append(Dossier(**fields))
    Dossier.objects.bulk_create(clones)
    many = late_dossiers(agency_ids=[world.competent.pk], period=Period.year(2026))
    assert len(many) == 100
    assert many[:3] == [closed_late, closed_in_january, open_late]
    assert [d.code for d in many[3:]] == sorted(d.code for d in many[3:])
    Dossier.objects.filter(code__in=[c.code for c in clones]).delete()
    # a period ending in November ends on 30 November
    # and one starting in February starts on 1 February
    february_to_november = Period(date(2026, 2, 1), date(2026, 11, 1))
    assert late_dossiers(agency_ids=[world.competent.pk], period=february_to_november) == [
        open_late
    ]


@pytest.mark.django_db
def test_the_provinces_offered_are_those_with_figures_by_name() -> None:
    def rollup(province: str, count: int, revision: int = 0) -> None:
        ReportRollup.objects.create(
            province=province,
            procedure_code=WHOLE_YEAR,
            month=date(2026, 1, 1),
            measure="received",
            count=count,
            revision=revision,
        )

    b = ProvinceFactory.create(code="91", name="Tỉnh B")
    a = ProvinceFactory.create(code="92", name="Tỉnh A")
    rollup(b.code, 3, revision=10)
    rollup(a.code, 1, revision=5)
    rollup("93", 2)  # a code the register does not know
    rollup("94", 0)  # counted then taken back: no figures
    rollup("", 7)  # agencies in no province
    assert provinces_with_figures(Period.year(2026)) == ["91", "92", "93"]
    assert province_choices(Period.year(2026), on=ON) == [
        ("93", "93"),
        ("92", "Tỉnh A"),
        ("91", "Tỉnh B"),
    ]
    assert provinces_with_figures(Period.year(2025)) == []
    assert tallies_revision(Period.year(2026)) == (5, 15)
    assert tallies_revision(Period.year(2026), province="91") == (1, 10)
    assert tallies_revision(Period.year(2025)) == (0, 0)


@pytest.mark.django_db
def test_a_ranking_is_reused_until_its_figures_change_and_no_longer_than_its_lifetime(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MOTCUA_REPORTING_CACHE_SECONDS = 300
    settings.MOTCUA_REPORTING_STALE_SECONDS = 30
    clock = [1000.0]
    monkeypatch.setattr(selectors, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    selectors._RANKINGS.clear()
    period = Period.year(2026)
    first: Agency = AgencyFactory.create(code="000.00.01.H26")
    history(first, {3: {"received": 6}})
    row = ReportRollup.objects.create(
        province="01",
        procedure_code=WHOLE_YEAR,
        month=date(2026, 1, 1),
        measure="received",
        count=6,
        revision=1,
    )

    def ranked_codes(**kwargs: Any) -> list[str]:
        return [v.agency.code for v in agency_indexes(period, on=ON, **kwargs) if v.agency]

    assert ranked_codes() == ["000.00.01.H26"]
    # a second agency's tallies, its rollup not yet moved: the ranking read is reused
    history(AgencyFactory.create(code="000.00.02.H26"), {3: {"received": 6}})
    clock[0] = 1299.0
    assert ranked_codes() == ["000.00.01.H26"]
    # another day, another province: computed for that key
    assert [v.agency for v in agency_indexes(period, on=ON + timedelta(1))] != []
    assert len(agency_indexes(period, on=ON + timedelta(1))) == 2
    # the lifetime reached: computed again
    clock[0] = 1300.0
    assert ranked_codes() == ["000.00.01.H26", "000.00.02.H26"]
    # the figures change: the ranking read stays for the stale seconds, then it is recomputed
    history(AgencyFactory.create(code="000.00.00.H26"), {3: {"received": 6}})
    ReportRollup.objects.filter(pk=row.pk).update(revision=2)
    clock[0] = 1329.0
    assert len(ranked_codes()) == 2
    clock[0] = 1330.0
    assert len(ranked_codes()) == 3
    # with no lifetime every read computes
    settings.MOTCUA_REPORTING_CACHE_SECONDS = 0
    history(AgencyFactory.create(code="000.00.09.H26"), {3: {"received": 6}})
    assert len(ranked_codes()) == 4
    selectors._RANKINGS.clear()


@pytest.mark.django_db
def test_a_province_s_figures_are_its_agencies_only(settings: Settings) -> None:
    settings.MOTCUA_REPORTING_CACHE_SECONDS = 300
    selectors._RANKINGS.clear()
    agency: Agency = AgencyFactory.create()
    history(agency, {3: {"received": 6, "online": 6}})
    period = Period.year(2026)
    assert [v.agency for v in agency_indexes(period, on=ON, province="01")] == [agency]
    assert agency_indexes(period, on=ON, province="02") == []
    assert overall_index(period, on=ON, province="01").counts["received"] == 6
    assert overall_index(period, on=ON, province="02").total == 0
    # a new minimum is a new ranking, not the one read before
    assert agency_indexes(period, on=ON)[0].ranked(selectors.minimum_public_count())
    settings.MOTCUA_REPORTING_MIN_COUNT = 7
    assert not agency_indexes(period, on=ON)[0].ranked(7)
    assert agency_indexes(period, on=ON)[0].total == 0.0
    selectors._RANKINGS.clear()


@pytest.mark.django_db
def test_a_trend_over_a_whole_year_is_read_month_by_month() -> None:
    agency: Agency = AgencyFactory.create()
    history(agency, {2: {"received": 3}, 12: {"received": 1}})
    ReportRollup.objects.create(
        province="01",
        procedure_code=WHOLE_YEAR,
        month=date(2026, 1, 1),
        measure="received",
        count=4,
    )
    for month, count in ((2, 3), (12, 1)):
        ReportRollup.objects.create(
            province="01",
            procedure_code=ALL_PROCEDURES,
            month=date(2026, month, 1),
            measure="received",
            count=count,
        )
    for trend in (
        monthly_counts(Period.year(2026), agency_ids=[agency.pk]),
        monthly_counts(Period.year(2026)),
    ):
        assert [c["received"] for _, c in trend] == [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_an_indicator_mixing_catalogue_and_dossiers_needs_the_minimum(
    tmp_path: Path, settings: Settings
) -> None:
    # only an indicator counting procedures alone is scored on any count
    path = tmp_path / "definitions.json"
    path.write_text(
        json.dumps({"indicators": {"4.1": {"denominator": ["catalog_in_force", "received"]}}}),
        encoding="utf-8",
    )
    settings.MOTCUA_REPORTING_DEFINITIONS = str(path)
    _groups_from.cache_clear()
    try:
        counts = Counter({"catalog_in_force": 1, "catalog_full_online": 1, "received": 1})
        assert not values(counts, minimum=5)["4.1"].enough
        assert values(counts, minimum=2)["4.1"].points == 3.0
    finally:
        settings.MOTCUA_REPORTING_DEFINITIONS = ""
        _groups_from.cache_clear()
