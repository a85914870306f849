from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.ops.backup import BackupRefused, backup_create


class Command(BaseCommand):
    help = (
        "Back up into an empty folder: the database (pg_dump, custom format), every stored file, "
        "and a manifest with a fresh audit anchor, the number of dossiers and each file's SHA-256."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(target=options["folder"], at=timezone.now())
        except BackupRefused as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            f"backup {options['folder']}: {manifest['dossiers']} dossiers, "
            f"{len(manifest['files'])} files, audit anchor {manifest['anchor']['hash']}"
        )
