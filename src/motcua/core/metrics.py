"""The Prometheus metrics every app may count into (chỉ số vận hành).

Defined here, at the bottom of the layers, so that a service counts what it did without knowing
who reads it; ``motcua.ops`` exposes them at ``/metrics``. Under ``motcua serve`` each gunicorn
worker writes its values into files of ``PROMETHEUS_MULTIPROC_DIR`` (set by the command before
the workers start), and the worker answering a scrape sums them all; elsewhere (tests, the
development server, ``motcua worker``) the values live in the process.

Labels stay few and bounded: a view's name, never its path; an action of the workflow table;
a rate limit's scope. No personal data ever goes into a label.
"""

from functools import partial

from django.db import transaction
from prometheus_client import Counter, Histogram

#: Seconds; from a cached lookup (a few ms) to a slow export near the request time-out.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

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


def dossier_event_counted(*, action: str, channel: str) -> None:
    """Count a dossier's history row once its transaction commits (a rollback counts nothing)."""
    if action == "submit":
        transaction.on_commit(partial(DOSSIER_SUBMISSIONS.labels(channel=channel).inc))
    else:
        transaction.on_commit(partial(DOSSIER_TRANSITIONS.labels(action=action).inc))
