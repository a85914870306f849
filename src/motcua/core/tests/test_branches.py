from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.branches import counts_capped, union_all_rows
from motcua.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _messages(topic: str, count: int) -> None:
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            topic=topic,
            key=str(n),
            available_at=AT + timedelta(minutes=n),
            created_at=AT,
        )
        for n in range(count)
    )


def test_each_branch_keeps_its_order_and_limit_in_one_query_read_back_as_the_orm_does() -> None:
    _messages("a", 5)
    _messages("b", 3)
    latest = OutboxMessage.objects.order_by("-available_at").values_list("available_at", "key")

    with CaptureQueriesContext(connection) as queries:
        rows = union_all_rows(
            [
                latest.filter(topic="a")[:2],
                latest.filter(topic="b")[:1],
                latest.filter(topic__in=[]),
            ]
        )

    assert len(queries.captured_queries) == 1
    assert rows == [
        (AT + timedelta(minutes=4), "4"),
        (AT + timedelta(minutes=3), "3"),
        (AT + timedelta(minutes=2), "2"),
    ]
    assert union_all_rows([latest.filter(topic__in=[])]) == []


def test_counts_are_distinct_across_branches_and_stop_past_the_cap() -> None:
    _messages("a", 5)
    _messages("b", 3)
    pks = OutboxMessage.objects.values_list("pk")

    with CaptureQueriesContext(connection) as queries:
        counts = counts_capped(
            [
                [pks.filter(topic="a"), pks.filter(topic="a", key__in=["1", "2"])],
                [pks.filter(topic="a"), pks.filter(topic="b")],
                [pks.filter(topic__in=[])],
                [pks.filter(topic="b", key="9")],
            ],
            cap=6,
        )

    assert len(queries.captured_queries) == 1
    assert counts == [5, 7, 0, 0]
