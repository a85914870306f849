import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a local OpenID Connect provider standing in for VNeID (synthetic citizens, RS256 "
        "keys, authorization code with PKCE): the citizens' login of the demo and of the tests."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8010)
        parser.add_argument("--issuer", default="", help="Issuer URL (default: http://HOST:PORT).")
        parser.add_argument("--client-id", default=settings.MOTCUA_OIDC_CLIENT_ID)
        parser.add_argument("--client-secret", default=settings.MOTCUA_OIDC_CLIENT_SECRET)
        parser.add_argument(
            "--key-file",
            default="",
            help="PEM file of the RSA signing key; read if it exists, else generated and written.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from motcua_dev.simulators.vneid import (
            Provider,
            load_or_generate_key,
            make_server,
        )

        host, port = options["host"], options["port"]
        provider = Provider(
            issuer=options["issuer"] or f"http://{host}:{port}",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            key=load_or_generate_key(options["key_file"] or None),
        )
        server = make_server(host=host, port=port, provider=provider)

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write(f"oidc-sim listening on {host}:{port} (issuer {provider.issuer})")
        self.stdout.flush()
        try:
            server.serve_forever()
        finally:
            server.server_close()
