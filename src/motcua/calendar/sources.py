"""Where the national schedule of days off comes from: the ``holidays`` package, corrected by the
official schedules the Government announces (``data/official_schedules.json``; the official schedule
wins on any date both list).

Seeding copies these days into the database, where an administrator can correct them. A year that
nobody has seeded yet is not treated as having no holidays: the calendar answers for it from these
sources in memory (provisionally) until it is seeded.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from importlib.metadata import version
from typing import Any

from django.utils.translation import gettext as _

from motcua.calendar.models import DAY_OFF_KINDS, DayKind, DayOrigin
from motcua.core.text import nfc

PACKAGE_VERSION = version("holidays")


@dataclass(frozen=True)
class SeedDay:
    kind: str
    name: str
    source: str
    origin: str


@cache
def official_schedules() -> dict[int, dict[date, SeedDay]]:
    """The official schedules of ``data/official_schedules.json``, by year then day."""
    text = (
        resources.files("motcua.calendar")
        .joinpath("data/official_schedules.json")
        .read_text(encoding="utf-8")
    )
    raw: dict[str, Any] = json.loads(text)
    result: dict[int, dict[date, SeedDay]] = {}
    for year, items in raw.items():
        if not year.isdigit():
            continue
        result[int(year)] = {
            date.fromisoformat(item["date"]): SeedDay(
                kind=DayKind(item["kind"]).value,
                name=nfc(item["name"]),
                source=nfc(item["source"]),
                origin=DayOrigin.OFFICIAL,
            )
            for item in items
        }
    return result


def package_days(year: int) -> dict[date, SeedDay]:
    # Only when seeding a year or answering for one not seeded yet: not in every web worker.
    import holidays

    package = holidays.country_holidays("VN", years=year, language="vi")
    source = f"holidays package {PACKAGE_VERSION}"
    days: dict[date, SeedDay] = {}
    for day, name in sorted(package.items()):
        if "(nghỉ bù)" in name:
            kind = DayKind.COMPENSATORY.value
        elif name.startswith("Ngày nghỉ (thay cho"):
            kind = DayKind.SWAPPED.value
        else:
            kind = DayKind.HOLIDAY.value
        days[day] = SeedDay(kind=kind, name=nfc(name), source=source, origin=DayOrigin.PACKAGE)
    for day in sorted(getattr(package, "weekend_workdays", ())):
        if day.year == year:
            days[day] = SeedDay(
                kind=DayKind.MAKE_UP.value,
                name=_("Ngày làm bù"),
                source=source,
                origin=DayOrigin.PACKAGE,
            )
    return days


def seed_days(year: int) -> dict[date, SeedDay]:
    """Every day off and make-up day of ``year`` from the package, with the official data over it."""
    return {**package_days(year), **official_schedules().get(year, {})}


@cache
def provisional_days(year: int) -> dict[date, bool]:
    """``seed_days`` as the calendar reads them (True: a working day); cached per process."""
    return {day: seed.kind not in DAY_OFF_KINDS for day, seed in seed_days(year).items()}
