"""``motcua catalog export|import|import-xlsx FILE``: the catalogue as configuration in code."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.catalog.selectors import catalog_export_bytes
from motcua.catalog.services import catalog_import, catalog_import_xlsx
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
                summary = catalog_import(data=data, at=timezone.now(), actor=ACTOR)
                self.stdout.write(
                    f"imported {summary.fields} fields, {summary.procedures} procedures, "
                    f"{summary.versions} versions, {summary.local_fee_policies} fee policies"
                )
            else:
                versions = catalog_import_xlsx(path=path, at=timezone.now(), actor=ACTOR)
                self.stdout.write(f"imported {len(versions)} draft procedures")
        except DomainError as error:
            for problem in error.problems:
                self.stderr.write(f"{problem.path}: {problem.message}")
            raise CommandError(error.message, returncode=1) from None
