from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.core.models import AuditChainHead, OutboxMessage
from motcua.core.rows import row_insert

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def _message(key: str, payload: dict[str, object]) -> OutboxMessage:
    return OutboxMessage(
        topic="test.rows", key=key, payload=payload, available_at=AT, created_at=AT
    )


def test_a_row_is_inserted_in_one_statement_with_its_values_prepared_by_each_field() -> None:
    message = _message("a", {"mã": "000.00.01.H26-261126-0001", "n": [1, 2]})

    with CaptureQueriesContext(connection) as queries:
        assert row_insert(message)

    assert len(queries.captured_queries) == 1
    assert message.pk is not None
    assert not message._state.adding
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert stored.payload == {"mã": "000.00.01.H26-261126-0001", "n": [1, 2]}
    assert stored.available_at == AT
    assert stored.status == "pending"


def test_unless_exists_leaves_the_first_row_alone_and_says_so() -> None:
    first = _message("same", {"v": 1})
    row_insert(first, unless_exists=("topic", "key"))

    again = _message("same", {"v": 2})
    assert not row_insert(again, unless_exists=("topic", "key"))

    assert again.pk is None
    assert OutboxMessage.objects.get(topic="test.rows", key="same").payload == {"v": 1}


def test_without_unless_exists_a_duplicate_is_an_error_of_the_caller() -> None:
    row_insert(_message("dup", {}))

    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert(_message("dup", {}))

    assert OutboxMessage.objects.filter(key="dup").count() == 1


def test_a_model_keyed_by_its_own_column_is_refused() -> None:
    head = AuditChainHead(chain="test:rows", seq=1, head_hash="0" * 64)

    with pytest.raises(TypeError, match="no automatic primary key"):
        row_insert(head)

    assert not AuditChainHead.objects.filter(chain="test:rows").exists()
