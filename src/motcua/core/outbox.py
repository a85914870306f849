"""Background work: the transactional outbox, its handlers, periodic jobs and the broker link.

A write service calls :func:`outbox_enqueue` inside its own transaction, so the work exists if and
only if the change committed. ``motcua worker`` runs the due rows: it polls the database (the
embedded default, no broker), or, when ``MOTCUA_BROKER_URL`` names RabbitMQ (``amqp://``) or Redis
(``redis://``), it consumes the ids published after each commit, and still polls now and then, so
a lost broker message only delays the work. The same handler code runs in both modes.

Handlers are plain functions ``fn(*, payload, key, now) -> None`` registered by apps in
``AppConfig.ready()`` with :func:`register_handler`, under a name. A topic may have several
handlers (a dossier's history row notifies the applicant and moves the published figures): each
runs in its own transaction, in the order registered, and keeps its own delivery record
(:class:`~motcua.core.models.OutboxDelivery`, unique per row and handler) that turns ``done`` in
that transaction. A handler that fails is retried alone, with its own attempts; one
that is done is never run again for that row (the row waits the backoff of its least-tried
failing handler). The row is done when every handler is, and failed when a handler used up its
attempts and the others are done.

The row keeps the id of the web request that caused it (``X-Request-ID``, read from
:mod:`motcua.core.logcontext` at enqueue): the worker binds it again while the row's handlers run,
so their log lines join the request's. Each handler's run is counted and timed
(``motcua_outbox_handler_runs``, ``motcua_outbox_handler_duration_seconds``).

Handlers must still be idempotent for what they do outside the database (a worker may die after
an e-mail left, before the commit): :func:`effect_once` records an effect in the ledger and tells
the second run that it was already done.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from motcua.core.logcontext import current_request_id, request_id_bound
from motcua.core.metrics import OUTBOX_HANDLER_DURATION, OUTBOX_HANDLER_RUNS
from motcua.core.models import (
    EffectLedger,
    OutboxDelivery,
    OutboxMessage,
    OutboxStatus,
    PeriodicJob,
)
from motcua.core.rows import Write, row_insert, row_insert_write

logger = logging.getLogger(__name__)

#: Attempts of one handler before its share of a row is marked failed.
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


#: topic -> handler name -> handler, in the order registered.
_HANDLERS: dict[str, dict[str, Handler]] = {}
_PERIODIC: dict[str, Periodic] = {}


class UnknownTopic(LookupError):
    """No handler is registered for the topic of an outbox row."""


def register_handler(topic: str, fn: Handler, *, name: str | None = None) -> None:
    """Let ``fn`` run the rows of ``topic`` as the handler ``name`` (default: the topic itself).

    The name is stored with each delivery: keep it when the function moves. Registering the same
    function under the same name again is harmless; another function under a taken name is refused.
    """
    handlers = _HANDLERS.setdefault(topic, {})
    key = name or topic
    current = handlers.get(key)
    if current is not None and current is not fn:
        message = f"a handler named {key} is already registered for topic {topic}"
        raise ValueError(message)
    handlers[key] = fn


def register_periodic(name: str, fn: PeriodicFn, every_seconds: int) -> None:
    """Run ``fn(now=...)`` from the worker every ``every_seconds`` (once across all workers)."""
    if every_seconds <= 0:
        message = "every_seconds must be positive"
        raise ValueError(message)
    _PERIODIC[name] = Periodic(name=name, fn=fn, every_seconds=every_seconds)


def registered_topics() -> list[str]:
    return sorted(_HANDLERS)


def registered_handlers(topic: str) -> list[str]:
    """The names of the handlers of ``topic``, in the order they run."""
    return list(_HANDLERS.get(topic, {}))


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


def _message(
    *, topic: str, key: str, payload: dict[str, Any], at: datetime, delay: timedelta | None
) -> OutboxMessage:
    return OutboxMessage(
        topic=topic,
        key=key,
        payload=payload,
        available_at=at + delay if delay else at,
        created_at=at,
        request_id=current_request_id(),
    )


_UNIQUE = ("topic", "key")


def outbox_enqueue_write(
    *, topic: str, key: str, payload: dict[str, Any], at: datetime, delay: timedelta | None = None
) -> Write | None:
    """The row of :func:`outbox_enqueue` as a write for the caller to send along its own insert
    (:func:`~motcua.core.rows.row_insert`), in its transaction; the same ``(topic, key)`` again
    is a no-op there too. Once it ran, hand it to :func:`outbox_enqueued`. ``None`` when the
    database takes no such writes: then call :func:`outbox_enqueue`."""
    message = _message(topic=topic, key=key, payload=payload, at=at, delay=delay)
    return row_insert_write(message, unless_exists=_UNIQUE)


def outbox_enqueued(write: Write) -> OutboxMessage | None:
    """The row of ``write`` (:func:`outbox_enqueue_write`) once the caller's insert carried it,
    its id read back with that insert; with a broker configured, the id is published after the
    commit, as :func:`outbox_enqueue` does. ``None`` when the same ``(topic, key)`` was enqueued
    before: that row was told to the broker after its own commit, and the poll runs it anyway."""
    message = write.inserted
    if not isinstance(message, OutboxMessage):
        raise TypeError(write.sql)
    if message.pk is None:
        return None
    _published_after_commit(message.pk)
    return message


def _published_after_commit(message_id: int) -> None:
    # Never before the commit: a worker must not see work whose transaction may still roll back.
    url = broker_url()
    if url:
        queue = broker_queue()
        transaction.on_commit(lambda: broker_publish_safely(url=url, queue=queue, ids=[message_id]))


def outbox_enqueue(
    *, topic: str, key: str, payload: dict[str, Any], at: datetime, delay: timedelta | None = None
) -> OutboxMessage:
    """Add one row of work inside the caller's transaction; the same ``(topic, key)`` again is a no-op.

    With a broker configured, the row's id is published after the commit (a row enqueued before
    and still pending is published again).
    """
    message = _message(topic=topic, key=key, payload=payload, at=at, delay=delay)
    if not row_insert(message, unless_exists=_UNIQUE):
        # Enqueued before: the same effect again.
        message = OutboxMessage.objects.get(topic=topic, key=key)
        if message.status != OutboxStatus.PENDING:
            return message
    _published_after_commit(message.pk)
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


class _DoneElsewhere(Exception):
    """Another worker finished this handler's share of the row first: roll this run back."""


def _error_text(error: Exception) -> str:
    # Only the type and the message: handlers must not put personal data in exceptions.
    return f"{type(error).__name__}: {error}"[:2000]


def _deliver(
    message: OutboxMessage, name: str, fn: Handler, state: OutboxDelivery | None, *, now: datetime
) -> None:
    """Run one handler of ``message`` in its own transaction, which also marks its share done.

    The conditional update (or the unique insert) is what makes two workers that both ran the
    handler agree: the second one's transaction rolls back, its effect with it.
    """
    with transaction.atomic():
        fn(payload=message.payload, key=message.key, now=now)
        if state is not None:
            won = OutboxDelivery.objects.filter(pk=state.pk, status=OutboxStatus.PENDING).update(
                status=OutboxStatus.DONE,
                attempts=F("attempts") + 1,
                done_at=now,
                last_error="",
            )
            if not won:
                raise _DoneElsewhere
            return
        done = OutboxDelivery(
            message=message,
            handler=name,
            status=OutboxStatus.DONE,
            attempts=1,
            done_at=now,
        )
        if not row_insert(done, unless_exists=("message", "handler")):
            raise _DoneElsewhere


def _delivery_failed(
    message: OutboxMessage, name: str, state: OutboxDelivery | None, text: str, *, now: datetime
) -> OutboxDelivery:
    """Record a failed try of one handler: retried after its own backoff, or failed for good."""
    attempts = (state.attempts if state is not None else 0) + 1
    values = {
        "status": OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING,
        "attempts": attempts,
        "last_error": text,
    }
    if state is None:
        state = OutboxDelivery(message=message, handler=name, **values)
        if not row_insert(state, unless_exists=("message", "handler")):
            # Another worker recorded this handler meanwhile; its record stands.
            return OutboxDelivery.objects.get(message=message, handler=name)
        return state
    OutboxDelivery.objects.filter(pk=state.pk, status=OutboxStatus.PENDING).update(**values)
    for field_name, value in values.items():
        setattr(state, field_name, value)
    return state


def _handler_counted(topic: str, name: str, seconds: float, status: str) -> None:
    outcome = {"done": "done", "failed": "failed"}.get(str(status), "retried")
    OUTBOX_HANDLER_RUNS.labels(topic=topic, handler=name, outcome=outcome).inc()
    OUTBOX_HANDLER_DURATION.labels(topic=topic, handler=name).observe(seconds)


def _run_handlers(
    message: OutboxMessage, handlers: dict[str, Handler], *, now: datetime
) -> tuple[list[OutboxDelivery], str]:
    """Run each handler of ``message`` not done yet; their deliveries and the last error."""
    states = {d.handler: d for d in OutboxDelivery.objects.filter(message=message)}
    last_error = ""
    for name, fn in handlers.items():
        state = states.get(name)
        if state is not None and state.status != OutboxStatus.PENDING:
            continue
        started = time.perf_counter()
        try:
            _deliver(message, name, fn, state, now=now)
        except _DoneElsewhere:
            pass
        except Exception as error:
            seconds = time.perf_counter() - started
            last_error = _error_text(error)
            logger.warning(
                "outbox %s #%s handler %s failed after %.3f s: %s",
                message.topic,
                message.pk,
                name,
                seconds,
                type(error).__name__,
            )
            states[name] = _delivery_failed(message, name, state, last_error, now=now)
            _handler_counted(message.topic, name, seconds, states[name].status)
            continue
        seconds = time.perf_counter() - started
        logger.info(
            "outbox %s #%s handler %s done in %.3f s", message.topic, message.pk, name, seconds
        )
        states[name] = OutboxDelivery(message=message, handler=name, status=OutboxStatus.DONE)
        _handler_counted(message.topic, name, seconds, OutboxStatus.DONE)
    return [states[name] for name in handlers], last_error


def _run_claimed(pk: int, *, now: datetime, report: RunReport) -> None:
    message = OutboxMessage.objects.get(pk=pk)
    # The request's id for the log lines of its follow-ups (work no request caused keeps none).
    with request_id_bound(message.request_id or current_request_id()):
        _run_message(message, now=now, report=report)


def _run_message(message: OutboxMessage, *, now: datetime, report: RunReport) -> None:
    pk = message.pk
    handlers = _HANDLERS.get(message.topic)
    if not handlers:
        text = _error_text(UnknownTopic(f"no handler registered for topic {message.topic}"))
        logger.warning("outbox %s #%s: no handler registered", message.topic, pk)
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
    deliveries, last_error = _run_handlers(message, handlers, now=now)
    pending = [d for d in deliveries if d.status == OutboxStatus.PENDING]
    if pending:
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxStatus.PENDING,
            locked_until=None,
            last_error=last_error or message.last_error,
            available_at=now + backoff(min(d.attempts for d in pending)),
        )
        report.retried.append(pk)
    elif any(d.status == OutboxStatus.FAILED for d in deliveries):
        failed = [d.last_error for d in deliveries if d.status == OutboxStatus.FAILED]
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxStatus.FAILED, locked_until=None, last_error=last_error or failed[0]
        )
        report.failed.append(pk)
    else:
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxStatus.DONE, done_at=now, locked_until=None, last_error=""
        )
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
