import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua_dev.simulators.vnpay_style import make_server


class Command(BaseCommand):
    help = (
        "Run a local payment gateway speaking the VNPAY-type protocol: the payment page, the signed "
        "return, the IPN to --ipn-url, the query, refund and ledger APIs, and /_control/ endpoints "
        "for tests (late, repeated, reordered, forged or missing notifications)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8029)
        parser.add_argument(
            "--secret", default=None, help="Shared secret; default: the MOTCUA_PAY_SECRET setting."
        )
        parser.add_argument(
            "--tmn-code",
            default=None,
            help="Merchant code; default: the MOTCUA_PAY_TMN_CODE setting.",
        )
        parser.add_argument(
            "--ipn-url",
            default=None,
            help="Where notifications (IPN) go; default: MOTCUA_PUBLIC_BASE_URL + the IPN path.",
        )
        parser.add_argument(
            "--ipn",
            choices=["immediate", "late", "never"],
            default="immediate",
            help="When the notification after a payment is sent.",
        )
        parser.add_argument(
            "--ipn-delay", type=float, default=0.0, help="Seconds before a late notification."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ipn_url = options["ipn_url"] or (
            settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/") + "/api/v1/payments/vnpay-style/ipn/"
        )
        server = make_server(
            host=options["host"],
            port=options["port"],
            tmn_code=options["tmn_code"] or settings.MOTCUA_PAY_TMN_CODE,
            secret=options["secret"] or settings.MOTCUA_PAY_SECRET,
            ipn_url=ipn_url,
            ipn=options["ipn"],
            ipn_delay=options["ipn_delay"],
        )

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"pay-sim listening on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
