"""``motcua catalog export|import|import-xlsx FILE``: the catalogue as configuration in code."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.importing import catalog_import, catalog_import_xlsx
from motcua.catalog.selectors import catalog_export_bytes
from motcua.core.errors import DomainError

ACTOR = "cli"


class Command(BaseCommand):
    help = (
        "Export the procedure catalogue to JSON (export FILE), import such a file into the "
        "database all or nothing (import FILE), or import a ministry's procedure list as drafts "
        "(import-xlsx FILE)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["export", "import", "import-xlsx"])
        parser.add_argument("file", type=Path)

    def _progress(self, done: int, total: int) -> None:
        # One line every 500 procedures and at the end: enough to see a long import move.
        if done % 500 == 0 or done == total:
            self.stderr.write(f"{done}/{total} procedures")

    def handle(self, *args: Any, **options: Any) -> None:
        action: str = options["action"]
        path: Path = options["file"]
        if action == "export":
            path.write_bytes(catalog_export_bytes())
            self.stdout.write(f"exported the catalogue to {path}")
            return
        if not path.is_file():
            raise CommandError(f"{path}: không tìm thấy tệp.", returncode=1)
        try:
            if action == "import":
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    raise CommandError(
                        f"{path}: không đọc được JSON: {error}", returncode=1
                    ) from None
                summary = catalog_import(
                    data=data, at=timezone.now(), actor=ACTOR, progress=self._progress
                )
            else:
                summary = catalog_import_xlsx(
                    path=path, at=timezone.now(), actor=ACTOR, progress=self._progress
                )
            for note in summary.notes:
                self.stdout.write(f"{note.path}: {note.message}")
            self.stdout.write(
                f"imported {summary.fields} fields, {summary.procedures} procedures, "
                f"{summary.versions} new versions ({summary.unchanged} unchanged), "
                f"{summary.local_fee_policies} fee policies"
            )
        except DomainError as error:
            for problem in error.problems:
                self.stderr.write(f"{problem.path}: {problem.message}")
            raise CommandError(error.message, returncode=1) from None
