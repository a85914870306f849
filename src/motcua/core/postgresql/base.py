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
"""

import select
from typing import Any

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper


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
