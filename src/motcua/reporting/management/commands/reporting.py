"""``motcua reporting rebuild``: recompute every aggregate of the Decision 766 index from the history."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.reporting.aggregates import reporting_rebuild


class Command(BaseCommand):
    help = (
        "Reporting aggregates. 'rebuild' recomputes every tally from the dossiers' and feedback "
        "history (the worker keeps them current as events arrive; use this after a restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reporting_rebuild()
        self.stdout.write(
            f"{counts['dossiers']} dossiers, {counts['tallies']} tallies, "
            f"{counts['step_tallies']} step tallies"
        )
