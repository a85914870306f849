"""Django's PostgreSQL backend, its health check of a kept connection made without a statement
when the connection shows nothing wrong.

With ``CONN_HEALTH_CHECKS`` Django runs ``SELECT 1`` before the first statement of every request
that reuses a connection: a round trip to the server per request, a tenth of the CPU of the
cheapest page. A server that closes a connection (a restart, ``pg_terminate_backend``, an idle
timeout) sends its reason, or the end of the stream, on the socket, so an idle connection whose
socket has nothing to read is taken as usable; one with anything to read, or not idle, or that
psycopg already knows broken, gets Django's own check. A connection lost without a word (a
network cut) is found, as before, by the first statement failing: Django then closes it at the end
of that request.

Timestamps are read by psycopg's compiled loader when the connection's zone is UTC (the
project's: ``USE_TZ`` on, no ``TIME_ZONE`` of the database). Django registers a loader of its own
written in Python, which parses every ``timestamptz`` value of every row in Python (a twentieth of
a request's Python on the pages that list dossiers); the compiled one gives the same aware value
in the connection's zone, UTC, as ``datetime.UTC``. Any other zone keeps Django's loader. The
compiled loader is given to each cursor Django makes, after Django's own choice.
"""

import select
from datetime import UTC
from functools import cache
from typing import Any

import psycopg
from django.conf import settings
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from django.utils.asyncio import async_unsafe
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

TIMESTAMPTZ = "timestamptz"


@cache
def compiled_timestamp_loader() -> type | None:
    """psycopg's compiled ``timestamptz`` loader, or None when only the Python one is installed."""
    oid = psycopg.adapters.types[TIMESTAMPTZ].oid
    loader = psycopg.adapters.get_loader(oid, Format.TEXT)
    if loader is None or issubclass(loader, TimestamptzLoader):
        return None
    return loader


def quiet_and_idle(connection: Any) -> bool:
    """The psycopg ``connection`` is open, outside a transaction, and nothing waits on its socket."""
    from psycopg.pq import TransactionStatus

    if connection.closed or connection.broken:
        return False
    if connection.info.transaction_status != TransactionStatus.IDLE:
        return False
    try:
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class DatabaseWrapper(PostgresDatabaseWrapper):
    # Django's own attributes, which the type stubs do not declare.
    health_check_enabled: bool
    health_check_done: bool

    @async_unsafe
    def create_cursor(self, name: str | None = None) -> Any:
        cursor = super().create_cursor(name)
        # On the cursor, not the connection: Django's create_cursor asks the connection's loader
        # for a ``timezone`` the compiled one does not carry (about a microsecond a cursor).
        loader = compiled_timestamp_loader()
        if loader is not None and settings.USE_TZ and self.timezone == UTC:
            cursor.adapters.register_loader(TIMESTAMPTZ, loader)
        return cursor

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and quiet_and_idle(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
