"""The rules on a hand-built calendar: no database, every value written out."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.rules import (
    CalendarRuleError,
    WeekRule,
    WorkingCalendar,
    format_periods,
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


def test_a_week_rule_covers_its_first_day_and_not_the_day_before() -> None:
    calendar = WorkingCalendar(
        week_rules=(WeekRule(weekdays=frozenset({1, 2, 3, 4, 5, 6}), valid_from=date(2026, 3, 7)),)
    )
    assert calendar.is_working_day(date(2026, 3, 7)) is True  # Saturday, its first day
    assert calendar.is_working_day(date(2026, 2, 28)) is False  # the Saturday before
    assert calendar.weekdays_on(date(2026, 3, 6)) == frozenset({1, 2, 3, 4, 5})


def test_overlapping_week_rules_the_latest_started_wins() -> None:
    six_days = WeekRule(weekdays=frozenset({1, 2, 3, 4, 5, 6}), valid_from=date(2026, 3, 1))
    four_days = WeekRule(weekdays=frozenset({1, 2, 3, 4}), valid_from=date(2026, 3, 9))
    for rules in ((six_days, four_days), (four_days, six_days)):
        calendar = WorkingCalendar(week_rules=rules)
        assert calendar.is_working_day(date(2026, 3, 7)) is True  # only the six-day rule
        assert calendar.is_working_day(date(2026, 3, 6)) is True
        assert calendar.is_working_day(date(2026, 3, 13)) is False  # Friday: four days win
        assert calendar.is_working_day(date(2026, 3, 14)) is False  # Saturday: four days win
        assert calendar.weekdays_on(date(2026, 3, 9)) == frozenset({1, 2, 3, 4})


@pytest.mark.parametrize("text", ["07:30-07:30", "07:30-11:30,13:00-13:00"])
def test_parse_periods_refuses_a_zero_length_period(text: str) -> None:
    with pytest.raises(CalendarRuleError):
        parse_periods(text)


def test_back_to_back_periods_count_as_one_stretch() -> None:
    periods = parse_periods("07:30-11:30,11:30-16:30")
    assert periods == ((time(7, 30), time(11, 30)), (time(11, 30), time(16, 30)))
    calendar = WorkingCalendar(periods=periods)
    assert calendar.due_moment_hours(local(2026, 3, 2, 11, 0), hours=1, paper=False) == local(
        2026, 3, 2, 12, 0
    )
    assert calendar.due_moment_hours(local(2026, 3, 2, 11, 30), hours=0, paper=False) == local(
        2026, 3, 2, 11, 30
    )
    assert calendar.end_of_day(date(2026, 3, 2)) == local(2026, 3, 2, 16, 30)


def test_a_zero_length_period_given_as_data_adds_no_time() -> None:
    calendar = WorkingCalendar(
        periods=((time(7, 0), time(7, 0)), (time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    )
    assert calendar.due_moment_hours(local(2026, 3, 2, 6, 0), hours=0, paper=False) == local(
        2026, 3, 2, 7, 30
    )
    assert calendar.due_moment_hours(local(2026, 3, 2, 6, 0), hours=1, paper=False) == local(
        2026, 3, 2, 8, 30
    )


@pytest.mark.parametrize(
    ("received_at", "hours", "due"),
    [
        # Exactly at the end of the morning: nothing is left of it, counting resumes at 13:00.
        (local(2026, 3, 2, 11, 30), 0, local(2026, 3, 2, 13, 0)),
        (local(2026, 3, 2, 11, 30), 1, local(2026, 3, 2, 14, 0)),
        # Exactly at closing: the next working day's opening.
        (local(2026, 3, 2, 17, 0), 0, local(2026, 3, 3, 7, 30)),
        (local(2026, 3, 2, 17, 0), 1, local(2026, 3, 3, 8, 30)),
        # Exactly what is left of the morning ends at its end, not after lunch.
        (local(2026, 3, 2, 10, 30), 1, local(2026, 3, 2, 11, 30)),
        (local(2026, 3, 6, 16, 0), 1, local(2026, 3, 6, 17, 0)),
    ],
)
def test_counting_from_exactly_the_end_of_a_period(
    received_at: datetime, hours: float, due: datetime
) -> None:
    assert NATIONAL.due_moment_hours(received_at, hours=hours, paper=False) == due


def test_due_moment_hours_refuses_a_negative_count() -> None:
    with pytest.raises(CalendarRuleError, match="negative number of hours: -1"):
        NATIONAL.due_moment_hours(local(2026, 3, 2, 9, 0), hours=-1, paper=False)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_hhmm, "24:00"),
        (parse_periods, "07:30"),
        (parse_periods, "11:30-07:30"),
        (parse_weekdays, "8"),
        (parse_weekdays, "1,1"),
    ],
)
def test_a_refused_value_is_quoted_in_the_error(parse: Callable[[str], object], text: str) -> None:
    with pytest.raises(CalendarRuleError) as caught:
        parse(text)
    assert str(caught.value) == text


def test_rule_errors_say_what_was_wrong() -> None:
    never = WorkingCalendar(
        week_rules=(WeekRule(weekdays=frozenset(), valid_from=date(2000, 1, 1)),)
    )
    with pytest.raises(CalendarRuleError) as negative:
        NATIONAL.add_working_days(date(2026, 3, 2), -2)
    with pytest.raises(CalendarRuleError) as nothing:
        never.next_working_day(date(2026, 3, 2))
    no_hours = WorkingCalendar(periods=((time(9, 0), time(9, 0)),))
    with pytest.raises(CalendarRuleError) as no_end:
        no_hours.due_moment_hours(local(2026, 3, 2, 9, 0), hours=1, paper=False)
    with pytest.raises(CalendarRuleError) as naive:
        NATIONAL.local(datetime(2026, 3, 2, 9, 0))  # noqa: DTZ001
    assert str(negative.value) == "negative number of working days: -2"
    assert str(nothing.value) == "no working day within 3660 days after 2026-03-02"
    assert str(no_end.value) == "no end within 3660 days"
    assert str(naive.value) == "naive datetime: pass an aware moment"


def test_format_periods_writes_what_parse_periods_reads() -> None:
    periods = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    assert format_periods(periods) == "07:30-11:30,13:00-17:00"
    assert format_periods(((time(8, 5), time(9, 0)),)) == "08:05-09:00"


def test_an_unseeded_year_takes_its_days_from_the_provisional_source() -> None:
    def provisional(year: int) -> dict[date, bool]:
        return {date(year, 9, 2): False}  # National Day, whatever the year

    calendar = WorkingCalendar(
        days={date(2027, 9, 4): True},  # an entry (a make-up Saturday) wins over everything
        seeded_years=frozenset({2026}),
        provisional=provisional,
    )
    assert calendar.is_working_day(date(2027, 9, 2)) is False  # unseeded: provisional day off
    assert calendar.is_working_day(date(2026, 9, 2)) is True  # seeded: its own rows only
    assert calendar.is_working_day(date(2027, 9, 4)) is True
    assert calendar.is_working_day(date(2027, 9, 3)) is True  # a Friday


def test_the_calendar_counts_in_its_own_time_zone() -> None:
    tokyo = WorkingCalendar(tz=ZoneInfo("Asia/Tokyo"))
    # 23:30 on Monday in Hà Nội is 01:30 on Tuesday in Tokyo.
    moment = local(2026, 3, 2, 23, 30)
    assert tokyo.local(moment) == datetime(2026, 3, 3, 1, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert tokyo.effective_reception_day(moment, paper=False) == date(2026, 3, 3)
    assert NATIONAL.effective_reception_day(moment, paper=False) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("periods", "end"),
    [
        ("07:00-09:00,10:00-12:00,13:00-18:00", local(2026, 3, 2, 18, 0)),
        ("08:00-16:00", local(2026, 3, 2, 16, 0)),
    ],
)
def test_the_day_ends_with_its_last_period(periods: str, end: datetime) -> None:
    assert WorkingCalendar(periods=parse_periods(periods)).end_of_day(date(2026, 3, 2)) == end


@pytest.mark.parametrize(
    ("received_at", "days", "paper", "due"),
    [
        # Ten calendar days from a Monday end on the Thursday of the next week.
        (local(2026, 3, 2, 9, 0), 10, True, end_of(date(2026, 3, 12))),
        # Zero days: the end of the effective reception day (a same-day procedure).
        (local(2026, 3, 2, 9, 0), 0, True, end_of(date(2026, 3, 2))),
        # A last day on a Saturday moves to the Monday (Civil Code, Art. 148).
        (local(2026, 3, 2, 9, 0), 5, True, end_of(date(2026, 3, 9))),
        # After the 15:00 cut-off a paper dossier counts from the next working day, an online one
        # from the same day.
        (local(2026, 3, 2, 15, 30), 3, True, end_of(date(2026, 3, 6))),
        (local(2026, 3, 2, 15, 30), 3, False, end_of(date(2026, 3, 5))),
        # A last day inside Tết Bính Ngọ (16–20/2) moves past the holiday and the weekend after it.
        (local(2026, 2, 9, 9, 0), 7, True, end_of(date(2026, 2, 23))),
    ],
)
def test_due_moment_calendar_days(
    received_at: datetime, days: int, paper: bool, due: datetime
) -> None:
    result = NATIONAL.due_moment_calendar_days(received_at, days=days, paper=paper)
    assert result == due
    assert result.utcoffset() is not None


def test_due_moment_calendar_days_keeps_a_last_day_the_agency_works() -> None:
    # The agency works on Saturdays from 1/3/2026: a Saturday last day stays where it falls.
    received = local(2026, 3, 2, 9, 0)
    assert SATURDAY_AGENCY.due_moment_calendar_days(received, days=5, paper=True) == end_of(
        date(2026, 3, 7)
    )
