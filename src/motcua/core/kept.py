"""Values kept instead of computed again: in each process, or in the shared cache for a while.

:class:`KeptValues` is for what depends only on a few things a process meets a handful of times
(a page's constant markup per language, an address per URLconf and prefix): past the bound
nothing more is kept, so an unforeseen key can cost CPU but never memory.

:func:`kept_a_while` is for a figure that may be a few seconds old, as long as the page says
when it was made (an officer's queue counts): kept in the cache (shared by the web processes
when one is configured) for at most ``longest``, and made again for a reader who knows it has
changed since (``fresh_after``).
"""

import hashlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from django.core.cache import cache


class KeptValues:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._values: dict[Hashable, str] = {}

    def get(self, key: Hashable, compute: Callable[[], str]) -> str:
        found = self._values.get(key)
        if found is not None:
            return found
        value = compute()
        with self._lock:
            if len(self._values) < self.limit:
                self._values[key] = value
        return value


T = TypeVar("T")


@dataclass(frozen=True)
class Made(Generic[T]):
    """A kept value and the moment it was made."""

    value: T
    at: datetime


def kept_a_while(
    name: str,
    parts: tuple[object, ...],
    *,
    now: datetime,
    longest: timedelta,
    fresh_after: datetime | None,
    make: Callable[[], T],
) -> Made[T]:
    """``make()``'s value for ``parts``, as kept under ``name``, or made now and kept.

    A kept value is used while it is younger than ``longest`` and was made after ``fresh_after``
    (when given). ``now`` is the moment the value is made at: taken before ``make`` runs, so a
    change committed after it is never hidden behind a value stamped later. ``parts`` may hold
    what a visitor typed: the key holds their digest, not the text.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"motcua:kept:{name}:{digest}"
    found = cache.get(key)
    if (
        isinstance(found, Made)
        and found.at > now - longest
        and (fresh_after is None or found.at > fresh_after)
    ):
        return found
    made = Made(make(), now)
    cache.set(key, made, timeout=max(1, int(longest.total_seconds())))
    return made
