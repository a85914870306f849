from datetime import UTC, date, datetime
from typing import Any

from factory.declarations import Trait
from factory.django import DjangoModelFactory

from motcua.calendar.models import DayEntry, DayKind, DayOrigin
from motcua.calendar.services import calendar_seed_year

MOMENT = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)


class DayEntryFactory(DjangoModelFactory[DayEntry]):
    """A row written directly (no audit): call ``working_calendar_cache_clear`` after it."""

    class Meta:
        model = DayEntry

    agency_code = ""
    date = date(2026, 3, 2)
    kind = DayKind.HOLIDAY
    name = "Ngày nghỉ thử"
    source = "kiểm thử"
    origin = DayOrigin.MANUAL
    changed_at = MOMENT

    class Params:
        make_up = Trait(kind=DayKind.MAKE_UP, name="Ngày làm bù thử")  # type: ignore[no-untyped-call]


def seed_official_years(**overrides: Any) -> None:
    for year in (2024, 2025, 2026):
        calendar_seed_year(
            year=year, at=overrides.get("at", MOMENT), actor=overrides.get("actor", "test")
        )
