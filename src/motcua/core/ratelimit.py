"""Rate limits per client address, kept in Django's cache (giới hạn tần suất truy cập).

A sliding-window counter: each client has one counter per fixed window, and a hit is weighed
against the current window's count plus the previous window's count scaled by how much of it still
overlaps the sliding window. That smooths the burst a plain fixed window allows at its edge, and
costs two cache keys per client.

The counter is incremented before the check (``cache.incr`` is atomic in Redis, in memcached and,
under a lock, in the local-memory cache), so concurrent requests on several web nodes sharing one
cache cannot all slip under the limit; a refused hit is taken back, so ``Retry-After`` is exact
for a client that waits as told (at most one window), while one that keeps hammering stays at the
limit and refused. Clients are keyed by a keyed hash of their address, never the
address itself; IPv6 clients by their /64 network (one subscriber usually holds a whole /64).
"""

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from motcua.core.metrics import RATE_LIMIT_REFUSALS

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}
_RATE = re.compile(r"\s*([0-9]+)\s*/\s*([0-9]*)\s*([a-z]+)\s*")
_KEY_PREFIX = "motcua:rate"


@dataclass(frozen=True)
class Rate:
    """At most ``limit`` hits in any ``window_seconds``."""

    limit: int
    window_seconds: int


class BadRate(ValueError):
    """A rate setting that does not read as ``N/unit`` (``30/min``, ``100/h``, ``5/10s``)."""


def parse_rate(text: str) -> Rate:
    """``"30/min"`` → 30 hits a minute; also ``s``, ``h``, ``d`` and a multiple (``5/10s``)."""
    found = _RATE.fullmatch(text.lower())
    if found is None or found.group(3) not in _UNITS:
        message = f"rate must read N/unit (30/min, 100/h, 5/10s), not {text!r}"
        raise BadRate(message)
    limit = int(found.group(1))
    window = int(found.group(2) or 1) * _UNITS[found.group(3)]
    if limit < 1 or window < 1:
        message = f"rate must allow at least one hit in a positive window, not {text!r}"
        raise BadRate(message)
    return Rate(limit=limit, window_seconds=window)


def client_address(meta: Mapping[str, object], *, trusted_header: str = "") -> str:
    """The address a limit applies to (``meta``: the request's ``META``): ``REMOTE_ADDR``, or
    what a trusted proxy says.

    ``trusted_header`` (for example ``X-Forwarded-For``) is read only when configured, since any
    client can send it; its last entry is the address the trusted proxy itself saw (earlier
    entries come from the client and are not trusted). An IPv6 address stands for its /64.
    """
    raw = str(meta.get("REMOTE_ADDR", "") or "")
    if trusted_header:
        name = "HTTP_" + trusted_header.strip().upper().replace("-", "_")
        forwarded = [p.strip() for p in str(meta.get(name, "") or "").split(",")]
        if forwarded and forwarded[-1]:
            raw = forwarded[-1]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    #: Whole seconds after which a hit would be allowed again (0 when allowed).
    retry_after: int
    #: The weighted count of hits in the sliding window, this one included.
    count: float


def _key(scope: str, client: str, window: int) -> str:
    digest = salted_hmac("motcua.ratelimit", f"{scope}|{client}").hexdigest()[:32]
    return f"{_KEY_PREFIX}:{scope}:{digest}:{window}"


def rate_hit(*, scope: str, client: str, rate: Rate, now: datetime) -> Decision:
    """Count one hit of ``client`` on ``scope`` at ``now`` and say whether it is allowed."""
    width = rate.window_seconds
    moment = now.timestamp()
    window = math.floor(moment / width)
    elapsed = moment - window * width
    current_key = _key(scope, client, window)
    # Two windows: the previous one is still read while the current one runs.
    cache.add(current_key, 0, timeout=2 * width + 1)
    try:
        current = cache.incr(current_key)
    except ValueError:  # evicted between add and incr: start again from this hit
        cache.set(current_key, 1, timeout=2 * width + 1)
        current = 1
    previous = int(cache.get(_key(scope, client, window - 1), 0) or 0)
    count = previous * (width - elapsed) / width + current
    if count <= rate.limit:
        return Decision(allowed=True, retry_after=0, count=count)
    # A refused hit is not counted: a client that waits as told gets in when told.
    try:
        current = cache.decr(current_key)
    except ValueError:  # evicted meanwhile: nothing left to take back
        current = 0
    RATE_LIMIT_REFUSALS.labels(scope=scope).inc()
    return Decision(
        allowed=False,
        retry_after=_retry_after(
            limit=rate.limit, width=width, elapsed=elapsed, previous=previous, current=current
        ),
        count=count,
    )


def _retry_after(*, limit: int, width: int, elapsed: float, previous: int, current: int) -> int:
    """Seconds until one more hit fits: ``previous·(W−e)/W + current + 1 ≤ limit``."""
    room = limit - 1 - current
    if room >= 0 and previous > 0:
        # Within this window, once enough of the previous one has slid out.
        wait = width * (1 - room / previous) - elapsed
    else:
        # In the next window this window's hits weigh as ``previous``.
        wait = (width - elapsed) + max(0.0, width * (1 - (limit - 1) / current))
    return max(1, math.ceil(wait))


@dataclass(frozen=True)
class LookupDecision:
    allowed: bool
    retry_after: int


def lookup_rate_hit(*, meta: Mapping[str, object], now: datetime) -> LookupDecision:
    """One hit on the public dossier lookup (tra cứu), shared by the portal and the API."""
    decision = rate_hit(
        scope="lookup",
        client=client_address(meta, trusted_header=settings.MOTCUA_TRUSTED_PROXY_HEADER),
        rate=parse_rate(settings.MOTCUA_LOOKUP_RATE),
        now=now,
    )
    return LookupDecision(allowed=decision.allowed, retry_after=decision.retry_after)
