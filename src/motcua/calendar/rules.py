"""Deadline rules on an in-memory calendar: pure functions, no database, no clock.

Legal basis (Decree 61/2018 Art. 18 and the one-stop practice):

* time limits are counted in working days (ngày làm việc): Monday to Friday, less the holidays,
  compensatory and swapped days off, plus the make-up Saturdays (ngày làm bù);
* a paper dossier received after the cut-off (15:00) or on a non-working day counts as received on
  the next working day; an online dossier submitted on a non-working day counts from the next
  working day, and on a working day it counts that day whatever the hour;
* the period starts on the working day after the (effective) reception day, and the result is due
  at the end of working hours of its last day.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from motcua.core.localtime import LOCAL_TZ

#: ISO weekdays of the public sector's 40-hour week: Monday to Friday.
DEFAULT_WEEKDAYS = frozenset({1, 2, 3, 4, 5})
#: A bound on any search for the next working day, so a calendar without working days cannot loop.
MAX_SEARCH_DAYS = 3660
# The longest time limit, in working days, that a dossier's step or consultation may be given:
# about a working year, beyond what the law sets for any. Refused before any computation, since
# counting millions of days one by one takes seconds of CPU.
MAX_WORKING_DAYS = 250

_HHMM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_WEEKDAYS = re.compile(r"^[1-7](,[1-7])*$")

Period = tuple[time, time]


class CalendarRuleError(ValueError):
    """A value the rules cannot work with; the message is for a developer or an operator."""


def parse_hhmm(value: str) -> time:
    """``"15:00"`` -> ``time(15, 0)``; raises :class:`CalendarRuleError` on anything else."""
    match = _HHMM.match(value.strip())
    if not match:
        raise CalendarRuleError(value)
    return time(int(match.group(1)), int(match.group(2)))


def parse_periods(value: str) -> tuple[Period, ...]:
    """``"07:30-11:30,13:00-17:00"`` -> ordered, non-overlapping periods within one day."""
    periods: list[Period] = []
    for part in value.split(","):
        start_text, sep, end_text = part.strip().partition("-")
        if not sep:
            raise CalendarRuleError(value)
        start, end = parse_hhmm(start_text), parse_hhmm(end_text)
        if end <= start or (periods and start < periods[-1][1]):
            raise CalendarRuleError(value)
        periods.append((start, end))
    return tuple(periods)


def format_periods(periods: tuple[Period, ...]) -> str:
    return ",".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in periods)


def parse_weekdays(value: str) -> frozenset[int]:
    """``"1,2,3,4,5,6"`` -> ISO weekdays; raises :class:`CalendarRuleError` on anything else."""
    compact = value.replace(" ", "")
    if not _WEEKDAYS.match(compact):
        raise CalendarRuleError(value)
    days = [int(d) for d in compact.split(",")]
    if len(set(days)) != len(days):
        raise CalendarRuleError(value)
    return frozenset(days)


@dataclass(frozen=True)
class WeekRule:
    """The weekdays worked from ``valid_from`` up to (not including) ``valid_to``."""

    weekdays: frozenset[int]
    valid_from: date
    valid_to: date | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class WorkingCalendar:
    """The working days and hours of one scope (the nation, or one agency), as plain data.

    ``days`` maps a date to True (a working day whatever its weekday: a make-up day) or False (a
    day off whatever its weekday: a holiday, compensatory or swapped day). Agency entries are
    already merged over the national ones. For a year not in ``seeded_years``, ``provisional``
    (when given) supplies that year's days, so an unseeded year still has its holidays.
    """

    days: Mapping[date, bool] = field(default_factory=dict)
    seeded_years: frozenset[int] = frozenset()
    provisional: Callable[[int], Mapping[date, bool]] | None = None
    week_rules: tuple[WeekRule, ...] = ()
    periods: tuple[Period, ...] = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    paper_cutoff: time = time(15, 0)
    tz: ZoneInfo = field(default_factory=lambda: LOCAL_TZ)
    agency_code: str = ""

    def weekdays_on(self, day: date) -> frozenset[int]:
        # The rule that started last wins where an administrator let two overlap.
        active = [rule for rule in self.week_rules if rule.covers(day)]
        if not active:
            return DEFAULT_WEEKDAYS
        return max(active, key=lambda rule: rule.valid_from).weekdays

    def is_working_day(self, day: date) -> bool:
        listed = self.days.get(day)
        if listed is None and self.provisional is not None and day.year not in self.seeded_years:
            listed = self.provisional(day.year).get(day)
        if listed is not None:
            return listed
        return day.isoweekday() in self.weekdays_on(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day
        for _ in range(MAX_SEARCH_DAYS):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarRuleError(f"no working day within {MAX_SEARCH_DAYS} days after {day}")

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself never counts); ``n = 0`` gives ``day``."""
        if n < 0:
            raise CalendarRuleError(f"negative number of working days: {n}")
        result = day
        for _ in range(n):
            result = self.next_working_day(result)
        return result

    def working_days_after(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end`` (0 if none).

        A dossier due on ``start`` is, on ``end``, late by this many working days.
        """
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise CalendarRuleError("naive datetime: pass an aware moment")
        return moment.astimezone(self.tz)

    def effective_reception_day(self, received_at: datetime, *, paper: bool) -> date:
        """The working day a dossier counts as received on (ngày tiếp nhận tính thời hạn)."""
        local = self.local(received_at)
        day = local.date()
        if not self.is_working_day(day):
            return self.next_working_day(day)
        if paper and local.time() > self.paper_cutoff:
            return self.next_working_day(day)
        return day

    def end_of_day(self, day: date) -> datetime:
        """The end of working hours of ``day`` (17:00 by default), as an aware moment."""
        return datetime.combine(day, self.periods[-1][1], tzinfo=self.tz)

    def due_moment(self, received_at: datetime, *, working_days: int, paper: bool) -> datetime:
        """End of working hours of the ``working_days``-th working day after the effective reception day."""
        start = self.effective_reception_day(received_at, paper=paper)
        return self.end_of_day(self.add_working_days(start, working_days))

    def due_moment_calendar_days(
        self, received_at: datetime, *, days: int, paper: bool
    ) -> datetime:
        """End of working hours of the ``days``-th calendar day after the effective reception day;
        a last day that is not a working day moves to the next working day (Civil Code, Art. 148).
        """
        start = self.effective_reception_day(received_at, paper=paper)
        end = start + timedelta(days=days)
        if not self.is_working_day(end):
            end = self.next_working_day(end)
        return self.end_of_day(end)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time (working-hours periods of working days) from ``start`` to ``end``;
        zero when ``end`` is not after ``start``."""
        begin, finish = self.local(start).replace(tzinfo=None), self.local(end).replace(tzinfo=None)
        total = timedelta()
        day = begin.date()
        while day <= finish.date():
            if self.is_working_day(day):
                for period_start, period_end in self.periods:
                    low = max(begin, datetime.combine(day, period_start))
                    high = min(finish, datetime.combine(day, period_end))
                    if high > low:
                        total += high - low
            day += timedelta(days=1)
        return total

    def due_moment_hours(self, received_at: datetime, *, hours: float, paper: bool) -> datetime:
        """The moment ``hours`` of working time have passed since reception, counting only the
        working-hours periods of working days (a step norm in working hours)."""
        if hours < 0:
            raise CalendarRuleError(f"negative number of hours: {hours}")
        remaining = timedelta(hours=hours)
        local = self.local(received_at)
        day = self.effective_reception_day(received_at, paper=paper)
        # Counting starts at reception only when reception counts that same day; otherwise at the
        # opening of the effective day.
        cursor = (
            local.replace(tzinfo=None) if day == local.date() else datetime.combine(day, time())
        )
        for _ in range(MAX_SEARCH_DAYS):
            for start, end in self.periods:
                period_start = datetime.combine(day, start)
                period_end = datetime.combine(day, end)
                begin = max(cursor, period_start)
                if begin >= period_end:
                    continue
                available = period_end - begin
                if remaining <= available:
                    return (begin + remaining).replace(tzinfo=self.tz)
                remaining -= available
            day = self.next_working_day(day)
            cursor = datetime.combine(day, time())
        raise CalendarRuleError(f"no end within {MAX_SEARCH_DAYS} days")
