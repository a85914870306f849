"""What the hot paths read of the catalogue, kept in this process for one generation of it.

A submission reads the procedure's published version, its components (the forms' schemas), its
fee rules and legal basis, and the local fee decisions: the same rows for every dossier of the
procedure, changed only by the catalogue's services, each of which bumps the ``catalog``
generation (:mod:`motcua.core.generations`) in its own transaction. Each read here first reads the
generation (one short statement, its value and the moment of its change); a new one empties the
store, so a committed change is seen by the next request of every process. The generation is read
before the rows, so a row kept under a value is never older than that value. The objects kept are
shared by every request of the process: callers must not change them.
"""

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from motcua.core.generations import generation_mark

#: The generation (:mod:`motcua.core.generations`) of the catalogue: the public pages and the
#: kept rows below.
CATALOG_GENERATION = "catalog"

T = TypeVar("T")

_lock = threading.Lock()
_kept: dict[Hashable, object] = {}
_generation: list[tuple[int, str] | None] = [None]


def catalog_kept(key: Hashable, read: Callable[[], T]) -> T:
    """The value kept under ``key`` for the current generation, or ``read()`` kept now."""
    value = generation_mark(name=CATALOG_GENERATION)
    with _lock:
        if value != _generation[0]:
            _kept.clear()
            _generation[0] = value
        elif key in _kept:
            return _kept[key]  # type: ignore[return-value]
    found = read()
    with _lock:
        if _generation[0] == value:
            _kept[key] = found
    return found


def catalog_kept_clear() -> None:
    """Forget every kept row (the tests: a rolled-back test leaves the generation as it was)."""
    with _lock:
        _kept.clear()
        _generation[0] = None
