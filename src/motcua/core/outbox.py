"""Background work: the transactional outbox, its handlers, periodic jobs and the broker link.

A write service calls :func:`outbox_enqueue` inside its own transaction, so the work exists if and
only if the change committed. ``motcua worker`` runs the due rows: it polls the database (the
embedded default, no broker), or, when ``MOTCUA_BROKER_URL`` names RabbitMQ (``amqp://``) or Redis
(``redis://``), it consumes the ids published after each commit, and still polls now and then, so
a lost broker message only delays the work. The same handler code runs in both modes.

Handlers are plain functions ``fn(*, payload, key, now) -> None`` registered by apps in
``AppConfig.ready()`` with :func:`register_handler`. They must be idempotent: a row may run twice
(a worker dies after the effect, before the commit). :func:`effect_once` records an effect in the
ledger and tells the second run that it was already done.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from motcua.core.models import EffectLedger, OutboxMessage, OutboxStatus, PeriodicJob
from motcua.core.rows import row_insert

logger = logging.getLogger(__name__)

#: Attempts before a row is marked failed.
MAX_ATTEMPTS = 8
#: Backoff before the n-th retry: BASE * 2 ** (n - 1), capped.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=6)
#: How long a claimed row may stay running before the sweeper hands it to another worker.
LEASE = timedelta(minutes=5)
#: Default queue on the broker; ``MOTCUA_BROKER_QUEUE`` may name another.
DEFAULT_QUEUE = "motcua.outbox"


class Handler(Protocol):
    def __call__(self, *, payload: dict[str, Any], key: str, now: datetime) -> None: ...


class PeriodicFn(Protocol):
    # Whatever a job returns (a report, say) is for its other callers; the worker ignores it.
    def __call__(self, *, now: datetime) -> object: ...


@dataclass(frozen=True)
class Periodic:
    name: str
    fn: PeriodicFn
    every_seconds: int


_HANDLERS: dict[str, Handler] = {}
_PERIODIC: dict[str, Periodic] = {}


class UnknownTopic(LookupError):
    """No handler is registered for the topic of an outbox row."""


def register_handler(topic: str, fn: Handler) -> None:
    """Let ``fn`` run the rows of ``topic``; registering the same function again is harmless."""
    current = _HANDLERS.get(topic)
    if current is not None and current is not fn:
        message = f"a handler is already registered for topic {topic}"
        raise ValueError(message)
    _HANDLERS[topic] = fn


def register_periodic(name: str, fn: PeriodicFn, every_seconds: int) -> None:
    """Run ``fn(now=...)`` from the worker every ``every_seconds`` (once across all workers)."""
    if every_seconds <= 0:
        message = "every_seconds must be positive"
        raise ValueError(message)
    _PERIODIC[name] = Periodic(name=name, fn=fn, every_seconds=every_seconds)


def registered_topics() -> list[str]:
    return sorted(_HANDLERS)


def registered_periodic() -> list[str]:
    return sorted(_PERIODIC)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try, after ``attempts`` failed tries (1, 2, ...)."""
    delay: timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_CAP)


def broker_url() -> str:
    return str(settings.MOTCUA_BROKER_URL)


def broker_queue() -> str:
    return str(settings.MOTCUA_BROKER_QUEUE or DEFAULT_QUEUE)


def outbox_enqueue(
    *, topic: str, key: str, payload: dict[str, Any], at: datetime, delay: timedelta | None = None
) -> OutboxMessage:
    """Add one row of work inside the caller's transaction; the same ``(topic, key)`` again is a no-op.

    With a broker configured, the row's id is published after the commit (never before: a worker
    must not see work whose transaction may still roll back).
    """
    message = OutboxMessage(
        topic=topic,
        key=key,
        payload=payload,
        available_at=at + delay if delay else at,
        created_at=at,
    )
    if not row_insert(message, unless_exists=("topic", "key")):
        # Enqueued before: the same effect again.
        message = OutboxMessage.objects.get(topic=topic, key=key)
    url = broker_url()
    if url and message.status == OutboxStatus.PENDING:
        queue = broker_queue()
        message_id = message.pk
        transaction.on_commit(lambda: broker_publish_safely(url=url, queue=queue, ids=[message_id]))
    return message


def effect_once(*, effect: str, key: str, at: datetime) -> bool:
    """Record that ``effect`` is done for ``key``; ``False`` if it was recorded before.

    Call it inside the handler's transaction, before the effect: if the handler fails, the ledger
    row rolls back with everything else, and the next try does the effect.
    """
    try:
        with transaction.atomic():
            EffectLedger.objects.create(effect=effect, key=key, created_at=at)
    except IntegrityError:
        return False
    return True


@dataclass
class RunReport:
    """What one pass of :func:`outbox_run_due` did (ids)."""

    swept: int = 0
    done: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return len(self.done) + len(self.retried) + len(self.failed)


def outbox_sweep(*, now: datetime) -> int:
    """Put rows stuck in ``running`` past their lease back to ``pending`` (their worker died)."""
    with transaction.atomic():
        return OutboxMessage.objects.filter(
            status=OutboxStatus.RUNNING, locked_until__lt=now
        ).update(
            status=OutboxStatus.PENDING,
            locked_until=None,
            available_at=now,
            last_error="lease expired: the worker stopped before finishing",
        )


def _claim(ids_query: Q, *, now: datetime, limit: int) -> list[int]:
    """Mark up to ``limit`` due rows as running under a lease, and return their ids."""
    due = Q(status=OutboxStatus.PENDING, available_at__lte=now) & ids_query
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(due).order_by("available_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: concurrent workers skip each other's rows instead of waiting.
            rows = rows.select_for_update(skip_locked=True)
        # SQLite: the IMMEDIATE transaction holds the write lock, so claims are serialised.
        ids = list(rows.values_list("pk", flat=True)[:limit])
        claimed: list[int] = []
        for pk in ids:
            # Conditional update: a row another worker took in the meantime is left alone.
            taken = OutboxMessage.objects.filter(due, pk=pk).update(
                status=OutboxStatus.RUNNING,
                attempts=F("attempts") + 1,
                locked_until=now + LEASE,
            )
            if taken:
                claimed.append(pk)
    return claimed


def _run_claimed(pk: int, *, now: datetime, report: RunReport) -> None:
    message = OutboxMessage.objects.get(pk=pk)
    try:
        handler = _HANDLERS.get(message.topic)
        if handler is None:
            raise UnknownTopic(f"no handler registered for topic {message.topic}")
        with transaction.atomic():
            handler(payload=message.payload, key=message.key, now=now)
            OutboxMessage.objects.filter(pk=pk).update(
                status=OutboxStatus.DONE, done_at=now, locked_until=None, last_error=""
            )
    except Exception as error:
        # Only the type and the message: handlers must not put personal data in exceptions.
        text = f"{type(error).__name__}: {error}"[:2000]
        logger.warning(
            "outbox %s #%s attempt %s failed: %s",
            message.topic,
            pk,
            message.attempts,
            type(error).__name__,
        )
        if message.attempts >= MAX_ATTEMPTS:
            OutboxMessage.objects.filter(pk=pk).update(
                status=OutboxStatus.FAILED, locked_until=None, last_error=text
            )
            report.failed.append(pk)
        else:
            OutboxMessage.objects.filter(pk=pk).update(
                status=OutboxStatus.PENDING,
                locked_until=None,
                last_error=text,
                available_at=now + backoff(message.attempts),
            )
            report.retried.append(pk)
        return
    report.done.append(pk)


def outbox_run_due(*, now: datetime, limit: int = 100) -> RunReport:
    """Sweep stuck rows, then claim and run up to ``limit`` due rows, each in its own transaction."""
    report = RunReport(swept=outbox_sweep(now=now))
    for pk in _claim(Q(), now=now, limit=limit):
        _run_claimed(pk, now=now, report=report)
    return report


def outbox_run_one(*, message_id: int, now: datetime) -> RunReport:
    """Run one row by id (a broker message), if it is still pending and due; otherwise nothing."""
    report = RunReport()
    for pk in _claim(Q(pk=message_id), now=now, limit=1):
        _run_claimed(pk, now=now, report=report)
    return report


def periodic_run_due(*, now: datetime) -> list[str]:
    """Run the registered periodic jobs that are due; each job's row is locked while it runs."""
    ran: list[str] = []
    for job in sorted(_PERIODIC.values(), key=lambda j: j.name):
        with transaction.atomic():
            PeriodicJob.objects.bulk_create(
                [PeriodicJob(name=job.name, next_run_at=now)], ignore_conflicts=True
            )
            rows = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now)
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            state = rows.first()
            if state is None:
                continue
            error = ""
            try:
                with transaction.atomic():
                    job.fn(now=now)
            except Exception as failure:
                error = f"{type(failure).__name__}: {failure}"[:2000]
                logger.warning("periodic job %s failed: %s", job.name, type(failure).__name__)
            PeriodicJob.objects.filter(name=job.name).update(
                last_run_at=now,
                next_run_at=now + timedelta(seconds=job.every_seconds),
                last_error=error,
            )
            if not error:
                ran.append(job.name)
    return ran


# The broker link (kombu). Messages carry only {"id": <outbox row id>}.


def _connect(url: str) -> Any:
    from kombu.connection import Connection

    return Connection(url, connect_timeout=5)  # type: ignore[no-untyped-call]


def broker_publish(*, url: str, queue: str, ids: list[int]) -> None:
    with _connect(url) as conn:
        simple = conn.SimpleQueue(queue)
        try:
            for message_id in ids:
                simple.put({"id": message_id}, retry=True, retry_policy={"max_retries": 3})
        finally:
            simple.close()


def broker_publish_safely(*, url: str, queue: str, ids: list[int]) -> None:
    """Publish after a commit; a failure is logged and left to the database poll."""
    try:
        broker_publish(url=url, queue=queue, ids=ids)
    except Exception as error:
        logger.warning("broker publish failed, the poll will run the work: %s", error)


def broker_consume(
    *,
    url: str,
    queue: str,
    now: Callable[[], datetime],
    max_messages: int | None,
    timeout: float,
) -> int:
    """Run the rows whose ids arrive on ``queue`` until ``timeout`` seconds pass with no message,
    or ``max_messages`` messages were handled. Returns the number of messages handled.

    A message is acknowledged after its row ran (done, retried or already done elsewhere): the
    row, not the message, says whether the work is finished.
    """
    handled = 0
    with _connect(url) as conn:
        simple = conn.SimpleQueue(queue)
        try:
            while max_messages is None or handled < max_messages:
                try:
                    message = simple.get(block=True, timeout=timeout)
                except simple.Empty:
                    break
                body = message.payload
                message_id = body.get("id") if isinstance(body, dict) else None
                if isinstance(message_id, int):
                    outbox_run_one(message_id=message_id, now=now())
                message.ack()
                handled += 1
        finally:
            simple.close()
    return handled


def broker_queue_delete(*, url: str, queue: str) -> None:
    """Remove a queue and its messages (tests, decommissioning)."""
    with _connect(url) as conn:
        simple = conn.SimpleQueue(queue)
        try:
            simple.clear()
            if url.startswith("amqp"):
                simple.queue.delete()
                simple.queue.exchange.delete()
        finally:
            simple.close()
