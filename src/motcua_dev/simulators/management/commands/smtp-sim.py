import signal
import threading
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a local SMTP server (a real one, aiosmtpd) that stores every message it receives in a "
        "Maildir folder: the outgoing mail server of the demo and of the tests."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument(
            "--maildir", default="var/maildir", help="Maildir folder where messages are stored."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Mailbox

        maildir = Path(options["maildir"])
        maildir.parent.mkdir(parents=True, exist_ok=True)
        controller = Controller(
            Mailbox(maildir), hostname=options["host"], port=options["port"], ready_timeout=10
        )
        stop = threading.Event()

        def _stop(_signum: int, _frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        controller.start()
        try:
            self.stdout.write(f"smtp-sim listening on {options['host']}:{options['port']}")
            self.stdout.flush()
            stop.wait()
        finally:
            controller.stop()
