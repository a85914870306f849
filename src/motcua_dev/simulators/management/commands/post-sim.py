import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua_dev.simulators.vnpost_style import make_server


class Command(BaseCommand):
    help = (
        "Run a local public post: signed POST /api/orders and GET /api/orders/<number>/tracking, "
        "signed tracking callbacks, and control endpoints /control/orders/<number>/"
        "<accept|transit|deliver|return> that play the post's side."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8030)
        parser.add_argument(
            "--secret", default=None, help="Shared secret; default: the MOTCUA_POST_SECRET setting."
        )
        parser.add_argument(
            "--home-province",
            default="01",
            help="Province code of the sender (postage is higher outside it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        secret = options["secret"] or settings.MOTCUA_POST_SECRET
        server = make_server(
            host=options["host"],
            port=options["port"],
            secret=secret,
            home_province=options["home_province"],
        )

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"post-sim listening on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
