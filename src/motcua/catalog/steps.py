"""The steps of a procedure version's internal process, kept in memory once published.

Below the other modules of the app: :mod:`motcua.catalog.payload` clears the cache when it writes
the steps of a version, and the dossier lifecycle reads the steps on every transition.
"""

import threading

from motcua.catalog.models import ProcedureVersion, ProcessStep, VersionStatus

_steps_lock = threading.Lock()
_steps_cache: dict[int, tuple[ProcessStep, ...]] = {}


def process_steps_cache_clear() -> None:
    """Forget the cached steps; :func:`motcua.catalog.payload.write_version` calls it whenever it
    writes the steps of a version (a version id may come back after a rolled-back transaction)."""
    with _steps_lock:
        _steps_cache.clear()


def process_steps_of(*, version: ProcedureVersion) -> tuple[ProcessStep, ...]:
    """The steps of the internal process of ``version``, in order.

    The steps of a published version never change, so they are kept in this process per version
    id after the first read: the dossier lifecycle asks for them on every transition. Drafts are
    read from the database each time. The rows returned are shared: do not change them.
    """
    if version.status == VersionStatus.PUBLISHED:
        with _steps_lock:
            cached = _steps_cache.get(version.pk)
        if cached is not None:
            return cached
    steps = tuple(ProcessStep.objects.filter(version_id=version.pk).order_by("order"))
    if version.status == VersionStatus.PUBLISHED:
        with _steps_lock:
            _steps_cache[version.pk] = steps
    return steps
