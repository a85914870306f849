from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.ops.backup import BackupRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup of motcua backup into an empty database and files folder, then check "
        "it: audit log verified against the saved anchor, dossier count, every file's hash. "
        "Exit 1 naming each difference."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(source=options["folder"])
        except BackupRefused as error:
            raise CommandError(str(error), returncode=2) from error
        if not report.ok:
            raise CommandError("; ".join(report.problems), returncode=1)
        self.stdout.write(
            f"restored and checked: {report.dossiers} dossiers, {report.files} files, "
            "audit log verified against the saved anchor"
        )
