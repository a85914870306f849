"""``motcua bench http``: the service as a province serves it, over HTTP, in one run.

What it does, in order:

* fills (or reuses) the dossier table with the bench's fast fill, showing progress;
* prepares, before any clock starts, what the writes need: API tokens of the demo officers, a
  signed-in session of the specialist (signed with the server's own generated secret key), open
  dossiers at steps without a signature for the transitions, one submission body;
* collects the static files once, then for each database connection mode asked (``0``: a new
  connection per request, ``60``: kept 60 s, ``pool``: a psycopg pool) starts ``motcua serve``
  with W workers and the production settings plus the bench's URLconf
  (``motcua_dev.bench.settings``), with generated secrets in its environment;
* measures under each server the bare **ceiling** (one primary-key SELECT), each endpoint alone,
  and a **mixed load** shaped like the national peak (:data:`NATIONAL_PEAK`), each for a fixed
  time at C connections; the servers run side by side and the modes take turns endpoint by
  endpoint, so that a shared machine's drift falls on each mode alike.

The load generator is Python: C forked processes, each with one connection, kept between requests
as a reverse proxy keeps its upstream connections when the server allows it (granian does;
gunicorn's sync workers close it after each answer, and the client opens a new one). On this
2-core machine a client spends about 0.2 ms of CPU on a request against the server's several
milliseconds, so it keeps up at 16 connections and its share of the CPU is small and counted apart
(``client_cpu_ms``). wrk would cost less per request, but the writes need a fresh dossier and
token per request, which Python hands out directly.

``--servers gunicorn,granian`` measures ``motcua serve`` on each server (its ``--server``) side by
side, in the same turns as the connection modes.

**Server CPU per request** is the CPU of the server's master and workers (all their threads) read
from ``/proc`` over the measurement, divided by the requests answered; the database's CPU is
sampled the same way when PostgreSQL runs on this machine. The projection multiplies each
endpoint's CPU per request by its rate at the national peak.
"""

import math
import multiprocessing
import random
import secrets
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from motcua.dossiers.models import Dossier
from motcua_dev.bench.clients import load_average, local_now
from motcua_dev.bench.cpu import (
    DatabaseCpuSampler,
    database_is_local,
    process_tree_seconds,
    resident_mib,
    shared_and_own_mib,
)
from motcua_dev.bench.figures import percentile, ratio
from motcua_dev.bench.fill import fast_fill
from motcua_dev.bench.fill_copies import copies_fill
from motcua_dev.bench.http_requests import CEILING, Call, Plan, plan_requests
from motcua_dev.bench.http_server import (
    REQUEST_TIMEOUT_SECONDS,
    KeptConnection,
    Server,
    collect_static,
    served,
    server_environment,
    warm_up,
)
from motcua_dev.bench.report import FillResult
from motcua_dev.bench.world import world_ensure

ENDPOINTS = (
    "lookup_api",
    "search_page",
    "procedure_page",
    "index_page",
    "api_dossier_list",
    "work_queue_page",
    "api_submit",
    "api_transition",
)
WRITES = frozenset({"api_submit", "api_transition"})
#: Requests per second at the national peak (issue 17): 70 submissions, 500 transitions and
#: 1,500 reads. The split of the reads is ours: lookups by code lead, then the catalogue and the
#: procedure pages, then the officers' lists, then the index.
NATIONAL_PEAK: dict[str, float] = {
    "api_submit": 70,
    "api_transition": 500,
    "lookup_api": 500,
    "search_page": 300,
    "procedure_page": 300,
    "index_page": 100,
    "api_dossier_list": 150,
    "work_queue_page": 150,
}
#: On PostgreSQL the fast fill writes this many dossiers (a quarter left open, with their audit
#: chains: the transitions move them) and SQL copies of a closed one make up the rest.
FAST_FILL_ROWS = 36_000
MODE_LABELS = {"0": "conn_max_age=0", "60": "conn_max_age=60", "pool": "psycopg pool"}


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass
class EndpointFigure:
    endpoint: str
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_ms: float
    database_cpu_ms: float
    client_cpu_ms: float
    vs_ceiling: float = math.nan
    first_error: str = ""


@dataclass
class ModeReport:
    mode: str
    ceiling: EndpointFigure
    endpoints: list[EndpointFigure] = field(default_factory=list)
    mixed: EndpointFigure | None = None
    #: Each endpoint's share of the mixed load, with its own latencies.
    mixed_endpoints: list[EndpointFigure] = field(default_factory=list)
    worker_rss_mib_started: float = math.nan
    worker_rss_mib_after_mixed: float = math.nan
    #: PSS and USS of the worker of largest RSS after the mixed load.
    worker_pss_mib_after_mixed: float = math.nan
    worker_uss_mib_after_mixed: float = math.nan
    #: App-server CPU-seconds per second at the national peak, from the measured CPU per request.
    peak_cpu_seconds_per_second: float = math.nan


@dataclass
class HttpReport:
    vendor: str
    dossiers: int
    dossiers_in_table: int
    workers: int
    connections: int
    seconds: float
    load_generator: str
    started_at: str
    finished_at: str = ""
    load_at_start: float = math.nan
    load_at_end: float = math.nan
    fill: FillResult | None = None
    #: On PostgreSQL, the closed dossiers beyond :data:`FAST_FILL_ROWS`, copied in SQL.
    copies: FillResult | None = None
    modes: list[ModeReport] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The load


@dataclass(frozen=True)
class Load:
    """What one measurement sends: the endpoints in proportion, and the calls of each."""

    weights: dict[str, float]
    reads: dict[str, list[Call]]
    writes: dict[str, list[Call]]


Sample = tuple[str, float, bool, str]  # endpoint, milliseconds, answered as expected, error


def _client(
    port: int, load: Load, index: int, connections: int, start: float, stop: float, out: Any
) -> None:
    rng = random.Random(index)  # noqa: S311 - an order of requests, not a secret
    names = list(load.weights)
    weights = [load.weights[n] for n in names]
    cursors = dict.fromkeys(load.reads, index)
    # A transition moves its dossier on: each client takes its own; a submission body is reused.
    writes = {
        name: list(calls[index::connections]) if name == "api_transition" else list(calls)
        for name, calls in load.writes.items()
    }
    samples: list[Sample] = []
    sender = KeptConnection(port)
    cpu_start = time.process_time()
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < stop:
        name = rng.choices(names, weights)[0] if len(names) > 1 else names[0]
        if name in writes:
            if name == "api_transition":
                if not writes[name]:
                    if len(names) == 1:
                        break  # no fresh dossier left: this client is done
                    continue
                call = writes[name].pop()
            else:
                call = writes[name][0]
        else:
            calls = load.reads[name]
            call = calls[cursors[name] % len(calls)]
            cursors[name] += connections
        began = time.perf_counter()
        try:
            status, body = sender.send(call)
            error = "" if status == call.expect else f"HTTP {status}: {body[:200]!r}"
        except OSError as failure:
            error = f"{type(failure).__name__}: {failure}"
        samples.append((name, (time.perf_counter() - began) * 1000, not error, error))
    sender.close()
    out.put((index, samples, time.process_time() - cpu_start, time.time()))


def _figure(
    endpoint: str,
    samples: Sequence[Sample],
    seconds: float,
    *,
    server_cpu: float,
    database_cpu: float,
    client_cpu: float,
    total: int,
) -> EndpointFigure:
    """``server_cpu`` and the others are the measurement's CPU seconds, shared between the
    endpoints of a mixed load in proportion to their requests (``total``)."""
    times = sorted(s[1] for s in samples)
    errors = [s for s in samples if not s[2]]
    answered = len(samples)

    def per_request(cpu: float) -> float:
        return cpu * 1000 / total if total else math.nan

    return EndpointFigure(
        endpoint=endpoint,
        requests=answered,
        errors=len(errors),
        seconds=seconds,
        per_second=answered / seconds if seconds > 0 else math.nan,
        p50_ms=percentile(times, 50),
        p95_ms=percentile(times, 95),
        p99_ms=percentile(times, 99),
        server_cpu_ms=per_request(server_cpu),
        database_cpu_ms=per_request(database_cpu),
        client_cpu_ms=per_request(client_cpu),
        first_error=errors[0][3] if errors else "",
    )


def measure(
    server: Server, load: Load, *, name: str, connections: int, seconds: float
) -> tuple[EndpointFigure, list[EndpointFigure]]:
    """``load`` for ``seconds`` at ``connections`` connections: the figure of the whole and, for
    a mixed load, of each endpoint in it."""
    close_old_connections()
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    start = time.time() + 0.5
    stop = start + seconds
    clients = [
        context.Process(target=_client, args=(server.port, load, i, connections, start, stop, out))
        for i in range(connections)
    ]
    for client in clients:
        client.start()
    db = settings.DATABASES["default"]
    sampler = DatabaseCpuSampler(
        enabled=database_is_local(vendor=connection.vendor, host=str(db.get("HOST") or "")),
        database=str(db.get("NAME") or ""),
    )
    while time.time() < start:
        time.sleep(0.001)
    cpu_before = process_tree_seconds(server.pid)
    sampler.start()
    results = [out.get(timeout=seconds + REQUEST_TIMEOUT_SECONDS + 30) for _ in clients]
    server_cpu = process_tree_seconds(server.pid) - cpu_before
    database_cpu = sampler.stop()
    for client in clients:
        client.join()
    samples = [s for _index, part, _cpu, _end in results for s in part]
    client_cpu = sum(cpu for _index, _part, cpu, _end in results)
    elapsed = max(end for _index, _part, _cpu, end in results) - start
    total = len(samples)
    cpu = {"server_cpu": server_cpu, "database_cpu": database_cpu, "client_cpu": client_cpu}
    whole = _figure(name, samples, elapsed, total=total, **cpu)
    parts = []
    if len(load.weights) > 1:
        for endpoint in load.weights:
            mine = [s for s in samples if s[0] == endpoint]
            # The processes' CPU cannot be told apart per endpoint within one load.
            unknown = dict.fromkeys(cpu, math.nan)
            parts.append(_figure(endpoint, mine, elapsed, total=len(mine), **unknown))
    return whole, parts


def _alone(plan: Plan, endpoint: str, transitions: list[Call]) -> Load:
    writes = {}
    if endpoint == "api_submit":
        writes = {endpoint: plan.submissions}
    elif endpoint == "api_transition":
        writes = {endpoint: transitions}
    return Load(weights={endpoint: 1.0}, reads=plan.reads, writes=writes)


def peak_load(plan: Plan, transitions: list[Call]) -> Load:
    return Load(
        weights=dict(NATIONAL_PEAK),
        reads=plan.reads,
        writes={"api_submit": plan.submissions, "api_transition": transitions},
    )


def peak_projection(endpoints: Sequence[EndpointFigure]) -> float:
    """App-server CPU-seconds per second at :data:`NATIONAL_PEAK`, from each endpoint's CPU per
    request measured alone."""
    cpu = {figure.endpoint: figure.server_cpu_ms for figure in endpoints}
    return sum(rate * cpu.get(name, math.nan) / 1000 for name, rate in NATIONAL_PEAK.items())


# ---------------------------------------------------------------------------------------------
# The run


def run_http(
    *,
    dossiers: int,
    workers: int,
    connections: int,
    seconds: float,
    modes: Sequence[str],
    servers: Sequence[str] = ("gunicorn",),
    mixed_seconds: float | None = None,
    log: Path,
    progress: Callable[[str], None] | None = None,
) -> HttpReport:
    say = progress or (lambda _message: None)
    report = HttpReport(
        vendor=connection.vendor,
        dossiers=dossiers,
        dossiers_in_table=0,
        workers=workers,
        connections=connections,
        seconds=seconds,
        load_generator=(
            f"Python, {connections} forked processes, one connection each, kept alive when the "
            "server allows"
        ),
        started_at=local_now().isoformat(timespec="seconds"),
        load_at_start=load_average(),
    )
    say("demo data")
    world = world_ensure(at=local_now())
    say(f"fast fill to {dossiers:,} dossiers")
    copied = connection.vendor == "postgresql" and dossiers > FAST_FILL_ROWS
    fast = min(dossiers, FAST_FILL_ROWS) if copied else dossiers
    report.fill = fast_fill(world=world, count=fast, at=local_now(), progress=say)
    if copied:
        report.copies = copies_fill(world=world, count=dossiers, progress=say)
    report.dossiers_in_table = Dossier.objects.count()
    secret_key = secrets.token_urlsafe(50)
    say("tokens, session and fresh dossiers for the writes")
    plan = plan_requests(world=world, secret_key=secret_key, transitions=50_000)
    # Each measurement with transitions gets its own dossiers: alone and mixed, on every side.
    sides = [(server, mode) for server in servers for mode in modes]
    shares = max(1, 2 * len(sides))
    slices = [plan.transitions[i::shares] for i in range(shares)]
    say("collectstatic (hashed and compressed, as deployed)")
    collect_static(server_environment(secret_key=secret_key, mode=modes[0]))
    with ExitStack() as stack:
        # Every mode's server runs from the start, idle while another is measured: the modes are
        # measured in turns, endpoint by endpoint, so that the drift of a shared machine's speed
        # falls on every side of a comparison alike.
        running: list[tuple[str, Server]] = []
        for name, mode in sides:
            label = f"{name}, {MODE_LABELS[mode]}" if len(servers) > 1 else MODE_LABELS[mode]
            say(f"[{label}] starting motcua serve with {workers} workers")
            env = server_environment(secret_key=secret_key, mode=mode, server=name)
            server = stack.enter_context(served(workers=workers, env=env, log=log, kind=name))
            warm_up(server, plan, workers)
            running.append((label, server))
        results: list[ModeReport] = []
        for label, server in running:
            say(f"[{label}] ceiling")
            ceiling, _parts = measure(
                server,
                _alone(plan, CEILING, []),
                name=CEILING,
                connections=connections,
                seconds=seconds,
            )
            ceiling.vs_ceiling = 1.0
            rss = [resident_mib(pid) for pid in server.workers()]
            results.append(
                ModeReport(
                    mode=label, ceiling=ceiling, worker_rss_mib_started=max(rss, default=math.nan)
                )
            )
        for endpoint in ENDPOINTS:
            for number, (label, server) in enumerate(running):
                say(f"[{label}] {endpoint}")
                result = results[number]
                figure, _parts = measure(
                    server,
                    _alone(plan, endpoint, slices[2 * number]),
                    name=endpoint,
                    connections=connections,
                    seconds=seconds,
                )
                figure.vs_ceiling = ratio(figure.per_second, result.ceiling.per_second)
                result.endpoints.append(figure)
        for number, (label, server) in enumerate(running):
            say(f"[{label}] mixed load shaped like the national peak")
            result = results[number]
            mixed, parts = measure(
                server,
                peak_load(plan, slices[2 * number + 1]),
                name="mixed",
                connections=connections,
                seconds=mixed_seconds or seconds * 2,
            )
            mixed.vs_ceiling = ratio(mixed.per_second, result.ceiling.per_second)
            result.mixed, result.mixed_endpoints = mixed, parts
            largest = max(server.workers(), key=resident_mib, default=None)
            if largest is not None:
                result.worker_rss_mib_after_mixed = resident_mib(largest)
                pss, uss = shared_and_own_mib(largest)
                result.worker_pss_mib_after_mixed, result.worker_uss_mib_after_mixed = pss, uss
            result.peak_cpu_seconds_per_second = peak_projection(result.endpoints)
        report.modes = results
    report.finished_at = local_now().isoformat(timespec="seconds")
    report.load_at_end = load_average()
    return report
