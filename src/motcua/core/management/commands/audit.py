from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.core.selectors import audit_verify
from motcua.core.services import audit_anchor_create


class Command(BaseCommand):
    help = "Verify the hash-chained audit log (verify), or anchor the heads of its chains (anchor)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            anchor = audit_anchor_create(at=timezone.now())
            self.stdout.write(
                f"anchor {anchor.pk} merkle_root {anchor.merkle_root} hash {anchor.hash}"
            )
            return
        problem = audit_verify()
        if problem is not None:
            message = f"audit log broken at {problem.where}: {problem.reason}"
            raise CommandError(message, returncode=1)
        self.stdout.write("audit log verified")
