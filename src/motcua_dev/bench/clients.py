"""Running clients for a bounded time: ``clients`` forked processes (threads on SQLite, or with
``--threads``), one database connection each; the CPU they and the database spend; two or more
measures taking turns side by side."""

import itertools
import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from django.db import DatabaseError, connection, connections

from motcua.core.localtime import LOCAL_TZ
from motcua_dev.bench.cpu import CpuMeter, DatabaseCpuSampler, database_is_local
from motcua_dev.bench.figures import Throughput

logger = logging.getLogger(__name__)


def run_clients(
    *,
    source: str,
    clients: int,
    seconds: float,
    operation: Callable[[int, int], bool],
    setup: Callable[[int], None] | None = None,
    teardown: Callable[[int], None] | None = None,
    processes: bool = False,
) -> Throughput:
    """Run ``operation(client, i)`` in ``clients`` threads (or forked processes) until ``seconds``
    pass.

    An operation returns False when its client has no more work. Errors are counted, not retried;
    the first one is kept for the report. On SQLite the operations take turns (one writer).
    Processes, one Python interpreter each, are what a deployment runs (gunicorn workers); threads
    share one interpreter lock, so a CPU-bound service is capped at one core by the bench itself.
    Each run starts after a checkpoint (:func:`_settle`).
    """
    _settle()
    if processes and connection.vendor != "sqlite":
        return _run_processes(
            source=source,
            clients=clients,
            seconds=seconds,
            operation=operation,
            setup=setup,
            teardown=teardown,
        )
    counts = [0] * clients
    errors = [0] * clients
    first_error: list[str] = []
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]
    # SQLite has one writer; its shared in-memory test database fails a second one instead of
    # queueing it, so there the clients take turns.
    turns: AbstractContextManager[Any] = (
        threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    )

    def client(index: int) -> None:
        try:
            try:
                if setup is not None:
                    setup(index)
            except Exception as error:
                # Counted, and this client does nothing; the others still start at the barrier.
                errors[index] += 1
                first_error.append(f"{type(error).__name__}: {error}")
                barrier.wait()
                return
            barrier.wait()
            for i in itertools.count():
                if time.perf_counter() >= deadline[0]:
                    break
                try:
                    with turns:
                        more = operation(index, i)
                    if not more:
                        break
                    counts[index] += 1
                except Exception as error:
                    errors[index] += 1
                    if not first_error:
                        first_error.append(f"{type(error).__name__}: {error}")
        finally:
            if teardown is not None:
                teardown(index)
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds + 1e9  # nobody starts before the barrier
    meter = CpuMeter(processes=False, database=_database_sampler())
    barrier.wait()
    meter.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = meter.stop()
    total = sum(counts)
    return Throughput(
        source=f"{source}; {clients} threads",
        operations=total,
        errors=sum(errors),
        seconds=elapsed,
        clients=clients,
        per_second=total / elapsed if total and elapsed > 0 else (0.0 if elapsed > 0 else math.nan),
        first_error=first_error[0] if first_error else "",
        client_cpu_ms=_per_operation(cpu.client_seconds, total),
        database_cpu_ms=_per_operation(cpu.database_seconds, total),
    )


def _database_sampler() -> DatabaseCpuSampler:
    params = connection.settings_dict
    local = database_is_local(vendor=connection.vendor, host=str(params.get("HOST") or ""))
    return DatabaseCpuSampler(enabled=local, database=str(params["NAME"]))


#: Figures compared by a ratio are measured in turns, this many rounds each.
SIDE_BY_SIDE_ROUNDS = 5


def combined(parts: Sequence[Throughput]) -> Throughput:
    """One figure from the runs of one measurement: operations and seconds added up, the CPU per
    operation weighted by each run's operations."""
    operations = sum(p.operations for p in parts)
    seconds = sum(p.seconds for p in parts)

    def per_operation(values: list[tuple[float, int]]) -> float:
        measured = [(ms, n) for ms, n in values if not math.isnan(ms)]
        if not measured or operations == 0:
            return math.nan
        return sum(ms * n for ms, n in measured) / sum(n for _, n in measured)

    first = parts[0]
    return Throughput(
        source=f"{first.source}; {len(parts)} rounds" if len(parts) > 1 else first.source,
        operations=operations,
        errors=sum(p.errors for p in parts),
        seconds=seconds,
        clients=first.clients,
        per_second=operations / seconds if seconds > 0 else math.nan,
        first_error=next((p.first_error for p in parts if p.first_error), ""),
        client_cpu_ms=per_operation([(p.client_cpu_ms, p.operations) for p in parts]),
        database_cpu_ms=per_operation([(p.database_cpu_ms, p.operations) for p in parts]),
    )


def side_by_side(
    measures: Sequence[Callable[[float], Throughput]],
    *,
    seconds: float,
    rounds: int = SIDE_BY_SIDE_ROUNDS,
) -> list[Throughput]:
    """Each of ``measures`` (given its seconds) in turn, ``rounds`` times, for ``seconds`` in all:
    on a shared machine the load drifts within a minute, and measured in turns every figure of a
    ratio takes its share of the same drift."""
    parts: list[list[Throughput]] = [[] for _ in measures]
    for _ in range(rounds):
        for index, measure in enumerate(measures):
            parts[index].append(measure(seconds / rounds))
    return [combined(runs) for runs in parts]


def _settle() -> None:
    """Flush the writes of the measurement before (a PostgreSQL ``CHECKPOINT``), so that the
    checkpoint they call for does not land inside the next measurement and slow its commits;
    nothing where the database or the role does not allow it."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        logger.info("bench: CHECKPOINT not allowed; measurements may share a checkpoint")


def _per_operation(seconds: float, operations: int) -> float:
    return seconds * 1000 / operations if operations else math.nan


def _run_processes(
    *,
    source: str,
    clients: int,
    seconds: float,
    operation: Callable[[int, int], bool],
    setup: Callable[[int], None] | None,
    teardown: Callable[[int], None] | None,
) -> Throughput:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients + 1)  # and this process, which starts the database meter
    results: Any = context.Queue()
    connections.close_all()  # a child must open its own connection, never share the parent's

    def client(index: int) -> None:
        count = errors = 0
        first_error = ""
        started = ended = time.monotonic()
        cpu_started = cpu_ended = 0.0
        try:
            try:
                if setup is not None:
                    setup(index)
            except Exception as error:
                # Counted, and this client does nothing; the others still start at the barrier.
                errors += 1
                first_error = f"{type(error).__name__}: {error}"
                barrier.wait()
                started = ended = time.monotonic()
                return
            barrier.wait()
            started = time.monotonic()
            cpu_started = time.process_time()
            deadline = started + seconds
            for i in itertools.count():
                if time.monotonic() >= deadline:
                    break
                try:
                    if not operation(index, i):
                        break
                    count += 1
                except Exception as error:
                    errors += 1
                    first_error = first_error or f"{type(error).__name__}: {error}"
            ended = time.monotonic()
            cpu_ended = time.process_time()
        finally:
            if teardown is not None:
                teardown(index)
            connections.close_all()
            results.put((count, errors, first_error, started, ended, cpu_ended - cpu_started))

    workers = [context.Process(target=client, args=(i,), daemon=True) for i in range(clients)]
    for worker in workers:
        worker.start()
    database = _database_sampler()
    barrier.wait(timeout=seconds + 300)
    database.start()
    reports = [results.get(timeout=seconds + 300) for _ in workers]
    database_seconds = database.stop()
    for worker in workers:
        worker.join()
    total = sum(r[0] for r in reports)
    elapsed = max(r[4] for r in reports) - min(r[3] for r in reports)
    first_errors = [r[2] for r in reports if r[2]]
    return Throughput(
        source=f"{source}; {clients} processes",
        operations=total,
        errors=sum(r[1] for r in reports),
        seconds=elapsed,
        clients=clients,
        per_second=total / elapsed if elapsed > 0 else math.nan,
        first_error=first_errors[0] if first_errors else "",
        client_cpu_ms=_per_operation(sum(r[5] for r in reports), total),
        database_cpu_ms=_per_operation(database_seconds, total),
    )


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def local_now() -> datetime:
    return datetime.now(tz=LOCAL_TZ)
