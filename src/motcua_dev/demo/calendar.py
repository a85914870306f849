"""Demo data for ``make run``, created through this app's services. Idempotent."""

from datetime import date, datetime

import holidays

from motcua.calendar.models import WorkingHours, WorkWeekRule
from motcua.calendar.services import (
    agency_work_week_set,
    agency_working_hours_set,
    calendar_seed_year,
)

#: Years with official schedules in ``data/official_schedules.json``.
OFFICIAL_YEARS = (2024, 2025, 2026)
#: The public administration service centre of Phường Hoàn Kiếm (demo accounts): it also receives
#: on Saturdays and keeps its own hours, so its dossiers fall due on other moments than elsewhere.
SATURDAY_AGENCY_CODE = "000.02.31.H26"
SATURDAY_AGENCY_HOURS = "08:00-12:00,13:30-17:30"


def load(*, at: datetime) -> None:
    """Create this app's demo data as of ``at``; running it again changes nothing.

    Seeds the official years, the year of ``at`` and, when the ``holidays`` package knows it, the
    next year.
    """
    years = {*OFFICIAL_YEARS, at.year}
    next_year = at.year + 1
    if holidays.country_holidays("VN", years=next_year):
        years.add(next_year)
    for year in sorted(years):
        calendar_seed_year(year=year, at=at, actor="demo")
    # Set once: a later run in another year must not start a second, overlapping week rule.
    if not WorkWeekRule.objects.filter(agency_code=SATURDAY_AGENCY_CODE).exists():
        agency_work_week_set(
            agency_code=SATURDAY_AGENCY_CODE,
            weekdays="1,2,3,4,5,6",
            valid_from=date(min(OFFICIAL_YEARS), 1, 1),
            at=at,
            actor="demo",
        )
    if not WorkingHours.objects.filter(agency_code=SATURDAY_AGENCY_CODE).exists():
        agency_working_hours_set(
            agency_code=SATURDAY_AGENCY_CODE, periods=SATURDAY_AGENCY_HOURS, at=at, actor="demo"
        )
