from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.env import REGISTRY


class Command(BaseCommand):
    help = "List every environment variable motcua reads, with its default and what it does."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--markdown", action="store_true", help="Print a Markdown table.")

    def handle(self, *args: Any, **options: Any) -> None:
        variables = sorted(REGISTRY.values(), key=lambda var: var.name)
        if options["markdown"]:
            self.stdout.write("| variable | default | what it does |\n|---|---|---|")
            for var in variables:
                self.stdout.write(f"| `{var.name}` | `{var.default}` | {var.help} |")
            return
        for var in variables:
            self.stdout.write(f"{var.name} (default: {var.default!r})\n    {var.help}")
