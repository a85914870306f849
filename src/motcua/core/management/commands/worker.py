import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.core.metrics import metrics_http_start
from motcua.core.outbox import (
    RunReport,
    broker_consume,
    broker_queue,
    broker_url,
    outbox_run_due,
    periodic_run_due,
)

#: Passes of ``--once``: enough for work that enqueues more work (a dossier event fans out to one
#: notification per channel), bounded so a handler that always enqueues cannot loop for ever.
DRAIN_PASSES = 10


class Command(BaseCommand):
    help = (
        "Run background work: the due rows of the outbox and the periodic jobs. Without a broker "
        "(MOTCUA_BROKER_URL empty) it polls the database; with one it consumes the broker's queue "
        "and still polls now and then."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run what is due now (until drained), then stop."
        )
        parser.add_argument(
            "--broker", default=None, help="Broker URL; default: the MOTCUA_BROKER_URL setting."
        )
        parser.add_argument(
            "--queue", default=None, help="Queue name; default: the MOTCUA_BROKER_QUEUE setting."
        )
        parser.add_argument(
            "--max-messages",
            type=int,
            default=None,
            help="Stop after handling this many broker messages.",
        )
        parser.add_argument(
            "--max-seconds", type=float, default=None, help="Stop after about this many seconds."
        )
        parser.add_argument(
            "--poll-interval", type=float, default=2.0, help="Seconds between database polls."
        )
        parser.add_argument("--limit", type=int, default=100, help="Rows claimed per poll.")
        parser.add_argument(
            "--metrics-bind",
            default=None,
            help="host:port of this worker's /metrics (Bearer MOTCUA_METRICS_TOKEN); "
            "default: the MOTCUA_WORKER_METRICS_BIND setting, empty for none.",
        )

    def _poll(self, limit: int) -> RunReport:
        total = RunReport()
        for _pass in range(DRAIN_PASSES):
            report = outbox_run_due(now=timezone.now(), limit=limit)
            total.swept += report.swept
            total.done += report.done
            total.retried += report.retried
            total.failed += report.failed
            if not report.done:
                break
        periodic_run_due(now=timezone.now())
        return total

    def _say(self, report: RunReport) -> None:
        if report.claimed or report.swept:
            self.stdout.write(
                f"done {len(report.done)} retried {len(report.retried)} "
                f"failed {len(report.failed)} swept {report.swept}"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        metrics_bind: str = (
            options["metrics_bind"]
            if options["metrics_bind"] is not None
            else settings.MOTCUA_WORKER_METRICS_BIND
        )
        if not metrics_bind:
            self._work(options)
            return
        server = metrics_http_start(metrics_bind)
        self.stdout.write(f"metrics on port {server.server_port}, path /metrics")
        try:
            self._work(options)
        finally:
            server.shutdown()
            server.server_close()

    def _work(self, options: dict[str, Any]) -> None:
        url: str = options["broker"] if options["broker"] is not None else broker_url()
        queue: str = options["queue"] or broker_queue()
        limit: int = options["limit"]
        interval: float = options["poll_interval"]
        max_messages: int | None = options["max_messages"]
        deadline = (
            time.monotonic() + options["max_seconds"]
            if options["max_seconds"] is not None
            else None
        )
        if options["once"] and max_messages is None:
            self._say(self._poll(limit))
            return
        handled = 0
        while True:
            if url:
                remaining = None if max_messages is None else max_messages - handled
                handled += broker_consume(
                    url=url,
                    queue=queue,
                    now=timezone.now,
                    max_messages=remaining,
                    timeout=interval,
                )
                if max_messages is not None and handled >= max_messages:
                    self.stdout.write(f"handled {handled} broker messages")
                    return
            self._say(self._poll(limit))
            if options["once"] or (deadline is not None and time.monotonic() >= deadline):
                return
            if not url:
                time.sleep(interval)
