"""Reads of the working-day calendar; the names here are what other apps call.

:func:`working_calendar_get` builds an in-memory :class:`WorkingCalendar` per scope and keeps it
in the process until a write changes the calendar's revision token. The token is read at most once
every :data:`REVISION_TTL` seconds per process, so most deadlines cost no query at all.

Staleness: a calendar write made through :mod:`motcua.calendar.services` in *this* process is seen
at once (the services drop this cache); one made in another process (another web worker, the
``motcua`` command of an administrator) is seen by this process at most ``REVISION_TTL`` seconds
later. A calendar change is an administrative act days ahead of the days it changes, so a two-second
window is harmless. Code computing many deadlines at once should still get the calendar once and
call its methods.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from motcua.calendar.models import DAY_OFF_KINDS, CalendarRevision, DayEntry, DayKind, DayOrigin
from motcua.calendar.models import WorkingHours as WorkingHoursRow
from motcua.calendar.models import WorkWeekRule as WorkWeekRuleRow
from motcua.calendar.rules import (
    WeekRule,
    WorkingCalendar,
    parse_hhmm,
    parse_periods,
    parse_weekdays,
)
from motcua.calendar.sources import provisional_days

#: Seconds during which this process trusts the revision token it last read.
REVISION_TTL = 2.0
#: The clock the TTL is measured on; tests put a clock of their own here instead of sleeping.
monotonic_clock: Callable[[], float] = time.monotonic

_lock = threading.Lock()
_cache: dict[str, tuple[str, WorkingCalendar]] = {}
#: The token last read and the :data:`monotonic_clock` moment it was read; ``None``: read it again.
_checked: tuple[str, float] | None = None
#: A calendar write of this process is not committed yet: read the token on every call.
_verify = False


def working_calendar_cache_clear() -> None:
    """Forget every cached calendar and the token last read (tests that write rows without the
    services call this)."""
    global _checked, _verify
    with _lock:
        _cache.clear()
        _checked = None
        _verify = False


def working_calendar_changed() -> None:
    """Tell this process that its transaction wrote the calendar (the calendar services call it).

    The cache is dropped at once, and until the transaction commits every read checks the token
    (so a rolled-back write is never trusted for ``REVISION_TTL``); after the commit the cache is
    dropped again, in case another thread rebuilt a calendar from the old rows meanwhile.
    """
    global _checked, _verify
    with _lock:
        _cache.clear()
        _checked = None
        _verify = True
    transaction.on_commit(working_calendar_cache_clear)


def _revision() -> str:
    token = CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or ""


def _build(agency_code: str) -> WorkingCalendar:
    days: dict[date, bool] = {}
    # National entries first, then the agency's own, which win on the same date.
    scopes = [""] if not agency_code else ["", agency_code]
    for scope in scopes:
        for day, kind in DayEntry.objects.filter(agency_code=scope).values_list("date", "kind"):
            days[day] = kind not in DAY_OFF_KINDS
    seeded_years = frozenset(
        first_day.year
        for first_day in DayEntry.objects.filter(agency_code="")
        .exclude(origin=DayOrigin.MANUAL)
        .dates("date", "year")
    )
    week_rules: tuple[WeekRule, ...] = ()
    if agency_code:
        week_rules = tuple(
            WeekRule(weekdays=parse_weekdays(w), valid_from=f, valid_to=t)
            for w, f, t in WorkWeekRuleRow.objects.filter(agency_code=agency_code).values_list(
                "weekdays", "valid_from", "valid_to"
            )
        )
    hours = dict(
        WorkingHoursRow.objects.filter(agency_code__in={"", agency_code}).values_list(
            "agency_code", "periods"
        )
    )
    periods_text = hours.get(agency_code) or hours.get("") or settings.MOTCUA_DEFAULT_WORKING_HOURS
    return WorkingCalendar(
        days=days,
        seeded_years=seeded_years,
        provisional=provisional_days,
        week_rules=week_rules,
        periods=parse_periods(periods_text),
        paper_cutoff=parse_hhmm(settings.MOTCUA_PAPER_CUTOFF),
        tz=ZoneInfo(settings.TIME_ZONE),
        agency_code=agency_code,
    )


def _current_revision() -> str:
    """The revision token, read from the database at most once every :data:`REVISION_TTL` s."""
    global _checked
    now = monotonic_clock()
    with _lock:
        checked = None if _verify else _checked
    if checked is not None and now - checked[1] < REVISION_TTL:
        return checked[0]
    revision = _revision()
    with _lock:
        _checked = (revision, now)
    return revision


def working_calendar_get(*, agency_code: str = "") -> WorkingCalendar:
    """The calendar of one agency (by its electronic identifier code), or the national one.

    May be up to :data:`REVISION_TTL` seconds stale for writes made by another process.
    """
    revision = _current_revision()
    with _lock:
        cached = _cache.get(agency_code)
    if cached is not None and cached[0] == revision:
        return cached[1]
    calendar = _build(agency_code)
    with _lock:
        _cache[agency_code] = (revision, calendar)
    return calendar


def calendar_is_working_day(*, day: date, agency_code: str = "") -> bool:
    return working_calendar_get(agency_code=agency_code).is_working_day(day)


def calendar_add_working_days(*, day: date, days: int, agency_code: str = "") -> date:
    """The ``days``-th working day after ``day`` (``day`` itself never counts)."""
    return working_calendar_get(agency_code=agency_code).add_working_days(day, days)


def calendar_due_moment(
    *, received_at: datetime, working_days: int, paper: bool, agency_code: str = ""
) -> datetime:
    """Due moment of a norm in working days: end of working hours of the last day, aware."""
    calendar = working_calendar_get(agency_code=agency_code)
    return calendar.due_moment(received_at, working_days=working_days, paper=paper)


def calendar_due_moment_hours(
    *, received_at: datetime, hours: float, paper: bool, agency_code: str = ""
) -> datetime:
    """Due moment of a norm in working hours, counting only the working-hours periods, aware."""
    calendar = working_calendar_get(agency_code=agency_code)
    return calendar.due_moment_hours(received_at, hours=hours, paper=paper)


def calendar_due_moment_calendar_days(
    *, received_at: datetime, days: int, paper: bool, agency_code: str = ""
) -> datetime:
    """Due moment of a norm in calendar days (ngày), ending on a working day, aware."""
    calendar = working_calendar_get(agency_code=agency_code)
    return calendar.due_moment_calendar_days(received_at, days=days, paper=paper)


@dataclass(frozen=True)
class CalendarDay:
    date: date
    kind: str
    kind_label: str
    is_working_day: bool
    name: str
    source: str
    agency_code: str


def calendar_days_list(*, year: int, agency_code: str = "") -> list[CalendarDay]:
    """The days off and make-up days of ``year`` in one scope (the agency's own entries win)."""
    rows: QuerySet[DayEntry] = DayEntry.objects.filter(date__year=year).filter(
        Q(agency_code="") | Q(agency_code=agency_code)
    )
    by_day: dict[date, DayEntry] = {}
    for entry in rows.order_by("date", "agency_code"):
        # Ordered by code, so an agency's entry (non-blank) comes after the national one.
        by_day[entry.date] = entry
    return [
        CalendarDay(
            date=entry.date,
            kind=entry.kind,
            kind_label=str(DayKind(entry.kind).label),
            is_working_day=entry.kind not in DAY_OFF_KINDS,
            name=entry.name,
            source=entry.source,
            agency_code=entry.agency_code,
        )
        for entry in by_day.values()
    ]
