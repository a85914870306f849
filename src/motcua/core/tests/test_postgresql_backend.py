"""The kept connection's health check: no statement while the socket is quiet, Django's check
and a new connection once the server has closed it."""

import select
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.db import connection, connections

from motcua.core.postgresql.base import DatabaseWrapper

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checked() -> Iterator[tuple[DatabaseWrapper, list[bool]]]:
    """The default connection with health checks on, recording each run of Django's check."""
    wrapper = cast(DatabaseWrapper, connections["default"])
    calls: list[bool] = []
    original = wrapper.is_usable
    enabled = wrapper.health_check_enabled

    def is_usable() -> bool:
        usable = original()
        calls.append(usable)
        return usable

    wrapper.is_usable = is_usable  # type: ignore[method-assign]
    wrapper.health_check_enabled = True
    try:
        yield wrapper, calls
    finally:
        wrapper.is_usable = original  # type: ignore[method-assign]
        wrapper.health_check_enabled = enabled


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _new_request(wrapper: Any) -> None:
    wrapper.health_check_done = False
    wrapper.close_if_health_check_failed()


def test_a_quiet_idle_connection_is_kept_without_a_statement(
    checked: tuple[DatabaseWrapper, list[bool]],
) -> None:
    wrapper, calls = checked
    pid = _pid()

    _new_request(wrapper)

    assert calls == []
    assert _pid() == pid


def test_a_connection_the_server_closed_is_checked_and_replaced(
    checked: tuple[DatabaseWrapper, list[bool]],
) -> None:
    wrapper, calls = checked
    pid = _pid()
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    # The server's farewell reaches the socket (a wait, not a measurement).
    select.select([wrapper.connection.fileno()], [], [], 5)

    _new_request(wrapper)

    assert calls == [False]
    assert _pid() != pid
