"""Demo data for ``make run``, created through this app's services. Idempotent."""

from datetime import datetime

import holidays

from motcua.calendar.services import calendar_seed_year

#: Years with official schedules in ``data/official_schedules.json``.
OFFICIAL_YEARS = (2024, 2025, 2026)


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
