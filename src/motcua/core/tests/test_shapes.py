from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.models import OutboxMessage
from motcua.core.shapes import ShapedQuery, Statement, queryset_statement

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _messages(topic: str, count: int) -> None:
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            topic=topic, key=str(n), available_at=AT + timedelta(minutes=n), created_at=AT
        )
        for n in range(count)
    )


class _Counted:
    """A build of a statement that counts how often it is asked."""

    def __init__(self, build: Callable[[tuple[Any, ...]], Statement | None]) -> None:
        self.build = build
        self.calls = 0

    def __call__(self, values: tuple[Any, ...]) -> Statement | None:
        self.calls += 1
        return self.build(values)


def _due(values: tuple[Any, ...]) -> Statement | None:
    topic, before = values
    return queryset_statement(
        OutboxMessage.objects.filter(topic=topic, available_at__lt=before)
        .order_by("available_at")
        .values_list("key", "available_at")
    )


def test_a_shape_is_compiled_once_and_each_call_binds_its_own_values() -> None:
    _messages("a", 5)
    _messages("b", 3)
    query = ShapedQuery()
    build = _Counted(_due)

    first = query.rows("due", ("a", AT + timedelta(minutes=2)), build)
    compiled = build.calls
    with CaptureQueriesContext(connection) as queries:
        second = query.rows("due", ("b", AT + timedelta(minutes=10)), build)

    assert compiled == 2  # two sets of stand-ins, to find where each value goes
    assert build.calls == compiled  # and never again for that shape
    assert len(queries.captured_queries) == 1
    assert first == [("0", AT), ("1", AT + timedelta(minutes=1))]
    # Read back through the fields' converters (SQLite keeps moments as text).
    assert second == [(str(n), AT + timedelta(minutes=n)) for n in range(3)]


def test_a_value_the_statement_transforms_is_bound_anew_on_every_call() -> None:
    _messages("alpha", 2)
    _messages("beta", 1)
    query = ShapedQuery()

    def starting(values: tuple[Any, ...]) -> Statement | None:
        return queryset_statement(
            OutboxMessage.objects.filter(topic__startswith=values[0])
            .order_by("pk")
            .values_list("key")
        )

    build = _Counted(starting)

    assert query.rows("prefix", ("al",), build) == [("0",), ("1",)]
    assert query.rows("prefix", ("be",), build) == [("0",)]
    assert build.calls == 4  # the two probes, then the two calls themselves


def test_a_shape_that_reads_nothing_sends_no_statement() -> None:
    query = ShapedQuery()

    def nothing(values: tuple[Any, ...]) -> Statement | None:
        return queryset_statement(OutboxMessage.objects.filter(topic__in=[]).values_list("key"))

    with CaptureQueriesContext(connection) as queries:
        assert query.rows("none", (), nothing) == []
    assert queries.captured_queries == []


def test_a_count_of_values_left_out_of_the_shape_is_refused() -> None:
    _messages("a", 2)
    query = ShapedQuery()
    query.rows("due", ("a", AT + timedelta(minutes=5)), _due)
    # Bound by position, a third value would be dropped silently: the count is the shape's.
    with pytest.raises(ValueError, match="took 2 values, now 3"):
        query.rows("due", ("a", AT, "extra"), _due)


def test_a_flag_belongs_to_the_shape_not_to_its_values() -> None:
    with pytest.raises(TypeError, match="shape"):
        ShapedQuery().rows("flag", (True,), _due)


def test_instances_are_made_with_their_columns_and_only_the_last_shapes_are_kept() -> None:
    _messages("a", 3)
    query = ShapedQuery(shapes=2)

    def by_keys(values: tuple[Any, ...]) -> Statement | None:
        return queryset_statement(
            OutboxMessage.objects.only("key", "topic").filter(key__in=values).order_by("key")
        )

    found = query.instances(2, ("0", "2"), by_keys)
    query.instances(1, ("1",), by_keys)
    query.instances(3, ("0", "1", "2"), by_keys)

    assert [(m.topic, m.key) for m in found] == [("a", "0"), ("a", "2")]
    assert found[0].get_deferred_fields() >= {"payload", "available_at"}
    assert query.shapes_known() == 2
