import threading
from datetime import UTC, datetime

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from motcua.core.models import AuditChainHead, OutboxMessage
from motcua.core.rows import (
    NO_TEXT_KEY,
    KeyedQuery,
    row_insert,
    row_insert_write,
    row_lock,
    row_update,
    row_update_write,
    statement_cursor,
)

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


def test_writes_carried_along_an_insert_all_happen_in_one_statement_on_postgresql() -> None:
    kept = _message("kept", {"v": 1})
    row_insert(kept)
    kept.payload = {"v": 2}
    again = _message("kept", {"v": 3})
    beside = _message("beside", {"v": 4})
    writes = [
        row_update_write(kept, ["payload"]),
        # the same (topic, key) again: nothing, as row_insert with unless_exists
        row_insert_write(again, unless_exists=("topic", "key")),
        row_insert_write(beside, unless_exists=("topic", "key")),
    ]
    main = _message("main", {"v": 5})

    with CaptureQueriesContext(connection) as queries:
        assert row_insert(main, along=[w for w in writes if w is not None])

    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 4)
    stored = dict(OutboxMessage.objects.values_list("key", "payload"))
    assert stored == {"kept": {"v": 2}, "beside": {"v": 4}, "main": {"v": 5}}
    assert main.pk is not None
    assert again.pk is None  # the row of that (topic, key) was there: left alone, no key
    assert beside.pk == OutboxMessage.objects.get(key="beside").pk
    assert not beside._state.adding


def test_an_insert_carried_along_gets_its_key_when_the_main_insert_is_left_alone() -> None:
    row_insert(_message("taken", {"v": 1}))
    beside = _message("beside", {"v": 2})
    write = row_insert_write(beside, unless_exists=("topic", "key"))
    assert write is not None

    assert not row_insert(
        _message("taken", {"v": 3}), unless_exists=("topic", "key"), along=[write]
    )

    assert beside.pk == OutboxMessage.objects.get(key="beside").pk
    assert OutboxMessage.objects.get(key="taken").payload == {"v": 1}


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


def test_row_lock_reads_the_row_as_the_orm_does_in_one_statement() -> None:
    message = _message("lock", {"mã": "T-1", "n": [1, 2]})
    row_insert(message)

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = row_lock(OutboxMessage, message.pk)
        again = row_lock(OutboxMessage, message.pk)

    assert len(queries.captured_queries) == 2
    expected = OutboxMessage.objects.get(pk=message.pk)
    assert isinstance(locked, OutboxMessage)
    assert not locked._state.adding
    assert {f.attname: getattr(locked, f.attname) for f in OutboxMessage._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in OutboxMessage._meta.concrete_fields
    }
    assert locked.payload == {"mã": "T-1", "n": [1, 2]}
    assert locked.available_at == AT
    assert again is not None
    assert again.pk == message.pk
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in queries.captured_queries[0]["sql"]


def test_row_lock_of_a_missing_row_is_none() -> None:
    with transaction.atomic():
        assert row_lock(OutboxMessage, 987654) is None


@pytest.mark.postgresql  # SQLite locks the whole database instead of rows
@pytest.mark.django_db(transaction=True)
def test_row_lock_needs_a_transaction_where_rows_are_locked() -> None:
    message = _message("outside", {})
    row_insert(message)

    with pytest.raises(TransactionManagementError):
        row_lock(OutboxMessage, message.pk)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_row_lock_holds_the_row_against_another_connection_until_the_commit() -> None:
    message = _message("held", {})
    row_insert(message)
    params = connection.get_connection_params()
    other = psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=params.get("user"),
        host=params.get("host"),
        port=params.get("port"),
        autocommit=True,
    )
    table = OutboxMessage._meta.db_table
    probe = f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT"  # noqa: S608 - test SQL
    try:
        with transaction.atomic():
            assert row_lock(OutboxMessage, message.pk) is not None
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(probe, [message.pk])
        assert other.execute(probe, [message.pk]).fetchone() == (message.pk,)
    finally:
        other.close()


def test_row_update_writes_the_named_columns_only() -> None:
    message = _message("update", {"v": 1})
    row_insert(message)
    OutboxMessage.objects.filter(pk=message.pk).update(last_error="kept")
    message.payload = {"v": 2, "mã": "đ"}
    message.attempts = 3
    message.last_error = "not written"

    with CaptureQueriesContext(connection) as queries:
        written = row_update(message, ["payload", "attempts"])

    assert written == 1
    assert len(queries.captured_queries) == 1
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert stored.payload == {"v": 2, "mã": "đ"}
    assert stored.attempts == 3
    assert stored.last_error == "kept"


def test_row_update_of_a_missing_row_writes_nothing() -> None:
    ghost = _message("ghost", {})
    ghost.pk = 987654

    assert row_update(ghost, ["attempts"]) == 0


def test_row_update_refuses_the_primary_key() -> None:
    message = _message("pk", {})
    row_insert(message)

    with pytest.raises(TypeError):
        row_update(message, ["id"])


def test_a_keyed_query_binds_its_key_and_converts_the_values() -> None:
    first, second = _message("k1", {"a": 1}), _message("k2", {"b": 2})
    row_insert(first)
    row_insert(second)
    query = KeyedQuery(
        lambda key: OutboxMessage.objects.filter(pk=key).values_list("key", "payload", "created_at")
    )

    assert query.compiled("default") is not None
    assert query.rows(first.pk) == [("k1", {"a": 1}, AT)]
    assert query.rows(second.pk) == [("k2", {"b": 2}, AT)]
    assert query.rows(987654) == []


def test_a_keyed_query_keeps_its_other_values_as_compiled() -> None:
    done = _message("done", {})
    done.status = "done"
    row_insert(done)
    row_insert(_message("pending", {}))
    query = KeyedQuery(
        lambda key: (
            OutboxMessage.objects.filter(pk__gte=key, status="done", topic="test.rows")
            .order_by("key")
            .values_list("key")
        )
    )

    assert query.compiled("default") is not None
    assert query.rows(0) == [("done",)]
    assert query.rows(done.pk + 1) == []


def test_a_keyed_query_that_binds_its_key_twice_goes_through_the_orm() -> None:
    message = _message("twice", {})
    row_insert(message)
    query = KeyedQuery(
        lambda key: OutboxMessage.objects.filter(pk=key, attempts__lte=key).values_list("key")
    )

    assert query.compiled("default") is None
    assert query.rows(message.pk) == [("twice",)]


def test_a_keyed_query_by_text_makes_instances_with_their_related_rows() -> None:
    users = get_user_model().objects
    alice, bob = users.create_user(username="alice"), users.create_user(username="bob")
    tokens = {user.username: Token.objects.create(user=user) for user in (alice, bob)}
    query = KeyedQuery(
        lambda key: Token.objects.select_related("user").filter(key=key), stand_in=NO_TEXT_KEY
    )
    assert query.compiled("default") is not None

    with CaptureQueriesContext(connection) as queries:
        found = query.instances(tokens["bob"].key)
        user = found[0].user  # read with the token: no query of its own

    assert len(queries) == 1
    assert [t.key for t in found] == [tokens["bob"].key]
    assert (user.pk, user.username, user.is_active) == (bob.pk, "bob", True)
    assert found[0]._state.db == "default"
    assert not found[0]._state.adding
    assert query.instances("no such token") == []
    assert query.instances(tokens["alice"].key)[0].user == alice


def test_instances_of_a_keyed_query_that_binds_its_key_twice_come_from_the_orm() -> None:
    token = Token.objects.create(user=get_user_model().objects.create_user(username="carol"))
    query = KeyedQuery(
        lambda key: Token.objects.filter(key=key, user__username__lt=key), stand_in=NO_TEXT_KEY
    )

    assert query.compiled("default") is None
    assert query.instances(token.key) == list(
        Token.objects.filter(key=token.key, user__username__lt=token.key)
    )


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_keyed_query_compiled_in_one_thread_runs_on_another_threads_connection() -> None:
    message = _message("thread", {"đ": 1})
    row_insert(message)
    query = KeyedQuery(
        lambda key: OutboxMessage.objects.filter(pk=key).values_list("payload", "available_at")
    )
    assert query.rows(message.pk) == [({"đ": 1}, AT)]
    seen: list[object] = []

    def read() -> None:
        try:
            seen.append(query.rows(message.pk))
        finally:
            connection.close()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()

    assert seen == [[({"đ": 1}, AT)]]


@pytest.mark.django_db(transaction=True)  # the connection is closed and opened again
def test_the_statement_cursor_is_kept_until_the_connection_or_its_logging_changes() -> None:
    first = statement_cursor(connection)
    assert statement_cursor(connection) is first

    with CaptureQueriesContext(connection) as queries:
        logged = statement_cursor(connection)
        assert logged is not first
        logged.execute("SELECT 1")
    assert len(queries.captured_queries) == 1
    assert statement_cursor(connection) is not logged

    connection.close()
    again = statement_cursor(connection)
    again.execute("SELECT 1")
    assert again.fetchone() == (1,)
    assert again.cursor.connection is connection.connection
