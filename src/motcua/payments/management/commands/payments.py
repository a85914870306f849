from argparse import ArgumentParser
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.payments.gateways import GatewayError
from motcua.payments.services import payments_query_pending, reconciliation_run
from motcua.payments.words import format_dong


class Command(BaseCommand):
    help = (
        "Payments: 'reconcile --date YYYY-MM-DD' compares a day's online payments with the "
        "gateway's ledger and lists every mismatch (exit 1 if any); 'query-pending' asks the "
        "gateway about payments whose notification has not come."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reconcile = sub.add_parser("reconcile", help="Reconcile one day with the gateway.")
        reconcile.add_argument("--date", default=None, help="Local day; default: yesterday.")
        reconcile.add_argument("--gateway", default="vnpay_style")
        sub.add_parser("query-pending", help="Query the gateway about stale pending payments.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["action"] == "query-pending":
            counts = payments_query_pending(now=now)
            self.stdout.write(" ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none")
            return
        try:
            day = (
                date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate(now) - timedelta(days=1)
            )
        except ValueError as error:
            raise CommandError(f"not a date: {options['date']}") from error
        try:
            run = reconciliation_run(day=day, at=now, gateway=options["gateway"])
        except GatewayError as error:
            raise CommandError(str(error)) from error
        mismatches = list(run.mismatches.all())
        self.stdout.write(
            f"Đối soát ngày {day:%d/%m/%Y}: hệ thống {run.ours} giao dịch "
            f"({format_dong(run.total_ours)}), cổng thanh toán {run.theirs} giao dịch "
            f"({format_dong(run.total_theirs)}), khớp {run.matched}, lệch {len(mismatches)}."
        )
        for item in mismatches:
            ours = format_dong(item.ours_amount) if item.ours_amount is not None else "—"
            theirs = format_dong(item.theirs_amount) if item.theirs_amount is not None else "—"
            self.stdout.write(
                f"  {item.order_id} (hồ sơ {item.reference or '—'}): {item.get_kind_display()}; "
                f"hệ thống {ours}, cổng {theirs}"
            )
        if mismatches:
            raise SystemExit(1)
