from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.services import administrative_units_import
from motcua.core.errors import ValidationFailed


class Command(BaseCommand):
    help = """Load a newer official list of administrative units from a UTF-8 CSV file.

Columns (header row required, any order):
  code           2 digits for a province, 5 digits for a commune (Decision 19/2025/QĐ-TTg)
  name           official name, e.g. "Phường Hoàn Kiếm"
  level          province | commune
  division_type  e.g. tỉnh, thành phố trung ương, xã, phường, đặc khu
  parent_code    the province code of a commune; empty for a province
  valid_from     YYYY-MM-DD, the same on every row: the date the list takes effect

The file is the complete list. A unit whose name, type, level or parent changed gets its current
row closed on valid_from and a new row opened; new codes are added; units absent from the file
are closed. All or nothing: any bad row is reported (line and column) and nothing is written.
"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            # utf-8-sig: spreadsheet programs put a byte-order mark before the header.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            message = _("Không đọc được tệp %(path)s: %(error)s") % {"path": path, "error": error}
            raise CommandError(message, returncode=1) from error
        try:
            result = administrative_units_import(csv_text=text, at=timezone.now(), actor="cli")
        except ValidationFailed as error:
            lines = [error.message, *(problem.message for problem in error.problems)]
            raise CommandError("\n".join(lines), returncode=1) from error
        self.stdout.write(
            f"added {len(result.added)}, changed {len(result.changed)}, "
            f"closed {len(result.closed)}, unchanged {result.unchanged}"
        )
