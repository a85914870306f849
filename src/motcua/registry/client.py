"""HTTP to the national registries: time-outs, bounded retries with backoff, a circuit breaker
per registry, and no redirect ever followed (X-Road practice: purpose and dossier on each call).

The breaker's state lives in the database (:class:`~motcua.registry.models.CircuitState`), so every
web node and worker sees the same state: after ``FAILURES_TO_OPEN`` failed calls in a row the
registry is not called for ``MOTCUA_REGISTRY_BREAKER_SECONDS``; the first call after that is a
trial, and one failure opens the circuit again.
"""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F

from motcua.core.http import NO_REDIRECT_OPENER, RedirectRefused
from motcua.registry.models import CircuitState
from motcua.registry.plugins import RegistryUnavailable

FAILURES_TO_OPEN = 3
TRIES = 3
#: Pause before the second try; doubled for each further one.
PAUSE = 0.2
#: Largest answer accepted from a registry.
MAX_BODY = 256 * 1024


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def circuit_open(*, registry: str, at: datetime) -> bool:
    state = CircuitState.objects.filter(registry=registry).first()
    return bool(state and state.opened_until and state.opened_until > at)


def _record_failure(registry: str, at: datetime) -> None:
    CircuitState.objects.get_or_create(registry=registry)
    CircuitState.objects.filter(registry=registry).update(failures=F("failures") + 1)
    state = CircuitState.objects.get(registry=registry)
    if state.failures >= FAILURES_TO_OPEN:
        state.opened_until = at + timedelta(seconds=settings.MOTCUA_REGISTRY_BREAKER_SECONDS)
        state.save(update_fields=["opened_until"])


def _record_success(registry: str) -> None:
    CircuitState.objects.filter(registry=registry).update(failures=0, opened_until=None)


def registry_get(*, registry: str, url: str, headers: dict[str, str], at: datetime) -> HttpAnswer:
    """GET ``url``; a 2xx or 404 answer is returned, anything else raises
    :class:`RegistryUnavailable` after the retries (and counts against the breaker)."""
    if circuit_open(registry=registry, at=at):
        message = f"{registry}: circuit open"
        raise RegistryUnavailable(message)
    last = "no try made"
    for attempt in range(TRIES):
        if attempt:
            time.sleep(PAUSE * 2 ** (attempt - 1))
        request = urllib.request.Request(url, headers=headers, method="GET")  # noqa: S310 - http(s) setting
        try:
            with NO_REDIRECT_OPENER.open(
                request, timeout=settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS
            ) as answer:
                body = answer.read(MAX_BODY + 1)
                status = answer.status
                answer_headers = {k.lower(): v for k, v in answer.headers.items()}
        except RedirectRefused as error:
            last = f"registry answered with a redirect ({error.code})"
            break  # a redirect is refused, not retried: the same call will be redirected again
        except urllib.error.HTTPError as error:
            if error.code == 404:
                body = error.read(MAX_BODY + 1)
                status, answer_headers = 404, {k.lower(): v for k, v in error.headers.items()}
            else:
                last = f"{registry} answered {error.code}"
                if error.code < 500 and error.code != 429:
                    break
                continue
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = f"{registry} unreachable: {type(error).__name__}"
            continue
        if len(body) > MAX_BODY:
            last = f"{registry} answer too large"
            break
        _record_success(registry)
        return HttpAnswer(status=status, headers=answer_headers, body=body)
    _record_failure(registry, at)
    raise RegistryUnavailable(last)
