"""``motcua reform overlap-eval [--half tune|held-out|fresh] [--errors]``: overlap detection measured
on the labelled evaluation set."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.reform.overlap_eval import FRESH, HALVES, evaluate


class Command(BaseCommand):
    help = (
        "Reform workspace: 'overlap-eval' prints the precision and recall of overlap detection "
        "on one half of the labelled evaluation set (default: held-out) or on the fresh set, with "
        "their counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["overlap-eval"])
        parser.add_argument("--half", choices=[*HALVES, FRESH], default="held-out")
        parser.add_argument(
            "--errors",
            action="store_true",
            help="List the missed and wrongly found pairs (tuning half only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        half = options["half"]
        if options["errors"] and half != "tune":
            # Looking at the held-out mistakes is tuning on them.
            raise CommandError("--errors lists the tuning half only")
        result = evaluate(half=half)
        self.stdout.write(result.summary())
        if not options["errors"]:
            return
        for pair in result.missed:
            self.stdout.write(f"  missed ({pair.label}): {pair.left} ~ {pair.right}: {pair.reason}")
        for pair, finding in result.wrongly_found:
            self.stdout.write(
                f"  wrongly found ({finding.kind}, {finding.score:.2f}): {pair.left} ~ "
                f"{pair.right}: {pair.reason}"
            )
