"""``motcua register-book --agency CODE --from YYYY-MM-DD --to YYYY-MM-DD OUT.xlsx``.

Writes the register book (form 07, "Sổ theo dõi hồ sơ") of the dossiers one agency received in a
period (local days, both included) to an XLSX file.
"""

import re
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.dossiers.paper.register_book import register_book, register_xlsx

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _parse_date(value: str, *, option: str) -> date:
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(option)s: ngày không hợp lệ: %(value)s (định dạng YYYY-MM-DD).")
            % {"option": option, "value": value},
            returncode=1,
        ) from None


class Command(BaseCommand):
    help = (
        "Xuất sổ theo dõi hồ sơ (mẫu 07) của một cơ quan trong một khoảng thời gian ra tệp XLSX: "
        "--agency CODE --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID] OUT.xlsx"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", help="Tệp XLSX sẽ ghi.")
        parser.add_argument("--agency", required=True, help="Mã định danh cơ quan tiếp nhận.")
        parser.add_argument("--from", dest="date_from", required=True, help="Từ ngày (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", required=True, help="Đến ngày (YYYY-MM-DD).")
        parser.add_argument("--unit", type=int, default=None, help="Mã số bộ phận một cửa.")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _parse_date(options["date_from"], option="--from")
        date_to = _parse_date(options["date_to"], option="--to")
        try:
            book = register_book(
                agency_code=str(options["agency"]),
                date_from=date_from,
                date_to=date_to,
                unit_id=options["unit"],
            )
        except DomainError as error:
            raise CommandError(str(error), returncode=1) from error
        out = Path(options["out"])
        out.write_bytes(register_xlsx(book))
        self.stdout.write(
            _("Đã ghi %(count)s hồ sơ vào %(out)s.") % {"count": len(book.rows), "out": out}
        )
