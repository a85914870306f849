import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua_dev.simulators.sms_gateway import make_server


class Command(BaseCommand):
    help = (
        "Run a local SMS gateway: POST /sms (signed with HMAC-SHA256) stores a message, "
        "GET /messages lists them as JSON."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8026)
        parser.add_argument(
            "--secret",
            default=None,
            help="Shared secret; default: the MOTCUA_SMS_GATEWAY_SECRET setting.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        secret = options["secret"] or settings.MOTCUA_SMS_GATEWAY_SECRET
        server = make_server(host=options["host"], port=options["port"], secret=secret)

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"sms-sim listening on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
