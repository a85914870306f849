"""One topic, several handlers: each done once, each retried on its own."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from motcua.core.models import EffectLedger, OutboxDelivery, OutboxMessage, OutboxStatus
from motcua.core.outbox import (
    MAX_ATTEMPTS,
    outbox_enqueue,
    outbox_run_due,
    register_handler,
    registered_handlers,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TOPIC = "test.fanout"
RUNS: dict[str, int] = {}
#: How many more times the figures handler fails, by key.
FIGURES_DOWN: dict[str, int] = {}


def _notify(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    RUNS["notify"] = RUNS.get("notify", 0) + 1
    EffectLedger.objects.create(effect="test.notify", key=key, created_at=now)


def _figures(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    RUNS["figures"] = RUNS.get("figures", 0) + 1
    if FIGURES_DOWN.get(key, 0) > 0:
        FIGURES_DOWN[key] -= 1
        EffectLedger.objects.create(effect="test.figures.partial", key=key, created_at=now)
        message = "figures store unavailable"
        raise ConnectionError(message)
    EffectLedger.objects.create(effect="test.figures", key=key, created_at=now)


def _overtaken(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Fails once; on its retry, another worker (whose lease ran out) finishes the same share
    while this one runs: marked here, in this run's transaction, as that worker's commit would."""
    EffectLedger.objects.create(effect="test.overtaken", key=key, created_at=now)
    if not OutboxDelivery.objects.filter(handler="test.overtaken").exists():
        message = "first try fails"
        raise ConnectionError(message)
    OutboxDelivery.objects.filter(handler="test.overtaken").update(status=OutboxStatus.DONE)


register_handler(TOPIC, _notify, name="test.notify")
register_handler("test.overtaken", _overtaken)
register_handler(TOPIC, _figures, name="test.figures")


@pytest.fixture(autouse=True)
def _clean() -> None:
    RUNS.clear()
    FIGURES_DOWN.clear()


def _ledger(effect: str) -> int:
    return EffectLedger.objects.filter(effect=effect).count()


def test_handlers_of_a_topic_run_in_the_order_registered_under_their_names() -> None:
    assert registered_handlers(TOPIC) == ["test.notify", "test.figures"]
    with pytest.raises(ValueError, match=r"test\.notify is already registered"):
        register_handler(TOPIC, _figures, name="test.notify")


def test_every_handler_of_a_topic_runs_once_and_the_row_is_done() -> None:
    message = outbox_enqueue(topic=TOPIC, key="k1", payload={}, at=NOW)
    report = outbox_run_due(now=NOW)
    assert report.done == [message.pk]
    assert (_ledger("test.notify"), _ledger("test.figures")) == (1, 1)
    deliveries = OutboxDelivery.objects.filter(message=message).order_by("pk")
    assert [(d.handler, d.status, d.attempts, d.done_at) for d in deliveries] == [
        ("test.notify", OutboxStatus.DONE, 1, NOW),
        ("test.figures", OutboxStatus.DONE, 1, NOW),
    ]


def test_a_failing_handler_is_retried_alone_and_the_other_is_not_run_again() -> None:
    # given the figures are down for the first two tries
    FIGURES_DOWN["k2"] = 2
    message = outbox_enqueue(topic=TOPIC, key="k2", payload={}, at=NOW)

    # when the row runs: the notification is done, the figures fail and roll back alone
    report = outbox_run_due(now=NOW)
    assert report.retried == [message.pk]
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.available_at == NOW + timedelta(seconds=30)
    assert message.last_error == "ConnectionError: figures store unavailable"
    assert (_ledger("test.notify"), _ledger("test.figures.partial")) == (1, 0)

    # and at each retry only the figures run, with their own attempts and backoff
    second = NOW + timedelta(seconds=30)
    outbox_run_due(now=second)
    message.refresh_from_db()
    assert message.available_at == second + timedelta(seconds=60)
    outbox_run_due(now=second + timedelta(seconds=60))

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.DONE, 3, "")
    assert RUNS == {"notify": 1, "figures": 3}
    assert (_ledger("test.notify"), _ledger("test.figures"), _ledger("test.figures.partial")) == (
        1,
        1,
        0,
    )
    attempts = dict(
        OutboxDelivery.objects.filter(message=message).values_list("handler", "attempts")
    )
    assert attempts == {"test.notify": 1, "test.figures": 3}


def test_a_handler_that_never_recovers_fails_the_row_and_keeps_the_other_effect() -> None:
    FIGURES_DOWN["k3"] = 99
    message = outbox_enqueue(topic=TOPIC, key="k3", payload={}, at=NOW)
    moment = NOW
    for _ in range(MAX_ATTEMPTS):
        outbox_run_due(now=moment)
        moment += timedelta(hours=12)  # past any wait
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert message.last_error == "ConnectionError: figures store unavailable"
    figures = OutboxDelivery.objects.get(message=message, handler="test.figures")
    assert (figures.status, figures.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)
    assert RUNS == {"notify": 1, "figures": MAX_ATTEMPTS}
    assert outbox_run_due(now=moment).claimed == 0


def test_a_row_run_again_after_it_was_done_runs_no_handler() -> None:
    message = outbox_enqueue(topic=TOPIC, key="k4", payload={}, at=NOW)
    outbox_run_due(now=NOW)
    # The worker died after its handlers committed, before the row was marked done.
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.PENDING)
    assert outbox_run_due(now=NOW).done == [message.pk]
    assert RUNS == {"notify": 1, "figures": 1}


def test_a_share_another_worker_finished_meanwhile_rolls_this_run_back() -> None:
    message = outbox_enqueue(topic="test.overtaken", key="k5", payload={}, at=NOW)
    assert outbox_run_due(now=NOW).retried == [message.pk]
    # the retry finds its share taken by the other worker: its own effect does not stay
    assert outbox_run_due(now=NOW + timedelta(minutes=1)).done == [message.pk]
    assert _ledger("test.overtaken") == 0
    share = OutboxDelivery.objects.get(message=message)
    assert (share.status, share.attempts) == (OutboxStatus.PENDING, 1)  # rolled back with it
