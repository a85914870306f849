"""Values a process computes once per key and keeps, up to a bound.

For what depends only on a few things a process meets a handful of times (a page's constant
markup per language, an address per URLconf and prefix): past the bound nothing more is kept,
so an unforeseen key can cost CPU but never memory.
"""

import threading
from collections.abc import Callable, Hashable


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
