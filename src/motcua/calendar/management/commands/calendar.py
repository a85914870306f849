"""``motcua calendar``: ask the working-day calendar, or seed years, from the command line."""

import re
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendar.selectors import calendar_add_working_days, calendar_is_working_day
from motcua.calendar.services import MAX_YEAR, MIN_YEAR, calendar_seed_year
from motcua.core.errors import DomainError
from motcua.core.text import is_ascii_digits

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _parse_date(value: str) -> date:
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Ngày không hợp lệ: %(value)s (định dạng YYYY-MM-DD).") % {"value": value},
            returncode=1,
        ) from None


def _parse_int(value: str, *, field: str) -> int:
    digits = value[1:] if value.startswith("-") else value
    if not is_ascii_digits(digits):
        raise CommandError(
            _("%(field)s phải là số nguyên: %(value)s.") % {"field": field, "value": value},
            returncode=1,
        )
    return int(value)


class Command(BaseCommand):
    help = (
        "Lịch ngày làm việc: is-working-day YYYY-MM-DD | add-working-days YYYY-MM-DD N "
        "| seed YEAR... (tùy chọn --agency CODE)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["is-working-day", "add-working-days", "seed"])
        parser.add_argument("values", nargs="*")
        parser.add_argument("--agency", default="", help="Mã định danh cơ quan (trống: toàn quốc).")

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        values: list[str] = options["values"]
        agency: str = options["agency"].strip()
        expected = {"is-working-day": 1, "add-working-days": 2}.get(action)
        if (expected is not None and len(values) != expected) or (action == "seed" and not values):
            raise CommandError(
                _("Sai số tham số cho %(action)s.") % {"action": action}, returncode=1
            )
        try:
            if action == "is-working-day":
                answer = calendar_is_working_day(day=_parse_date(values[0]), agency_code=agency)
                self.stdout.write("true" if answer else "false")
            elif action == "add-working-days":
                day = _parse_date(values[0])
                days = _parse_int(values[1], field="N")
                if days < 0:
                    raise CommandError(
                        _("N không được âm: %(value)s.") % {"value": days}, returncode=1
                    )
                result = calendar_add_working_days(day=day, days=days, agency_code=agency)
                self.stdout.write(result.isoformat())
            else:
                years = [_parse_int(v, field=_("Năm")) for v in values]
                for year in years:
                    if not MIN_YEAR <= year <= MAX_YEAR:
                        raise CommandError(
                            _("Năm phải trong khoảng %(low)s–%(high)s: %(value)s.")
                            % {"low": MIN_YEAR, "high": MAX_YEAR, "value": year},
                            returncode=1,
                        )
                now = timezone.now()
                for year in years:
                    seeded = calendar_seed_year(year=year, at=now, actor="cli")
                    self.stdout.write(
                        f"{year}: +{seeded.created} ~{seeded.updated} -{seeded.deleted} "
                        f"={seeded.unchanged} manual={seeded.kept_manual} "
                        f"official={'yes' if seeded.official else 'no'}"
                    )
        except DomainError as error:
            raise CommandError(str(error), returncode=1) from error
