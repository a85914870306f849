"""The seeded calendar answers right on every official day off and make-up day of 2024–2026.

The expected days are written out here from the government schedules, independently of the
data file the seeding reads.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from motcua.calendar import selectors
from motcua.calendar.models import CalendarRevision, DayEntry, DayKind
from motcua.calendar.selectors import (
    calendar_add_working_days,
    calendar_days_list,
    calendar_due_moment,
    calendar_due_moment_calendar_days,
    calendar_due_moment_hours,
    calendar_is_working_day,
    working_calendar_cache_clear,
    working_calendar_get,
)
from motcua.calendar.services import (
    agency_work_week_set,
    agency_working_hours_set,
    calendar_day_set,
    calendar_seed_year,
)
from motcua.calendar.tests.factories import MOMENT, DayEntryFactory, seed_official_years

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.00.12.H38"

DAYS_OFF = [
    # 2024
    "2024-01-01",
    *[f"2024-02-{d:02d}" for d in range(8, 15)],  # Tết Giáp Thìn, Thu 8/2 – Wed 14/2
    "2024-04-18",  # Hùng Vương
    "2024-04-27",
    "2024-04-28",
    "2024-04-29",  # swapped for Sat 4/5
    "2024-04-30",
    "2024-05-01",
    "2024-08-31",
    "2024-09-01",
    "2024-09-02",
    "2024-09-03",
    # 2025
    "2025-01-01",
    *[f"2025-01-{d:02d}" for d in range(25, 32)],  # Tết Ất Tỵ, Sat 25/1 – Sun 2/2
    "2025-02-01",
    "2025-02-02",
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",  # swapped for Sat 26/4
    "2025-05-03",
    "2025-05-04",
    "2025-08-30",
    "2025-08-31",
    "2025-09-01",
    "2025-09-02",
    # 2026
    "2026-01-01",
    "2026-01-02",  # swapped for Sat 10/1
    "2026-01-03",
    "2026-01-04",
    *[f"2026-02-{d:02d}" for d in range(14, 23)],  # Tết Bính Ngọ, Sat 14/2 – Sun 22/2
    "2026-04-26",
    "2026-04-27",  # compensatory for Hùng Vương on Sunday
    "2026-04-30",
    "2026-05-01",
    "2026-05-02",
    "2026-05-03",
    *[f"2026-08-{d:02d}" for d in range(29, 32)],
    "2026-09-01",
    "2026-09-02",
]
MAKE_UP_DAYS = ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"]
ORDINARY_WORKING_DAYS = [
    "2024-01-02",
    "2024-02-07",
    "2024-02-15",
    "2024-04-17",
    "2024-04-19",
    "2024-04-26",
    "2024-05-02",
    "2024-05-03",
    "2024-08-30",
    "2024-09-04",
    "2025-01-02",
    "2025-01-24",
    "2025-02-03",
    "2025-04-25",
    "2025-04-29",
    "2025-05-05",
    "2025-08-29",
    "2025-09-03",
    "2025-12-31",
    "2026-01-05",
    "2026-01-09",
    "2026-01-12",
    "2026-02-13",
    "2026-02-23",
    "2026-04-24",
    "2026-04-28",
    "2026-04-29",
    "2026-05-04",
    "2026-08-21",
    "2026-08-24",
    "2026-08-28",
    "2026-09-03",
]
ORDINARY_WEEKENDS = [
    "2024-05-05",
    "2024-05-11",
    "2024-04-20",
    "2025-04-19",
    "2025-04-27",
    "2025-05-10",
    "2026-01-17",
    "2026-01-11",
    "2026-08-15",
    "2026-08-23",
]


@pytest.fixture
def seeded() -> None:
    seed_official_years()


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("day", "expected"),
    [(d, False) for d in DAYS_OFF]
    + [(d, True) for d in MAKE_UP_DAYS]
    + [(d, True) for d in ORDINARY_WORKING_DAYS]
    + [(d, False) for d in ORDINARY_WEEKENDS],
)
def test_calendar_is_working_day_on_official_schedules(day: str, expected: bool) -> None:
    assert calendar_is_working_day(day=date.fromisoformat(day)) is expected


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_culture_day_2026_is_kept_from_the_package() -> None:
    assert calendar_is_working_day(day=date(2026, 11, 24)) is False
    [entry] = [d for d in calendar_days_list(year=2026) if d.date == date(2026, 11, 24)]
    assert entry.source.startswith("holidays package")
    assert entry.name == "Ngày Văn hóa Việt Nam"


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2024-04-26", 1, "2024-05-02"),
        ("2024-05-03", 1, "2024-05-04"),
        ("2024-02-07", 1, "2024-02-15"),
        ("2025-01-24", 1, "2025-02-03"),
        ("2025-04-25", 1, "2025-04-26"),
        ("2025-04-29", 1, "2025-05-05"),
        ("2025-12-31", 1, "2026-01-05"),
        ("2026-01-09", 1, "2026-01-10"),
        ("2026-02-13", 5, "2026-02-27"),
        ("2026-08-28", 1, "2026-09-03"),
    ],
)
def test_calendar_add_working_days_on_official_schedules(
    start: str, days: int, expected: str
) -> None:
    result = calendar_add_working_days(day=date.fromisoformat(start), days=days)
    assert result == date.fromisoformat(expected)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_calendar_due_moment_is_aware_end_of_working_hours() -> None:
    # Paper, Friday 13/2/2026 at 15:01 local: counts from Monday 23/2 after Tết; 1 day → 24/2.
    received = datetime(2026, 2, 13, 8, 1, tzinfo=UTC)
    due = calendar_due_moment(received_at=received, working_days=1, paper=True)
    assert due == datetime(2026, 2, 24, 17, 0, tzinfo=VN)
    online = calendar_due_moment(received_at=received, working_days=1, paper=False)
    assert online == datetime(2026, 2, 23, 17, 0, tzinfo=VN)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_calendar_due_moment_hours_skips_the_swapped_day() -> None:
    received = datetime(2025, 12, 31, 16, 0, tzinfo=VN)
    due = calendar_due_moment_hours(received_at=received, hours=2, paper=False)
    assert due == datetime(2026, 1, 5, 8, 30, tzinfo=VN)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_agency_saturdays_and_own_days_and_hours() -> None:
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 1, 1),
        at=MOMENT,
        actor="test",
    )
    calendar_day_set(
        day=date(2026, 3, 9),
        kind=DayKind.HOLIDAY,
        name="Ngày truyền thống",
        source="QĐ 1/QĐ",
        agency_code=AGENCY,
        at=MOMENT,
        actor="test",
    )
    agency_working_hours_set(
        agency_code=AGENCY, periods="07:00-11:00,13:30-17:30", at=MOMENT, actor="test"
    )

    assert calendar_is_working_day(day=date(2026, 3, 7), agency_code=AGENCY) is True
    assert calendar_is_working_day(day=date(2026, 3, 7)) is False
    assert calendar_is_working_day(day=date(2026, 3, 9), agency_code=AGENCY) is False
    assert calendar_is_working_day(day=date(2026, 3, 9)) is True
    # National holidays still apply to the agency.
    assert calendar_is_working_day(day=date(2026, 2, 17), agency_code=AGENCY) is False
    due = calendar_due_moment(
        received_at=datetime(2026, 3, 6, 9, 0, tzinfo=VN),
        working_days=2,
        paper=True,
        agency_code=AGENCY,
    )
    assert due == datetime(2026, 3, 10, 17, 30, tzinfo=VN)
    # Calendar days: from Monday 2/3, five days end on Saturday 7/3, a working day of the agency
    # (closing at 17:30) and a day off nationally (so Monday 9/3 at 17:00).
    days = {
        code: calendar_due_moment_calendar_days(
            received_at=datetime(2026, 3, 2, 9, 0, tzinfo=VN), days=5, paper=True, agency_code=code
        )
        for code in (AGENCY, "")
    }
    assert days == {
        AGENCY: datetime(2026, 3, 7, 17, 30, tzinfo=VN),
        "": datetime(2026, 3, 9, 17, 0, tzinfo=VN),
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_calendar_due_moment_calendar_days_counts_paper_after_the_cut_off_from_the_next_day() -> (
    None
):
    # Friday 6/3/2026 at 15:30: on paper the count starts on Monday 9/3, online on Friday 6/3.
    received = datetime(2026, 3, 6, 15, 30, tzinfo=VN)
    paper = calendar_due_moment_calendar_days(received_at=received, days=3, paper=True)
    online = calendar_due_moment_calendar_days(received_at=received, days=3, paper=False)
    assert (paper, online) == (
        datetime(2026, 3, 12, 17, 0, tzinfo=VN),
        datetime(2026, 3, 9, 17, 0, tzinfo=VN),
    )


@pytest.mark.django_db
def test_working_calendar_get_defaults_to_the_settings() -> None:
    calendar = working_calendar_get()
    assert calendar.periods == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    assert calendar.paper_cutoff == time(15, 0)
    assert calendar.tz == VN


@pytest.mark.django_db
def test_working_calendar_get_is_cached_until_a_write(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    first = working_calendar_get()
    with django_assert_num_queries(0):  # the token was read less than REVISION_TTL ago
        assert working_calendar_get() is first
    calendar_day_set(
        day=date(2026, 3, 2),
        kind=DayKind.HOLIDAY,
        name="Nghỉ",
        source="QĐ",
        at=MOMENT,
        actor="test",
    )
    second = working_calendar_get()
    assert second is not first
    assert second.is_working_day(date(2026, 3, 2)) is False


@pytest.mark.django_db
def test_a_write_through_the_services_is_seen_by_the_next_deadline_at_once() -> None:
    received = datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # Monday
    before = calendar_due_moment(received_at=received, working_days=1, paper=False)
    calendar_day_set(
        day=before.astimezone(VN).date(),
        kind=DayKind.HOLIDAY,
        name="Nghỉ đột xuất",
        source="QĐ",
        at=MOMENT,
        actor="test",
    )
    # No wait for REVISION_TTL: the write happened in this process.
    after = calendar_due_moment(received_at=received, working_days=1, paper=False)
    assert after.astimezone(VN).date() > before.astimezone(VN).date()


@pytest.mark.django_db
def test_a_write_by_another_process_is_seen_after_the_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(selectors, "monotonic_clock", lambda: now[0])
    received = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    before = calendar_due_moment(received_at=received, working_days=1, paper=False)
    # Another process's committed write: the rows and a new token, but nothing told this process.
    DayEntryFactory.create(date=before.astimezone(VN).date())
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": "another-process", "changed_at": MOMENT}
    )

    now[0] = 1001.999
    stale = calendar_due_moment(received_at=received, working_days=1, paper=False)
    now[0] = 1002.0  # exactly REVISION_TTL (2 s) after the token was read
    fresh = calendar_due_moment(received_at=received, working_days=1, paper=False)

    assert before == datetime(2026, 3, 3, 17, 0, tzinfo=VN)
    assert stale == before  # within the TTL the cached calendar is still trusted
    assert fresh == datetime(2026, 3, 4, 17, 0, tzinfo=VN)


def _holiday_then_failure(day: date) -> None:
    with transaction.atomic():
        calendar_day_set(
            day=day, kind=DayKind.HOLIDAY, name="Nghỉ", source="QĐ", at=MOMENT, actor="test"
        )
        assert calendar_is_working_day(day=day) is False
        raise RuntimeError


@pytest.mark.django_db
def test_a_rolled_back_write_is_not_trusted_for_the_ttl() -> None:
    day = date(2026, 3, 3)
    assert calendar_is_working_day(day=day) is True
    with pytest.raises(RuntimeError):
        _holiday_then_failure(day)
    # Read at once, well within REVISION_TTL: the token is checked, the old calendar comes back.
    assert calendar_is_working_day(day=day) is True


@pytest.mark.django_db
def test_rows_written_directly_show_after_the_cache_is_cleared() -> None:
    assert calendar_is_working_day(day=date(2026, 3, 7)) is False
    DayEntryFactory.create(date=date(2026, 3, 7), make_up=True)
    working_calendar_cache_clear()
    assert calendar_is_working_day(day=date(2026, 3, 7)) is True


@pytest.mark.django_db
def test_calendar_days_list_merges_the_agency_entries() -> None:
    DayEntryFactory.create(date=date(2026, 3, 2), name="Chung")
    DayEntryFactory.create(date=date(2026, 3, 2), agency_code=AGENCY, make_up=True)
    DayEntryFactory.create(date=date(2025, 3, 2))

    national = calendar_days_list(year=2026)
    agency = calendar_days_list(year=2026, agency_code=AGENCY)

    assert [(d.date, d.name, d.is_working_day) for d in national] == [
        (date(2026, 3, 2), "Chung", False)
    ]
    assert [(d.date, d.kind, d.is_working_day) for d in agency] == [
        (date(2026, 3, 2), DayKind.MAKE_UP, True)
    ]


@pytest.mark.django_db
def test_a_year_nobody_seeded_still_has_its_holidays() -> None:
    # given: no day of 2031 in the database
    assert not DayEntry.objects.filter(date__year=2031).exists()

    # then: the package's New Year, Reunification and National days count as days off
    assert calendar_is_working_day(day=date(2031, 1, 1)) is False
    assert calendar_is_working_day(day=date(2031, 4, 30)) is False
    assert calendar_is_working_day(day=date(2031, 9, 2)) is False
    assert calendar_is_working_day(day=date(2031, 1, 2)) is True


@pytest.mark.django_db
def test_a_manual_entry_alone_does_not_hide_the_rest_of_an_unseeded_year() -> None:
    calendar_day_set(
        day=date(2031, 6, 2),
        kind=DayKind.SWAPPED,
        name="Nghỉ bù theo thông báo",
        source="Thông báo thử",
        at=MOMENT,
        actor="cli",
    )

    assert calendar_is_working_day(day=date(2031, 6, 2)) is False
    assert calendar_is_working_day(day=date(2031, 1, 1)) is False


@pytest.mark.django_db
def test_once_seeded_the_database_wins_over_the_sources() -> None:
    calendar_seed_year(year=2031, at=MOMENT, actor="cli")
    DayEntry.objects.filter(date=date(2031, 1, 1)).delete()
    working_calendar_cache_clear()

    assert calendar_is_working_day(day=date(2031, 1, 1)) is True


@pytest.mark.django_db
def test_an_agency_week_rule_ends_on_its_valid_to() -> None:
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 3, 1),
        valid_to=date(2026, 3, 14),
        at=MOMENT,
        actor="test",
    )
    assert calendar_is_working_day(day=date(2026, 3, 7), agency_code=AGENCY) is True
    assert calendar_is_working_day(day=date(2026, 3, 14), agency_code=AGENCY) is False
    assert calendar_is_working_day(day=date(2026, 3, 7)) is False
    assert calendar_add_working_days(day=date(2026, 3, 6), days=1, agency_code=AGENCY) == date(
        2026, 3, 7
    )


@pytest.mark.django_db
def test_national_working_hours_apply_to_an_agency_without_its_own() -> None:
    agency_working_hours_set(
        agency_code="", periods="08:00-12:00,13:00-16:00", at=MOMENT, actor="t"
    )
    calendar = working_calendar_get(agency_code=AGENCY)
    assert calendar.periods == ((time(8, 0), time(12, 0)), (time(13, 0), time(16, 0)))
    assert calendar.agency_code == AGENCY
    assert working_calendar_get().agency_code == ""
    agency_working_hours_set(agency_code=AGENCY, periods="07:00-15:00", at=MOMENT, actor="t")
    received = datetime(2026, 3, 2, 14, 0, tzinfo=VN)
    assert calendar_due_moment_hours(
        received_at=received, hours=2, paper=False, agency_code=AGENCY
    ) == datetime(2026, 3, 3, 8, 0, tzinfo=VN)
    # Paper after the 15:00 cut-off: counted from the next morning, nationally.
    assert calendar_due_moment_hours(
        received_at=datetime(2026, 3, 2, 15, 30, tzinfo=VN), hours=1, paper=True
    ) == datetime(2026, 3, 3, 9, 0, tzinfo=VN)


@pytest.mark.django_db
def test_the_calendar_takes_the_cut_off_and_zone_from_the_settings(settings: Settings) -> None:
    settings.MOTCUA_PAPER_CUTOFF = "14:00"
    settings.TIME_ZONE = "Asia/Bangkok"
    working_calendar_cache_clear()
    calendar = working_calendar_get()
    assert calendar.paper_cutoff == time(14, 0)
    assert calendar.tz == ZoneInfo("Asia/Bangkok")


@pytest.mark.django_db
def test_the_revision_token_is_read_from_its_row() -> None:
    assert selectors._revision() == ""
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": "abc", "changed_at": MOMENT})
    assert selectors._revision() == "abc"


@pytest.mark.django_db
def test_calendar_days_list_merges_the_agency_entries_by_date() -> None:
    for day, kind, code in [
        # The agency's entry is written first: the national one must still not win.
        (date(2026, 3, 10), DayKind.MAKE_UP, AGENCY),
        (date(2026, 3, 10), DayKind.HOLIDAY, ""),
        (date(2026, 3, 3), DayKind.SWAPPED, AGENCY),
        (date(2026, 3, 20), DayKind.COMPENSATORY, ""),
        (date(2026, 3, 25), DayKind.HOLIDAY, "000.00.99.H38"),
    ]:
        DayEntryFactory.create(date=day, kind=kind, agency_code=code)
    rows = [
        (d.date, d.kind, d.kind_label, d.is_working_day, d.agency_code)
        for d in calendar_days_list(year=2026, agency_code=AGENCY)
    ]
    assert rows == [
        (date(2026, 3, 3), "swapped", "Ngày nghỉ hoán đổi", False, AGENCY),
        (date(2026, 3, 10), "make_up", "Ngày làm bù", True, AGENCY),
        (date(2026, 3, 20), "compensatory", "Ngày nghỉ bù", False, ""),
    ]
