"""The Prometheus metrics every app may count into (chỉ số vận hành).

Defined here, at the bottom of the layers, so that a service counts what it did without knowing
who reads it; ``motcua.ops`` exposes them at ``/metrics``. Under ``motcua serve`` each gunicorn
worker writes its values into files of ``PROMETHEUS_MULTIPROC_DIR`` (set by the command before
the workers start), and the worker answering a scrape sums them all; elsewhere (tests, the
development server, ``motcua worker``) the values live in the process. ``motcua worker`` serves
its own on a small HTTP port of its own (:func:`metrics_http_start`), behind the same token, since
a worker need not run on a web node's machine.

Labels stay few and bounded: a view's name, never its path; an action of the workflow table;
a rate limit's scope. No personal data ever goes into a label.
"""

import hmac
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.db import transaction
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

#: Seconds; from a cached lookup (a few ms) to a slow export near the request time-out.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: Seconds of background work: a notification (ms), a signature with its time-stamp, an OCR of
#: a scanned file of several pages (up to its time-out).
WORK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)

HTTP_REQUESTS = Counter(
    "motcua_http_requests",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "motcua_http_request_duration_seconds",
    "Time to answer an HTTP request, by view name.",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
DOSSIER_SUBMISSIONS = Counter(
    "motcua_dossier_submissions",
    "Dossiers received (committed), by channel of submission.",
    ["channel"],
)
DOSSIER_TRANSITIONS = Counter(
    "motcua_dossier_transitions",
    "Moves of a dossier recorded in its history (committed), by action.",
    ["action"],
)
RATE_LIMIT_REFUSALS = Counter(
    "motcua_rate_limit_refusals",
    "Requests refused by a rate limit (HTTP 429), by scope.",
    ["scope"],
)
REPLICA_FALLBACKS = Counter(
    "motcua_replica_fallbacks",
    "Reads that could lag but went to the primary because the replica was down or behind.",
    ["reason"],
)

OUTBOX_HANDLER_RUNS = Counter(
    "motcua_outbox_handler_runs",
    "Runs of one handler on one outbox row, by topic, handler and outcome: done, retried (failed, "
    "will be tried again), failed (for good, attempts used up).",
    ["topic", "handler", "outcome"],
)
OUTBOX_HANDLER_DURATION = Histogram(
    "motcua_outbox_handler_duration_seconds",
    "Time one handler took on one outbox row (its transaction included), by topic and handler.",
    ["topic", "handler"],
    buckets=WORK_BUCKETS,
)
SIGNATURE_DURATION = Histogram(
    "motcua_signature_duration_seconds",
    "Time to sign a PDF (key, time-stamp), by signer plug-in and outcome (ok, failed).",
    ["plugin", "outcome"],
    buckets=WORK_BUCKETS,
)
OCR_DURATION = Histogram(
    "motcua_ocr_duration_seconds",
    "Time to OCR a file (rendering and recognition), by kind of file and outcome (ok, failed).",
    ["kind", "outcome"],
    buckets=WORK_BUCKETS,
)


@contextmanager
def duration_observed(histogram: Histogram, **labels: str) -> Iterator[None]:
    """Observe the time the block took into ``histogram``, labelled ``outcome`` ``ok`` or
    ``failed`` (an exception) besides ``labels``."""
    started = time.perf_counter()
    outcome = "failed"
    try:
        yield
        outcome = "ok"
    finally:
        histogram.labels(outcome=outcome, **labels).observe(time.perf_counter() - started)


def bearer_token_matches(authorization: str) -> bool:
    """Whether an ``Authorization`` header carries ``MOTCUA_METRICS_TOKEN`` (never when empty)."""
    token = str(settings.MOTCUA_METRICS_TOKEN)
    return bool(token) and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode())


def metrics_exposition() -> bytes:
    """This process's metrics as Prometheus text: the sum of the files of
    ``PROMETHEUS_MULTIPROC_DIR`` when the processes of a node share one, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry(auto_describe=False)
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def _metrics_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    if (
        environ.get("PATH_INFO") != "/metrics"
        or environ.get("REQUEST_METHOD") != "GET"
        or not bearer_token_matches(environ.get("HTTP_AUTHORIZATION", ""))
    ):
        # As on the web nodes: nothing here for anyone without the token.
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"Not Found\n"]
    body = metrics_exposition()
    start_response(
        "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))]
    )
    return [body]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        # A scrape every few seconds is not worth a log line.
        return


def metrics_http_start(bind: str) -> WSGIServer:
    """Serve ``GET /metrics`` (``Authorization: Bearer <MOTCUA_METRICS_TOKEN>``) on ``bind``
    (``host:port``; port 0 takes a free one) from a daemon thread; returns the server (its
    ``server_port``, ``shutdown()``)."""
    host, _, port = bind.rpartition(":")
    server = make_server(
        host.strip("[]") or "127.0.0.1",
        int(port),
        _metrics_app,
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
    return server


def dossier_event_counted(*, action: str, channel: str) -> None:
    """Count a dossier's history row once its transaction commits (a rollback counts nothing)."""
    if action == "submit":
        transaction.on_commit(partial(DOSSIER_SUBMISSIONS.labels(channel=channel).inc))
    else:
        transaction.on_commit(partial(DOSSIER_TRANSITIONS.labels(action=action).inc))
