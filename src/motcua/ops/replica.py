"""The read replica (bản sao chỉ đọc): whether it answers, how far behind it is, and which reads
may go to it.

Reads that may lag (the public dashboards, the index, reports and exports) are sent to the
replica only inside :func:`reads_may_lag`, which ``ops.middleware`` opens for the views listed in
``MOTCUA_REPLICA_VIEWS``; everything else, and everything an officer acts on, reads the primary.
A replica that does not answer, or is more than ``MOTCUA_REPLICA_MAX_LAG_SECONDS`` behind, sends
those reads back to the primary, counted in ``motcua_replica_fallbacks``.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

from motcua.core.metrics import REPLICA_FALLBACKS

# On a standby: no lag while everything received is replayed (an idle primary sends nothing, and
# the time of the last replayed transaction would otherwise grow for ever); else the age of the
# last transaction replayed. On a primary (a replica promoted, or the primary itself): none.
_LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""

_LAG_TOLERATED: ContextVar[bool] = ContextVar("motcua_reads_may_lag", default=False)
#: The replica's state when a read of this request last went to it (``None``: none did), so that
#: the page can say how old its figures are.
_READ_FROM: ContextVar["ReplicaState | None"] = ContextVar("motcua_replica_read", default=None)


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    up: bool
    lag_seconds: float
    checked_at: float


_last: dict[str, ReplicaState] = {}


def replica_alias() -> str | None:
    """The replica's alias in ``DATABASES`` (``MOTCUA_REPLICA_ALIAS``), ``None`` without one."""
    return str(settings.MOTCUA_REPLICA_ALIAS) or None


def _measure(alias: str) -> ReplicaState:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_LAG_SQL)
                row = cursor.fetchone()
                lag = float(row[0]) if row else 0.0
            else:
                cursor.execute("SELECT 1")
                lag = 0.0
    except DatabaseError:
        # Dropped, so that the next check opens a new connection instead of reusing a dead one.
        connection.close()
        return ReplicaState(alias=alias, up=False, lag_seconds=0.0, checked_at=time.monotonic())
    return ReplicaState(alias=alias, up=True, lag_seconds=lag, checked_at=time.monotonic())


def replica_state(*, fresh: bool = False) -> ReplicaState | None:
    """The replica's state, measured at most every ``MOTCUA_REPLICA_CHECK_SECONDS`` per process
    (``fresh``: now); ``None`` when no replica is configured."""
    alias = replica_alias()
    if alias is None:
        return None
    known = _last.get(alias)
    if (
        not fresh
        and known is not None
        and time.monotonic() - known.checked_at < settings.MOTCUA_REPLICA_CHECK_SECONDS
    ):
        return known
    state = _measure(alias)
    _last[alias] = state
    return state


def replica_failed() -> bool:
    """After a read on the replica failed: measure it now; ``True`` if it is down (its reads
    then go to the primary until a later measure finds it up)."""
    alias = replica_alias()
    if alias is None:
        return False
    state = _measure(alias)
    _last[alias] = state
    if not state.up:
        REPLICA_FALLBACKS.labels(reason="down").inc()
    return not state.up


def replica_state_forget() -> None:
    """Measure again at the next read (tests, and after a failover)."""
    _last.clear()


@contextmanager
def reads_may_lag() -> Iterator[None]:
    """Reads inside may come from the replica (a dashboard, a report, an export)."""
    token = _LAG_TOLERATED.set(True)
    read_token = _READ_FROM.set(None)
    try:
        yield
    finally:
        _READ_FROM.reset(read_token)
        _LAG_TOLERATED.reset(token)


def lag_tolerance_begin() -> None:
    """From now on, in this request, reads may come from the replica (the middleware ends it)."""
    _LAG_TOLERATED.set(True)
    _READ_FROM.set(None)


def lag_tolerance_end() -> None:
    _LAG_TOLERATED.set(False)
    _READ_FROM.set(None)


def replica_read_noted(state: ReplicaState) -> None:
    """A read of this request went to the replica, as behind as ``state`` says."""
    _READ_FROM.set(state)


def replica_read_state() -> ReplicaState | None:
    """The replica's state when a read of this request last went to it; ``None`` if none did."""
    return _READ_FROM.get()


def lag_tolerated() -> bool:
    return _LAG_TOLERATED.get()
