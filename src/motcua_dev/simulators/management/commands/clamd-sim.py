import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from motcua_dev.simulators.clamd import make_server


class Command(BaseCommand):
    help = (
        "Run a local stand-in for ClamAV's clamd: INSTREAM over TCP, flagging the EICAR test "
        "string (not an antivirus)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8031)

    def handle(self, *args: Any, **options: Any) -> None:
        server = make_server(host=options["host"], port=options["port"])

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"clamd-sim listening on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
