from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.accounts.identifiers import check_mobile_phone, check_personal_id, check_tax_code


class Command(BaseCommand):
    help = (
        "Check an identifier: cccd (personal ID, 12 digits), tax-code (10 or 13 digits) or phone "
        "(Vietnamese mobile). Prints 'valid' and exits 0, or prints the reason and exits 1."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["cccd", "tax-code", "phone"])
        parser.add_argument("value")
        parser.add_argument(
            "--birth-date", type=date.fromisoformat, help="YYYY-MM-DD, checked against a cccd"
        )
        parser.add_argument("--sex", choices=["male", "female"], help="checked against a cccd")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, value = options["kind"], options["value"]
        if kind == "cccd":
            result = check_personal_id(
                value,
                today=timezone.localdate(),
                birth_date=options["birth_date"],
                sex=options["sex"],
            )
        elif kind == "tax-code":
            result = check_tax_code(value)
        else:
            result = check_mobile_phone(value)
        if not result.valid:
            raise CommandError(result.reason, returncode=1)
        self.stdout.write("valid")
