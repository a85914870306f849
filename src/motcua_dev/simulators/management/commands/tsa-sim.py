import signal
import threading
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.signing.pki import PkiMissing
from motcua_dev.simulators.tsa import make_server


class Command(BaseCommand):
    help = (
        "Run a local RFC 3161 time-stamp authority: POST application/timestamp-query answers "
        "application/timestamp-reply; GET /crl/root.crl, /crl/agency-ca.crl, /certs/root.pem."
    )

    # A stand-in for an outside service: it needs neither the database nor the URL configuration.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8028)
        parser.add_argument(
            "--pki-dir", default=None, help="The local CA; default: the MOTCUA_PKI_DIR setting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pki_dir = Path(options["pki_dir"] or settings.MOTCUA_PKI_DIR)
        try:
            server = make_server(host=options["host"], port=options["port"], pki_dir=pki_dir)
        except PkiMissing as error:
            raise CommandError(str(error)) from error

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"tsa-sim listening on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
