import signal
import threading
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from motcua.registry.population import generate
from motcua.registry.signing import load_or_generate_private_key, public_key_file_for
from motcua_dev.simulators.registry import make_server


class Command(BaseCommand):
    help = (
        "Run the national registries' simulator (population and business) over a deterministic "
        "synthetic population; answers are signed with Ed25519."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8027)
        parser.add_argument(
            "--key-file",
            default=None,
            help="PEM private key (made if missing); its public half is written beside it "
            "as <name>.pub.pem for MOTCUA_REGISTRY_PUBLIC_KEY_FILE.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--people", type=int, default=30000)
        parser.add_argument("--businesses", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = Path(options["key_file"]) if options["key_file"] else None
        key = load_or_generate_private_key(key_file)
        population = generate(
            seed=options["seed"], people=options["people"], businesses=options["businesses"]
        )
        server = make_server(
            host=options["host"], port=options["port"], key=key, population=population
        )

        def _stop(_signum: int, _frame: object) -> None:
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        public = f", public key in {public_key_file_for(key_file)}" if key_file else ""
        self.stdout.write(
            f"registry-sim listening on {options['host']}:{options['port']} "
            f"({len(population.people)} people, {len(population.businesses)} businesses{public})"
        )
        self.stdout.flush()
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
