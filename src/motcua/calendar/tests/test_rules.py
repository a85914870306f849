"""The rules on a hand-built calendar: no database, every value written out."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.rules import (
    CalendarRuleError,
    WeekRule,
    WorkingCalendar,
    parse_hhmm,
    parse_periods,
    parse_weekdays,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# The 2025-12 to 2026-09 entries a seeded national calendar holds (True: make-up working day).
DAYS_2026 = {
    date(2026, 1, 1): False,
    date(2026, 1, 2): False,
    date(2026, 1, 10): True,
    **{date(2026, 2, d): False for d in range(16, 21)},
    date(2026, 4, 26): False,
    date(2026, 4, 27): False,
    date(2026, 4, 30): False,
    date(2026, 5, 1): False,
    date(2026, 8, 22): True,
    date(2026, 8, 31): False,
    date(2026, 9, 1): False,
    date(2026, 9, 2): False,
}
NATIONAL = WorkingCalendar(days=DAYS_2026)
SATURDAY_AGENCY = WorkingCalendar(
    days=DAYS_2026,
    week_rules=(WeekRule(weekdays=frozenset({1, 2, 3, 4, 5, 6}), valid_from=date(2026, 3, 1)),),
    agency_code="000.00.12.H38",
)


def local(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VN)


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(17, 0), tzinfo=VN)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 2), True),  # Monday
        (date(2026, 3, 6), True),  # Friday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 1, 2), False),  # swapped Friday
        (date(2026, 1, 10), True),  # make-up Saturday
        (date(2026, 2, 18), False),  # Tết
        (date(2026, 4, 27), False),  # compensatory Monday
    ],
)
def test_is_working_day_follows_weekdays_and_entries(day: date, expected: bool) -> None:
    assert NATIONAL.is_working_day(day) is expected


def test_add_working_days_counts_from_the_day_after() -> None:
    assert NATIONAL.add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    assert NATIONAL.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert NATIONAL.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert NATIONAL.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_working_days_after_counts_the_days_late() -> None:
    assert NATIONAL.working_days_after(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert NATIONAL.working_days_after(date(2026, 3, 5), date(2026, 3, 4)) == 0
    # Thursday to the next Monday: Friday and Monday.
    assert NATIONAL.working_days_after(date(2026, 3, 5), date(2026, 3, 9)) == 2
    # Across the Tết holiday, which does not count.
    assert NATIONAL.working_days_after(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_working_time_between_counts_only_working_periods() -> None:
    monday_9 = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    tuesday_17 = datetime(2026, 3, 3, 17, 0, tzinfo=VN)
    friday_16 = datetime(2026, 3, 6, 16, 0, tzinfo=VN)
    monday_8 = datetime(2026, 3, 9, 8, 0, tzinfo=VN)

    assert NATIONAL.working_time_between(monday_9, tuesday_17) == timedelta(hours=14, minutes=30)
    assert NATIONAL.working_time_between(friday_16, monday_8) == timedelta(hours=1, minutes=30)
    assert NATIONAL.working_time_between(tuesday_17, monday_9) == timedelta()


def test_add_working_days_skips_tet_and_uses_make_up_saturdays() -> None:
    assert NATIONAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert NATIONAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert NATIONAL.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert NATIONAL.add_working_days(date(2026, 8, 21), 2) == date(2026, 8, 24)
    assert NATIONAL.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(CalendarRuleError):
        NATIONAL.add_working_days(date(2026, 3, 2), -1)


def test_a_calendar_without_working_days_stops_instead_of_looping() -> None:
    never = WorkingCalendar(
        week_rules=(WeekRule(weekdays=frozenset(), valid_from=date(2000, 1, 1)),)
    )
    with pytest.raises(CalendarRuleError):
        never.add_working_days(date(2026, 3, 2), 1)


@pytest.mark.parametrize(
    ("received_at", "paper", "effective"),
    [
        (local(2026, 3, 2, 15, 0), True, date(2026, 3, 2)),  # exactly 15:00: same day
        (local(2026, 3, 2, 15, 0, 59), True, date(2026, 3, 3)),  # after 15:00
        (local(2026, 3, 2, 15, 1), True, date(2026, 3, 3)),
        (local(2026, 3, 2, 15, 1), False, date(2026, 3, 2)),  # online: the same working day
        (local(2026, 3, 2, 23, 59), True, date(2026, 3, 3)),
        (local(2026, 3, 2, 23, 59), False, date(2026, 3, 2)),
        (local(2026, 3, 3, 0, 0), True, date(2026, 3, 3)),
        (local(2026, 3, 7, 0, 0), False, date(2026, 3, 9)),  # Saturday, online
        (local(2026, 3, 7, 10, 0), True, date(2026, 3, 9)),  # Saturday, paper
        (local(2026, 2, 16, 9, 0), False, date(2026, 2, 23)),  # Tết
        (local(2026, 1, 10, 16, 0), True, date(2026, 1, 12)),  # make-up Saturday after 15:00
        (local(2026, 1, 10, 9, 0), True, date(2026, 1, 10)),  # make-up Saturday morning
        # 23:59 Friday local is 16:59 UTC; 00:00 Saturday local is 17:00 UTC on Friday.
        (datetime(2026, 3, 6, 16, 59, tzinfo=UTC), False, date(2026, 3, 6)),
        (datetime(2026, 3, 6, 17, 0, tzinfo=UTC), False, date(2026, 3, 9)),
    ],
)
def test_effective_reception_day(received_at: datetime, paper: bool, effective: date) -> None:
    assert NATIONAL.effective_reception_day(received_at, paper=paper) == effective


@pytest.mark.parametrize(
    ("received_at", "working_days", "paper", "due"),
    [
        (local(2026, 3, 2, 15, 0), 1, True, end_of(date(2026, 3, 3))),
        (local(2026, 3, 2, 15, 1), 1, True, end_of(date(2026, 3, 4))),
        (local(2026, 3, 2, 23, 59), 1, False, end_of(date(2026, 3, 3))),
        (local(2026, 3, 2, 23, 59), 1, True, end_of(date(2026, 3, 4))),
        (local(2026, 3, 3, 0, 0), 1, True, end_of(date(2026, 3, 4))),
        # A period starting on a Friday: Monday is its first day.
        (local(2026, 3, 6, 9, 0), 1, True, end_of(date(2026, 3, 9))),
        (local(2026, 3, 6, 9, 0), 5, True, end_of(date(2026, 3, 13))),
        (local(2026, 3, 6, 15, 30), 5, True, end_of(date(2026, 3, 16))),
        (datetime(2026, 3, 6, 17, 0, tzinfo=UTC), 1, False, end_of(date(2026, 3, 10))),
        # Across Tết Bính Ngọ (16–20/2) and the weekends around it.
        (local(2026, 2, 13, 10, 0), 3, True, end_of(date(2026, 2, 25))),
        (local(2026, 2, 12, 16, 0), 1, True, end_of(date(2026, 2, 23))),
        # Across make-up Saturdays, which count.
        (local(2026, 1, 9, 10, 0), 1, True, end_of(date(2026, 1, 10))),
        (local(2026, 1, 9, 10, 0), 2, True, end_of(date(2026, 1, 12))),
        (local(2026, 8, 21, 10, 0), 3, True, end_of(date(2026, 8, 25))),
        # Same-day procedures (0 days) are due at the end of the effective day.
        (local(2026, 3, 2, 9, 0), 0, True, end_of(date(2026, 3, 2))),
    ],
)
def test_due_moment(received_at: datetime, working_days: int, paper: bool, due: datetime) -> None:
    result = NATIONAL.due_moment(received_at, working_days=working_days, paper=paper)
    assert result == due
    assert result.utcoffset() is not None


def test_due_moment_refuses_a_naive_moment() -> None:
    with pytest.raises(CalendarRuleError):
        NATIONAL.due_moment(datetime(2026, 3, 2, 9, 0), working_days=1, paper=True)  # noqa: DTZ001


def test_saturday_working_agency_counts_saturdays_from_its_rule_on() -> None:
    assert SATURDAY_AGENCY.is_working_day(date(2026, 3, 7)) is True
    assert SATURDAY_AGENCY.is_working_day(date(2026, 2, 28)) is False  # before valid_from
    assert SATURDAY_AGENCY.is_working_day(date(2026, 3, 8)) is False
    assert SATURDAY_AGENCY.is_working_day(date(2026, 5, 1)) is False  # holidays still apply
    due = SATURDAY_AGENCY.due_moment(local(2026, 3, 6, 9, 0), working_days=1, paper=True)
    assert due == end_of(date(2026, 3, 7))
    # A paper dossier on a working Saturday after 15:00 counts from Monday.
    assert SATURDAY_AGENCY.effective_reception_day(local(2026, 3, 7, 15, 1), paper=True) == date(
        2026, 3, 9
    )


def test_week_rule_ends_before_valid_to() -> None:
    calendar = WorkingCalendar(
        week_rules=(
            WeekRule(
                weekdays=frozenset({1, 2, 3, 4, 5, 6}),
                valid_from=date(2026, 3, 1),
                valid_to=date(2026, 3, 14),
            ),
        )
    )
    assert calendar.is_working_day(date(2026, 3, 7)) is True
    assert calendar.is_working_day(date(2026, 3, 14)) is False


@pytest.mark.parametrize(
    ("received_at", "hours", "paper", "due"),
    [
        (local(2026, 3, 2, 10, 0), 1, False, local(2026, 3, 2, 11, 0)),
        (local(2026, 3, 2, 10, 0), 8, False, local(2026, 3, 3, 10, 0)),
        (local(2026, 3, 2, 12, 0), 1, False, local(2026, 3, 2, 14, 0)),  # lunch break
        (local(2026, 3, 2, 6, 0), 4, False, local(2026, 3, 2, 11, 30)),  # before opening
        (local(2026, 3, 2, 17, 30), 0, False, local(2026, 3, 3, 7, 30)),  # after closing
        (local(2026, 3, 2, 15, 30), 1, True, local(2026, 3, 3, 8, 30)),  # paper after 15:00
        (local(2026, 3, 2, 15, 30), 1, False, local(2026, 3, 2, 16, 30)),
        (local(2026, 2, 13, 16, 30), 2, False, local(2026, 2, 23, 9, 0)),  # across Tết
        (local(2026, 1, 9, 16, 0), 2, False, local(2026, 1, 10, 8, 30)),  # make-up Saturday
        (local(2026, 3, 7, 9, 0), 0.5, False, local(2026, 3, 9, 8, 0)),  # weekend, half an hour
    ],
)
def test_due_moment_hours_counts_only_working_periods(
    received_at: datetime, hours: float, paper: bool, due: datetime
) -> None:
    assert NATIONAL.due_moment_hours(received_at, hours=hours, paper=paper) == due


def test_due_moment_hours_uses_the_agency_periods() -> None:
    calendar = WorkingCalendar(periods=parse_periods("08:00-12:00,13:30-17:30"))
    assert calendar.due_moment_hours(local(2026, 3, 2, 11, 0), hours=2, paper=False) == local(
        2026, 3, 2, 14, 30
    )
    assert calendar.end_of_day(date(2026, 3, 2)) == local(2026, 3, 2, 17, 30)


@pytest.mark.parametrize("text", ["", "7:30", "24:00", "07:60", "a:b", "07:30 x"])
def test_parse_hhmm_refuses_bad_times(text: str) -> None:
    with pytest.raises(CalendarRuleError):
        parse_hhmm(text)


@pytest.mark.parametrize(
    "text", ["", "07:30", "11:30-07:30", "07:30-11:30,11:00-17:00", "07:30-11:30;13:00-17:00"]
)
def test_parse_periods_refuses_bad_periods(text: str) -> None:
    with pytest.raises(CalendarRuleError):
        parse_periods(text)


def test_parse_periods_and_weekdays_accept_good_values() -> None:
    assert parse_periods("07:30-11:30, 13:00-17:00") == (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
    assert parse_weekdays("1, 2,3,4,5,6") == frozenset({1, 2, 3, 4, 5, 6})


@pytest.mark.parametrize("text", ["", "0", "8", "1,1", "1-5", "Thứ Hai"])
def test_parse_weekdays_refuses_bad_values(text: str) -> None:
    with pytest.raises(CalendarRuleError):
        parse_weekdays(text)
