import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from motcua.core.models import EffectLedger, OutboxMessage, OutboxStatus, PeriodicJob
from motcua.core.outbox import (
    LEASE,
    MAX_ATTEMPTS,
    backoff,
    broker_consume,
    broker_queue_delete,
    effect_once,
    outbox_enqueue,
    outbox_enqueue_write,
    outbox_enqueued,
    outbox_run_due,
    register_handler,
    register_periodic,
)
from motcua.core.rows import row_insert

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
EFFECTS: list[str] = []
FLAKY: dict[str, int] = {}
TICKS: list[datetime] = []
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
REDIS = "redis://127.0.0.1:6379/0"


def _effect(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    if effect_once(effect="test.effect", key=key, at=now):
        EFFECTS.append(key)


def _flaky(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Fails ``payload["fail"]`` times, then succeeds."""
    FLAKY[key] = FLAKY.get(key, 0) + 1
    if FLAKY[key] <= payload["fail"]:
        message = "gateway unavailable"
        raise ConnectionError(message)
    EffectLedger.objects.create(effect="test.flaky", key=key, created_at=now)


def _tick(*, now: datetime) -> None:
    TICKS.append(now)


register_handler("test.effect", _effect)
register_handler("test.flaky", _flaky)
register_periodic("test.tick", _tick, 60)


@pytest.fixture(autouse=True)
def _clean() -> None:
    EFFECTS.clear()
    FLAKY.clear()
    TICKS.clear()


def test_nothing_is_enqueued_when_the_write_rolls_back() -> None:
    def write_then_fail() -> None:
        with transaction.atomic():
            outbox_enqueue(topic="test.effect", key="a", payload={}, at=NOW)
            message = "the write failed"
            raise RuntimeError(message)

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert not OutboxMessage.objects.exists()


def test_enqueuing_the_same_effect_twice_is_a_no_op() -> None:
    first = outbox_enqueue(topic="test.effect", key="a", payload={"n": 1}, at=NOW)
    second = outbox_enqueue(topic="test.effect", key="a", payload={"n": 2}, at=NOW)
    assert first.pk == second.pk
    assert OutboxMessage.objects.get().payload == {"n": 1}


def test_a_due_row_runs_once_and_is_done() -> None:
    outbox_enqueue(topic="test.effect", key="a", payload={}, at=NOW)
    outbox_enqueue(topic="test.effect", key="later", payload={}, at=NOW, delay=timedelta(hours=1))
    report = outbox_run_due(now=NOW, limit=10)
    assert len(report.done) == 1
    assert EFFECTS == ["a"]
    row = OutboxMessage.objects.get(key="a")
    assert (row.status, row.attempts, row.done_at) == (OutboxStatus.DONE, 1, NOW)
    assert outbox_run_due(now=NOW, limit=10).claimed == 0
    assert OutboxMessage.objects.get(key="later").status == OutboxStatus.PENDING


def test_a_handler_run_twice_has_its_effect_once() -> None:
    message = outbox_enqueue(topic="test.effect", key="a", payload={}, at=NOW)
    outbox_run_due(now=NOW, limit=10)
    # The worker died after the effect but the row is run again (re-queued by hand here).
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.PENDING)
    outbox_run_due(now=NOW, limit=10)
    assert EFFECTS == ["a"]
    assert EffectLedger.objects.filter(effect="test.effect", key="a").count() == 1


def test_a_failure_is_retried_with_exponential_backoff() -> None:
    outbox_enqueue(topic="test.flaky", key="f", payload={"fail": 2}, at=NOW)
    report = outbox_run_due(now=NOW, limit=10)
    row = OutboxMessage.objects.get()
    assert report.retried == [row.pk]
    assert row.status == OutboxStatus.PENDING
    second = datetime(2026, 3, 2, 2, 0, 30, tzinfo=UTC)  # 30 s after the first failure
    assert row.available_at == second
    assert row.last_error == "ConnectionError: gateway unavailable"
    # Not due yet: nothing runs.
    assert outbox_run_due(now=second - timedelta(seconds=1), limit=10).claimed == 0
    outbox_run_due(now=second, limit=10)
    row.refresh_from_db()
    third = datetime(2026, 3, 2, 2, 1, 30, tzinfo=UTC)  # twice as long: 60 s
    assert row.available_at == third
    outbox_run_due(now=third, limit=10)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DONE, 3, "")
    assert EffectLedger.objects.filter(effect="test.flaky").count() == 1


def test_a_row_fails_for_good_after_the_last_attempt() -> None:
    outbox_enqueue(topic="test.flaky", key="f", payload={"fail": 99}, at=NOW)
    moment = NOW
    for _ in range(MAX_ATTEMPTS):
        outbox_run_due(now=moment, limit=10)
        moment += timedelta(hours=12)  # past any wait: the longest is six hours
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert outbox_run_due(now=moment, limit=10).claimed == 0
    assert FLAKY["f"] == MAX_ATTEMPTS


def test_a_row_stuck_in_running_is_swept_and_run_again() -> None:
    message = outbox_enqueue(topic="test.effect", key="s", payload={}, at=NOW)
    # A worker claimed it and died.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.RUNNING, attempts=1, locked_until=NOW + LEASE
    )
    assert outbox_run_due(now=NOW + LEASE - timedelta(seconds=1), limit=10).claimed == 0
    report = outbox_run_due(now=NOW + LEASE + timedelta(seconds=1), limit=10)
    assert report.swept == 1
    assert report.done == [message.pk]
    assert EFFECTS == ["s"]
    assert OutboxMessage.objects.get().attempts == 2


def test_an_unknown_topic_is_retried_not_lost() -> None:
    outbox_enqueue(topic="test.unknown", key="u", payload={}, at=NOW)
    report = outbox_run_due(now=NOW, limit=10)
    assert len(report.retried) == 1
    assert "UnknownTopic" in OutboxMessage.objects.get().last_error


def test_the_worker_runs_due_rows_and_periodic_jobs_once() -> None:
    outbox_enqueue(topic="test.effect", key="w", payload={}, at=NOW)
    call_command("worker", "--once", broker="")
    assert EFFECTS == ["w"]
    assert len(TICKS) == 1
    call_command("worker", "--once", broker="")
    assert len(TICKS) == 1  # every 60 s: not due again yet
    job = PeriodicJob.objects.get(name="test.tick")
    assert job.next_run_at == job.last_run_at + timedelta(seconds=60)  # type: ignore[operator]


@contextmanager
def _broker(settings: Settings, url: str) -> Iterator[str]:
    """A queue of its own on the broker at ``url`` ("" for none) for the test, deleted after."""
    queue = f"motcua.test.{uuid.uuid4().hex}"
    settings.MOTCUA_BROKER_URL = url
    settings.MOTCUA_BROKER_QUEUE = queue
    try:
        yield queue
    finally:
        if url:
            broker_queue_delete(url=url, queue=queue)


@pytest.mark.parametrize("url", [RABBITMQ, REDIS], ids=["rabbitmq", "redis"])
def test_broker_round_trip(
    url: str, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with _broker(settings, url) as queue:
        with django_capture_on_commit_callbacks(execute=True) as published:
            message = outbox_enqueue(topic="test.effect", key="b", payload={}, at=NOW)
        assert len(published) == 1
        call_command("worker", "--max-messages", "1", "--poll-interval", "5")
        message.refresh_from_db()
        assert message.status == OutboxStatus.DONE
        assert EFFECTS == ["b"]
        # A duplicate broker message for a row already done does nothing.
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue(topic="test.effect", key="b", payload={}, at=NOW)
        from motcua.core.outbox import broker_publish

        broker_publish(url=url, queue=queue, ids=[message.pk])
        call_command("worker", "--max-messages", "1", "--poll-interval", "5")
        assert EFFECTS == ["b"]


def _enqueued_along(key: str) -> OutboxMessage | None:
    """An outbox row carried along the insert of another (here another outbox row, new)."""
    write = outbox_enqueue_write(topic="test.effect", key=key, payload={}, at=NOW)
    assert write is not None
    row_insert(
        OutboxMessage(
            topic="test.main", key=uuid.uuid4().hex, payload={}, available_at=NOW, created_at=NOW
        ),
        along=[write],
    )
    return outbox_enqueued(write)


@pytest.mark.parametrize("url", ["", RABBITMQ], ids=["no broker", "rabbitmq"])
def test_a_row_carried_along_another_insert_has_its_id_and_the_broker_is_told_it(
    url: str, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with _broker(settings, url) as queue:
        with django_capture_on_commit_callbacks(execute=True) as published:
            message = _enqueued_along("along")
            again = _enqueued_along("along")  # the same (topic, key): left alone
        assert message is not None
        assert message.pk == OutboxMessage.objects.get(topic="test.effect", key="along").pk
        assert again is None
        assert len(published) == (1 if url else 0)
        if url:
            handled = broker_consume(
                url=url, queue=queue, now=lambda: NOW, max_messages=1, timeout=5
            )
            assert handled == 1
            message.refresh_from_db()
            assert message.status == OutboxStatus.DONE
            assert EFFECTS == ["along"]


def test_a_lost_broker_message_is_run_by_the_poll(settings: Settings) -> None:
    settings.MOTCUA_BROKER_URL = REDIS
    settings.MOTCUA_BROKER_QUEUE = f"motcua.test.{uuid.uuid4().hex}"
    # No on-commit callback runs in this test transaction: the publish is "lost".
    outbox_enqueue(topic="test.effect", key="lost", payload={}, at=NOW)
    try:
        call_command("worker", "--once", "--poll-interval", "0.5")
    finally:
        broker_queue_delete(url=REDIS, queue=settings.MOTCUA_BROKER_QUEUE)
    assert EFFECTS == ["lost"]


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (0, timedelta(seconds=30)),
        (1, timedelta(seconds=30)),
        (2, timedelta(seconds=60)),
        (3, timedelta(minutes=2)),
        (10, timedelta(seconds=30 * 512)),
        (11, timedelta(hours=6)),  # 30 s x 1024 would pass the six-hour cap
        (40, timedelta(hours=6)),
    ],
)
def test_backoff_doubles_from_thirty_seconds_up_to_six_hours(
    attempts: int, wait: timedelta
) -> None:
    assert backoff(attempts) == wait
