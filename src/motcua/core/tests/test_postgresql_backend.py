"""The kept connection's health check: no statement while the socket is quiet, Django's check
and a new connection once the server has closed it; timestamps read by the compiled loader."""

import select
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test import override_settings
from psycopg.pq import Format

from motcua.core.models import Generation
from motcua.core.postgresql.base import DatabaseWrapper, compiled_timestamp_loader

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


# Timestamps read by psycopg's compiled loader.


def _read_moments(cursor: Any) -> tuple[Any, Any]:
    cursor.execute(
        "SELECT '2026-12-07 10:11:12.345678+07'::timestamptz, '1999-01-01 00:00:00+00'::timestamptz"
    )
    row: tuple[Any, Any] = cursor.fetchone()
    return row


def test_a_cursor_reads_timestamps_with_the_compiled_loader() -> None:
    connection.ensure_connection()
    loader = compiled_timestamp_loader()
    assert loader is not None  # psycopg[binary] is a dependency
    oid = psycopg.adapters.types["timestamptz"].oid
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(oid, Format.TEXT) is loader
        first, second = _read_moments(cursor)
    assert first == datetime(2026, 12, 7, 3, 11, 12, 345678, tzinfo=UTC)
    assert first.tzinfo is UTC
    assert second == datetime(1999, 1, 1, tzinfo=UTC)


def test_a_named_cursor_reads_the_same_moments() -> None:
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        assert _read_moments(cursor) == (
            datetime(2026, 12, 7, 3, 11, 12, 345678, tzinfo=UTC),
            datetime(1999, 1, 1, tzinfo=UTC),
        )


def test_another_zone_keeps_djangos_loader_on_the_cursor() -> None:
    connection.ensure_connection()
    with override_settings(USE_TZ=False), connection.cursor() as cursor:
        first, _second = _read_moments(cursor)
    # Without time zone support Django hands back naive values, as its own loader does.
    assert first.tzinfo is None


def test_a_model_read_gives_aware_utc_moments() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    Generation.objects.create(name="compiled-loader", value=1, changed_at=at)
    read = Generation.objects.get(name="compiled-loader").changed_at
    assert read == at
    assert read is not None
    assert read.tzinfo is UTC
