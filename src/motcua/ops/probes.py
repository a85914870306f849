"""What ``/readyz`` asks before a node takes traffic: the database, the shared cache and the
broker each answer within a short time-out. A node that cannot reach one of them is taken out of
the load balancer's rotation instead of answering errors."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections

#: Seconds the broker may take to accept a connection before the node is called not ready.
BROKER_TIMEOUT_SECONDS = 2.0
_CACHE_KEY = "motcua:readyz"


@dataclass(frozen=True)
class Probe:
    name: str
    ok: bool
    seconds: float
    error: str = ""


def _timed(name: str, check: Callable[[], None]) -> Probe:
    started = time.monotonic()
    try:
        check()
    except Exception as error:  # any failure means "not ready", named in the answer
        return Probe(name, False, time.monotonic() - started, type(error).__name__)
    return Probe(name, True, time.monotonic() - started)


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    token = str(time.monotonic_ns())
    cache.set(_CACHE_KEY, token, timeout=10)
    if cache.get(_CACHE_KEY) != token:
        message = "the cache did not return what was just written"
        raise RuntimeError(message)


def _broker(url: str) -> Callable[[], None]:
    def check() -> None:
        from kombu.connection import Connection  # only nodes with a broker need kombu loaded

        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS) as connection:  # type: ignore[no-untyped-call]
            connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)

    return check


def readiness() -> list[Probe]:
    """Each dependency of a web node, checked now; the broker only when one is configured."""
    probes = [_timed("database", _database), _timed("cache", _cache)]
    if url := str(settings.MOTCUA_BROKER_URL):
        probes.append(_timed("broker", _broker(url)))
    return probes
