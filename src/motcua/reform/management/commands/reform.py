"""``motcua reform overlap-eval [--half SET] [--errors]``: overlap detection measured on the
labelled evaluation sets (:data:`motcua.reform.overlap_eval.SETS`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.reform.overlap_eval import SETS, TUNING_SETS, MissingSet, evaluate


class Command(BaseCommand):
    help = (
        "Reform workspace: 'overlap-eval' prints the precision and recall of overlap detection "
        "on one half of the labelled evaluation set (default: held-out), on the fresh set, or on "
        "the unseen set or one of its halves, with their counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["overlap-eval"])
        parser.add_argument("--half", choices=SETS, default="held-out")
        parser.add_argument(
            "--errors",
            action="store_true",
            help="List the missed and wrongly found pairs (only of a tuning set: "
            + ", ".join(TUNING_SETS)
            + ").",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        half = options["half"]
        if options["errors"] and half not in TUNING_SETS:
            # Reading the unseen set's mistakes would make it one more tuning set.
            raise CommandError(f"--errors does not list the {half} set: it must stay unseen")
        try:
            result = evaluate(half=half)
        except MissingSet as missing:
            raise CommandError(str(missing)) from missing
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
