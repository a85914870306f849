"""The measurements of ``motcua bench``, each a function returning a dataclass.

Where each figure comes from:

* **fast fill** (:func:`fast_fill`): the bulk of the N dossiers, written in batches with
  ``bulk_create``: the same rows ``dossier_submit`` and ``dossier_transition`` write (dossier,
  history rows, one audit chain per dossier with real hashes and its head row, the code counter of
  each agency and day). Due moments are computed with the real calendar once per day and step, not
  per dossier. Its rate is a loading rate, not a service figure.
* **service** (:func:`measure_submissions`, :func:`measure_transitions`,
  :func:`measure_lifecycles`): the real ``dossier_submit`` and ``dossier_transition``.
* **selectors** (:func:`measure_lookups`, :func:`measure_work_queue`): the real
  ``dossier_public_status`` and the first page of ``work_queue``, on the filled table.
* **raw SQL** (:func:`measure_raw_ceiling`): the same writes as a transition, with the database
  driver directly (psycopg on PostgreSQL, sqlite3 on SQLite), one transaction each.
* **peer** (:func:`measure_peer`): SpiffWorkflow running the same 6-step process (submission and
  the 5 steps of the procedure), its serialized state saved to the same database after each step.

Throughput runs use ``clients`` forked processes (threads on SQLite, or with ``--threads``), one
database connection each, for a bounded time; latencies are taken by one client on a quiet table.
The filled dossiers carry no outbox rows: their follow-ups would have been delivered long ago.
"""

import itertools
import json
import logging
import math
import multiprocessing
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import (
    DatabaseError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.db.models import Max, Min
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from motcua.accounts import demo as accounts_demo
from motcua.accounts.models import Agency, Applicant, ApplicantKind, OneStopUnit, Role, User
from motcua.accounts.services import actor_for, applicant_create
from motcua.bench.cpu import CpuMeter, DatabaseCpuSampler, database_is_local
from motcua.bench.dashboards import fill_tallies, measure_dashboards
from motcua.bench.figures import Latency, Throughput, percentile, ratio
from motcua.bench.models import PeerWorkflowState
from motcua.calendar import demo as calendar_demo
from motcua.catalog import demo as catalog_demo
from motcua.catalog.models import ProcedureVersion, ProcessStep
from motcua.catalog.selectors import procedure_version_current
from motcua.core.hashing import GENESIS, canonical_json, entry_hash
from motcua.core.localtime import LOCAL_TZ
from motcua.core.models import AuditChainHead, AuditEntry
from motcua.documents.samples import sample_pdf
from motcua.dossiers.deadlines import dossier_due_moment, effective_reception_day, step_due_moment
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierCodeCounter,
    DossierEvent,
    DossierStatus,
    HandOverOutcome,
)
from motcua.dossiers.results import signing_steps
from motcua.dossiers.selectors import dossier_public_status, work_queue
from motcua.dossiers.services import dossier_submit, dossier_transition
from motcua.dossiers.tasks import EVENT_TOPIC, event_key, event_payload
from motcua.dossiers.workflow import Action, StepInfo, status_at_step
from motcua.signing import demo as signing_demo
from motcua.signing.pki import pki_init

#: The procedure every measurement uses: judicial record certificate, 5 internal steps.
PROCEDURE_CODE = "2.001417"
#: The province whose Department of Justice is competent.
UNIT_CODE = "01"
#: The demo Department of Justice, competent for it there.
COMPETENT_CODE = "000.00.10.H26"
PERSONAL_ID = "001090012345"
PDF = sample_pdf()
FORM_DATA: dict[str, Any] = {
    "to_khai_lltp": {
        "full_name": "Nguyễn Văn Đo",
        "personal_id": PERSONAL_ID,
        "birth_date": "1990-05-01",
        "address": "Số 1 phố Thử, Hà Nội",
    }
}
#: Codes a fill issues per agency and day (the service allows 9,999).
FILL_PER_DAY = 9000
#: One filled dossier in this many is still open (the others are returned), spread over the steps.
OPEN_EVERY = 4
WORK_QUEUE_PAGE = 20
#: Transactions of one whole instance: the submission and one per step of the 5-step process.
INSTANCE_TRANSACTIONS = 6

# Targets of the issue ("Benchmark"), on PostgreSQL.
TARGET_TRANSITIONS_VS_RAW = 0.5
TARGET_MOTCUA_VS_PEER = 3.0
TARGET_LOOKUP_P99_MS = 20.0
TARGET_WORK_QUEUE_P99_MS = 100.0
TARGET_SCALE = 1_000_000

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FillResult:
    source: str
    requested: int
    existing: int
    filled: int
    seconds: float
    per_second: float


@dataclass(frozen=True)
class Verdict:
    name: str
    measured: float
    target: str
    verdict: str  # PASS, MISS, or UNKNOWN (a figure could not be measured)
    note: str = ""


@dataclass
class Report:
    vendor: str
    dossiers: int
    clients: int
    seconds: float
    started_at: str
    workers: str = "threads"  # how the clients run: "processes" (forked) or "threads"
    #: Rows in the dossier table once filled (more than ``dossiers`` when earlier runs left some).
    dossiers_in_table: int = 0
    finished_at: str = ""
    #: 1-minute load average of the machine at the start and the end (other work sharing it).
    load_at_start: float = math.nan
    load_at_end: float = math.nan
    fill: FillResult | None = None
    submissions: Throughput | None = None
    transitions: Throughput | None = None
    #: Completions of the step that signs the result, apart: the ceiling has no signature to make.
    signed_steps: Throughput | None = None
    lookup: Latency | None = None
    work_queue: Latency | None = None
    #: The Decision 766 dashboards: (agencies, tally rows, fill seconds) and each query's latency.
    dashboard_tallies: tuple[int, int, float] | None = None
    dashboards: list[Latency] = field(default_factory=list)
    #: The raw-SQL ceiling: the writes of a hand-over (see :func:`raw_transition`).
    raw_ceiling: Throughput | None = None
    #: The minimal raw loop: lock, history and audit rows, an update that moves no index entry.
    raw_minimal: Throughput | None = None
    motcua_instances: Throughput | None = None
    peer_instances: Throughput | None = None
    ratios: dict[str, float] = field(default_factory=dict)
    verdicts: list[Verdict] = field(default_factory=list)


def _verdict(ok: bool, measured: float) -> str:
    if math.isnan(measured):
        return "UNKNOWN"
    return "PASS" if ok else "MISS"


def judge(report: Report) -> None:
    """Fill ``report.ratios`` and ``report.verdicts`` from its measured figures."""
    nan = math.nan
    transitions = report.transitions.per_second if report.transitions else nan
    raw = report.raw_ceiling.per_second if report.raw_ceiling else nan
    minimal = report.raw_minimal.per_second if report.raw_minimal else nan
    motcua = report.motcua_instances.per_second if report.motcua_instances else nan
    peer = report.peer_instances.per_second if report.peer_instances else nan
    report.ratios = {
        "transitions_vs_raw": ratio(transitions, raw),
        "transitions_vs_raw_minimal": ratio(transitions, minimal),
        "motcua_vs_peer": ratio(motcua, peer),
        # What the same peer comparison would give if an instance cost only its transactions at
        # the raw-SQL rate (submission and the 5 steps): the bound any engine meets on this
        # database and machine.
        "raw_instances_vs_peer": ratio(raw / INSTANCE_TRANSACTIONS, peer),
    }
    lookup = report.lookup.p99_ms if report.lookup else nan
    queue = report.work_queue.p99_ms if report.work_queue else nan
    scale = max(report.dossiers, report.dossiers_in_table)
    scale_note = (
        ""
        if scale >= TARGET_SCALE
        else f"đo với {scale:,} hồ sơ; mục tiêu đặt cho {TARGET_SCALE:,}"
    )
    vendor_note = "" if report.vendor == "postgresql" else "mục tiêu đặt cho PostgreSQL"
    tv = report.ratios["transitions_vs_raw"]
    mv = report.ratios["motcua_vs_peer"]
    report.verdicts = [
        Verdict(
            "transitions_vs_raw",
            tv,
            f">= {TARGET_TRANSITIONS_VS_RAW:.0%}",
            _verdict(tv >= TARGET_TRANSITIONS_VS_RAW, tv),
            vendor_note,
        ),
        Verdict(
            "motcua_vs_peer",
            mv,
            f">= {TARGET_MOTCUA_VS_PEER:g}x",
            _verdict(mv >= TARGET_MOTCUA_VS_PEER, mv),
            vendor_note,
        ),
        Verdict(
            "lookup_p99_ms",
            lookup,
            f"< {TARGET_LOOKUP_P99_MS:g} ms",
            _verdict(lookup < TARGET_LOOKUP_P99_MS, lookup),
            scale_note,
        ),
        Verdict(
            "work_queue_p99_ms",
            queue,
            f"< {TARGET_WORK_QUEUE_P99_MS:g} ms",
            _verdict(queue < TARGET_WORK_QUEUE_P99_MS, queue),
            scale_note,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The world


@dataclass(frozen=True)
class World:
    version: ProcedureVersion
    unit: OneStopUnit
    applicant: Applicant
    steps: tuple[ProcessStep, ...]
    officers: dict[str, User]  # role -> the demo officer holding it
    competent: Agency

    def officer_for(self, order: int | None) -> User:
        step = next(s for s in self.steps if s.order == order)
        return self.officers[step.role]


def world_ensure(*, at: datetime) -> World:
    """Load the demo data (idempotent) and return what the measurements need from it."""
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    # The leader's step signs the result, as in the demo: the local CA certifies the officers.
    signing_demo.load(at=at)
    version = procedure_version_current(code=PROCEDURE_CODE, on=at.astimezone(LOCAL_TZ).date())
    if version is None:
        raise RuntimeError(PROCEDURE_CODE)
    unit = OneStopUnit.objects.select_related("agency").get(agency__code="000.00.01.H26")
    applicant = Applicant.objects.filter(personal_id=PERSONAL_ID).first()
    if applicant is None:
        applicant = applicant_create(
            kind=ApplicantKind.CITIZEN,
            name="Nguyễn Văn Đo",
            personal_id=PERSONAL_ID,
            birth_date=date(1990, 5, 1),
            address="Số 1 phố Thử, Hà Nội",
            at=at,
            actor="system:bench",
        )
    users = {u.username: u for u in User.objects.filter(username__in=_OFFICER_NAMES.values())}
    return World(
        version=version,
        unit=unit,
        applicant=applicant,
        steps=tuple(ProcessStep.objects.filter(version=version).order_by("order")),
        officers={role: users[name] for role, name in _OFFICER_NAMES.items()},
        competent=Agency.objects.get(code=COMPETENT_CODE),
    )


_OFFICER_NAMES = {
    Role.ONE_STOP_OFFICER: "canbo.motcua",
    Role.SPECIALIST: "chuyenvien.tuphap",
    Role.LEADER: "lanhdao.tuphap",
}


def submit_one(world: World, *, at: datetime) -> Dossier:
    """One counter submission through the real service, received by the demo one-stop officer."""
    return dossier_submit(
        version=world.version,
        applicant=world.applicant,
        channel=DossierChannel.COUNTER,
        form_data=FORM_DATA,
        documents=[("can_cuoc", "can-cuoc.pdf", PDF)],
        administrative_unit_code=UNIT_CODE,
        receiving_unit=world.unit,
        actor=world.officers[Role.ONE_STOP_OFFICER],
        at=at,
    ).dossier


#: What the officer's dossier page reads with the dossier (``dossiers_visible_to``).
DOSSIER_PAGE_RELATIONS = (
    "procedure_version__procedure",
    "receiving_agency",
    "receiving_unit",
    "competent_agency",
    "applicant",
)


def dossier_read(dossier_id: int) -> Dossier:
    """The dossier as the officer's page reads it before the officer acts."""
    return Dossier.objects.select_related(*DOSSIER_PAGE_RELATIONS).get(pk=dossier_id)


def complete_step(
    world: World, *, dossier_id: int, at: datetime, dossier: Dossier | None = None
) -> Dossier:
    """Complete the dossier's current step as the right officer: on ``dossier`` as the caller
    holds it (the service returns it moved on), else read first as a view would."""
    if dossier is None:
        dossier = dossier_read(dossier_id)
    return dossier_transition(
        dossier=dossier,
        action=Action.COMPLETE_STEP,
        actor=world.officer_for(dossier.current_step),
        at=at,
    )


# ---------------------------------------------------------------------------------------------
# Fast fill


class _DayPlan:
    """Due moments of dossiers received on one day, computed once with the real calendar."""

    def __init__(self, world: World, day: date) -> None:
        self.start = datetime.combine(day, dtime(8, 0), tzinfo=LOCAL_TZ)
        receiving, competent = world.unit.agency.code, world.competent.code
        self.effective = effective_reception_day(
            received_at=self.start, paper=True, agency_code=competent
        )
        due = dossier_due_moment(
            start=self.start,
            value=world.version.processing_time_value,
            unit=world.version.processing_time_unit,
            paper=True,
            agency_code=competent,
        )
        if due is None:
            raise ValueError("the bench's procedure must have a regulated time")
        self.due = due
        self.step_due = {
            s.order: step_due_moment(
                start=self.start,
                minutes=s.minutes,
                paper=s.order == world.steps[0].order,
                agency_code=receiving if s.role == Role.ONE_STOP_OFFICER else competent,
            )
            for s in world.steps
        }


def _fill_days(agency_id: int, before: date) -> Iterator[date]:
    """Days before ``before`` on which ``agency_id`` has issued no code yet, most recent first."""
    used = set(DossierCodeCounter.objects.filter(agency_id=agency_id).values_list("day", flat=True))
    day = before - timedelta(days=1)
    while True:
        if day not in used:
            yield day
        day -= timedelta(days=1)


#: Seconds between two progress lines of a fill.
FILL_PROGRESS_SECONDS = 2.0


def fast_fill(
    *,
    world: World,
    count: int,
    at: datetime,
    batch: int = 2000,
    progress: Callable[[str], None] | None = None,
) -> FillResult:
    """Bring the dossier table to ``count`` rows, writing what the services would have written.

    Filled dossiers are received at the demo counter on past days (9,000 a day); one in
    ``OPEN_EVERY`` is left open at one of the steps (spread evenly), the others have walked every
    step and are returned. Each has its history rows, its audit chain (real hashes) and head.
    """
    existing = Dossier.objects.count()
    missing = max(0, count - existing)
    started = time.perf_counter()
    receiving = world.unit.agency
    competent_id = world.competent.pk
    days = _fill_days(receiving.pk, at.astimezone(LOCAL_TZ).date())
    made = 0
    shown = started
    while made < missing:
        day = next(days)
        plan = _DayPlan(world, day)
        in_day = min(FILL_PER_DAY, missing - made)
        for first in range(0, in_day, batch):
            numbers = range(first + 1, min(in_day, first + batch) + 1)
            _fill_batch(world, plan, day, numbers, competent_id)
            now = time.perf_counter()
            if progress is not None and now - shown >= FILL_PROGRESS_SECONDS:
                shown = now
                done = made + numbers[-1]
                rate = done / (now - started)
                left = (missing - done) / rate if rate > 0 else math.nan
                progress(
                    f"fill: {existing + done:,} / {count:,} dossiers ({rate:,.0f}/s, about "
                    f"{left:,.0f} s left)"
                )
        DossierCodeCounter.objects.create(agency=receiving, day=day, last=in_day)
        made += in_day
    seconds = time.perf_counter() - started
    return FillResult(
        source="fast fill (bulk_create, same rows as the services)",
        requested=count,
        existing=existing,
        filled=made,
        seconds=seconds,
        per_second=made / seconds if seconds > 0 else math.nan,
    )


def _fill_batch(world: World, plan: _DayPlan, day: date, numbers: range, competent_id: int) -> None:
    steps = world.steps
    infos = [StepInfo(s.order, s.role) for s in steps]
    receiver = world.officers[Role.ONE_STOP_OFFICER]
    dossiers: list[Dossier] = []
    walks: list[int] = []  # how many steps each dossier has completed
    for number in numbers:
        code = f"{world.unit.agency.code}-{day:%y%m%d}-{number:04d}"
        received = plan.start + timedelta(seconds=3 * number)
        done = number % len(steps) if number % OPEN_EVERY == 0 else len(steps)
        current = steps[done].order if done < len(steps) else None
        role = steps[done].role if done < len(steps) else ""
        if not role:
            acting = None
        elif role == Role.ONE_STOP_OFFICER:
            acting = world.unit.agency_id
        else:
            acting = competent_id
        dossiers.append(
            Dossier(
                code=code,
                procedure_version=world.version,
                applicant=world.applicant,
                channel=DossierChannel.COUNTER,
                receiving_agency_id=world.unit.agency_id,
                receiving_unit=world.unit,
                competent_agency_id=competent_id,
                administrative_unit_code=UNIT_CODE,
                status=status_at_step(steps=infos, order=current),
                current_step=current,
                form_data=FORM_DATA,
                received_at=received,
                effective_received_on=plan.effective,
                clock_started_at=received,
                due_at=plan.due,
                step_started_at=received + timedelta(hours=done) if current else None,
                step_due_at=plan.step_due[current] if current else None,
                closed_at=received + timedelta(hours=done) if current is None else None,
                version=1 + done,
                current_role=role,
                current_agency_id=acting,
                last_event_seq=1 + done,
            )
        )
        walks.append(done)
    with transaction.atomic():
        Dossier.objects.bulk_create(dossiers, batch_size=len(dossiers))
        if dossiers and dossiers[0].pk is None:  # SQLite before 3.35 gives no ids back
            ids = dict(
                Dossier.objects.filter(code__in=[d.code for d in dossiers]).values_list(
                    "code", "pk"
                )
            )
            for dossier in dossiers:
                dossier.pk = ids[dossier.code]
        events: list[DossierEvent] = []
        entries: list[AuditEntry] = []
        heads: list[AuditChainHead] = []
        for dossier, done in zip(dossiers, walks, strict=True):
            chain = f"dossier:{dossier.code}"
            prev = GENESIS
            status, order = "", None
            for seq in range(1, done + 2):
                at = dossier.received_at + timedelta(hours=seq - 1)
                action = "submit" if seq == 1 else Action.COMPLETE_STEP.value
                to_order = steps[seq - 1].order if seq - 1 < len(steps) else None
                to_status = status_at_step(steps=infos, order=to_order)
                actor = receiver if seq == 1 else world.officer_for(order)
                events.append(
                    DossierEvent(
                        dossier=dossier,
                        seq=seq,
                        action=action,
                        from_status=status,
                        to_status=to_status,
                        from_step=order,
                        to_step=to_order,
                        actor=actor,
                        actor_label=str(actor),
                        at=at,
                        due_before=plan.due if seq > 1 else None,
                        due_after=plan.due,
                        step_due_before=plan.step_due.get(order) if order else None,
                        step_due_after=plan.step_due.get(to_order) if to_order else None,
                        outcome=HandOverOutcome.ON_TIME if seq > 1 else "",
                    )
                )
                data: dict[str, Any] = (
                    {
                        "procedure": PROCEDURE_CODE,
                        "version": world.version.pk,
                        "channel": DossierChannel.COUNTER.value,
                        "receiving_agency": world.unit.agency.code,
                        "competent_agency": world.competent.code,
                        "due_at": plan.due.isoformat(),
                        "documents": [],
                    }
                    if seq == 1
                    else {
                        "from_status": status,
                        "to_status": to_status,
                        "from_step": order,
                        "to_step": to_order,
                        "outcome": HandOverOutcome.ON_TIME.value,
                        "due_at": plan.due.isoformat(),
                    }
                )
                label = actor_for(actor)
                digest = entry_hash(
                    chain=chain,
                    seq=seq,
                    occurred_at=at,
                    actor=label,
                    action=f"dossier.{action}",
                    object_type="dossier",
                    object_id=dossier.code,
                    data=data,
                    prev_hash=prev,
                )
                entries.append(
                    AuditEntry(
                        chain=chain,
                        seq=seq,
                        occurred_at=at,
                        actor=label,
                        action=f"dossier.{action}",
                        object_type="dossier",
                        object_id=dossier.code,
                        data=data,
                        prev_hash=prev,
                        hash=digest,
                    )
                )
                prev, status, order = digest, to_status, to_order
            heads.append(AuditChainHead(chain=chain, seq=done + 1, head_hash=prev))
        DossierEvent.objects.bulk_create(events, batch_size=5000)
        AuditEntry.objects.bulk_create(entries, batch_size=5000)
        AuditChainHead.objects.bulk_create(heads, batch_size=5000)


# ---------------------------------------------------------------------------------------------
# Running clients for a bounded time


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


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def _now() -> datetime:
    return datetime.now(tz=LOCAL_TZ)


def measure_submissions(
    *, world: World, clients: int, seconds: float, processes: bool = False
) -> Throughput:
    def op(_client: int, _i: int) -> bool:
        submit_one(world, at=_now())
        return True

    return run_clients(
        source="service dossier_submit",
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )


def open_dossier_ids(*, limit: int, at_steps: Sequence[int] | None = None) -> list[int]:
    """Ids of open dossiers (most recently received first) for the transition runs, at one of
    ``at_steps`` when given."""
    open_rows = Dossier.objects.filter(
        status__in=[
            DossierStatus.RECEIVED,
            DossierStatus.PROCESSING,
            DossierStatus.RESULT_READY,
        ]
    )
    if at_steps is not None:
        open_rows = open_rows.filter(current_step__in=at_steps)
    return list(open_rows.order_by("-received_at").values_list("pk", flat=True)[:limit])


def _slices(ids: Sequence[int], clients: int) -> list[list[int]]:
    return [list(ids[i::clients]) for i in range(clients)]


def signing_step_orders(world: World) -> frozenset[int]:
    return frozenset(s.order for s in signing_steps(world.steps))


def measure_transitions(
    *,
    world: World,
    clients: int,
    seconds: float,
    dossier_ids: Sequence[int],
    processes: bool = False,
    signing: bool = False,
) -> Throughput:
    """``complete_step`` by the right officer; each client walks its own dossiers in turn.

    Without ``signing`` these are the hand-overs the raw-SQL ceiling mirrors (a dossier reaching
    the step that signs the result leaves the walk); with it, only completions of that step: the
    result rendered, signed PAdES B-T with the leader's certificate and time-stamped, then handed
    over. Each dossier is read once, as an officer's page reads it; the service returns it moved
    on, and the next action starts from that.
    """
    owned = _slices(dossier_ids, clients)
    cursor = [0] * clients
    held: list[dict[int, Dossier]] = [{} for _ in range(clients)]
    signs = signing_step_orders(world)

    def setup(client: int) -> None:
        # The officers' pages, read before the clock starts: the ceiling reads nothing either.
        held[client] = {
            d.pk: d
            for d in Dossier.objects.select_related(*DOSSIER_PAGE_RELATIONS).filter(
                pk__in=owned[client]
            )
        }

    def op(client: int, _i: int) -> bool:
        mine = owned[client]
        while mine:
            position = cursor[client] % len(mine)
            dossier_id = mine[position]
            dossier = held[client].get(dossier_id) or dossier_read(dossier_id)
            if (dossier.current_step in signs) != signing or dossier.current_step is None:
                mine.pop(position)
                continue
            moved = complete_step(world, dossier_id=dossier_id, dossier=dossier, at=_now())
            held[client][dossier_id] = moved
            if signing or moved.current_step is None:
                mine.pop(position)
            else:
                cursor[client] = position + 1
            return True
        return False

    source = (
        "service dossier_transition completing the signing step (result signed PAdES B-T)"
        if signing
        else "service dossier_transition (complete_step), the steps that do not sign"
    )
    return run_clients(
        source=source,
        clients=clients,
        seconds=seconds,
        operation=op,
        setup=setup,
        processes=processes,
    )


def measure_lifecycles(
    *, world: World, clients: int, seconds: float, processes: bool = False
) -> Throughput:
    """Whole instances of the 6-step process: submission, then the 5 steps to the return."""

    def op(_client: int, _i: int) -> bool:
        dossier = submit_one(world, at=_now())
        while dossier.current_step is not None:
            dossier = complete_step(world, dossier_id=dossier.pk, dossier=dossier, at=_now())
        return True

    return run_clients(
        source="service: dossier_submit + 5 x dossier_transition",
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )


def _latencies(
    source: str, seconds: float, max_samples: int, call: Callable[[int], object]
) -> Latency:
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    for i in itertools.count():
        if i >= max_samples or time.perf_counter() >= deadline:
            break
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    return Latency(
        source=source,
        samples=len(samples),
        p50_ms=percentile(samples, 50),
        p99_ms=percentile(samples, 99),
        max_ms=max(samples) if samples else math.nan,
    )


def sample_codes(*, count: int, seed: int = 2026) -> list[str]:
    """Codes of random dossiers, spread over the whole table."""
    # Between the lowest and the highest key: keys need not start at 1 (a sequence moves on
    # whatever was rolled back or deleted before).
    bounds = Dossier.objects.aggregate(lowest=Min("pk"), highest=Max("pk"))
    lowest, highest = bounds["lowest"], bounds["highest"]
    rng = random.Random(seed)  # noqa: S311 - a sample of rows, not a secret
    wanted = [rng.randint(lowest, highest) for _ in range(count)] if highest else []
    codes = list(Dossier.objects.filter(pk__in=wanted).values_list("code", flat=True))
    rng.shuffle(codes)
    return codes


def measure_lookups(*, seconds: float, max_samples: int = 5000) -> Latency:
    """``dossier_public_status`` on random codes, one client."""
    codes = sample_codes(count=max_samples)
    if not codes:
        return Latency("selector dossier_public_status", 0, math.nan, math.nan, math.nan)
    return _latencies(
        "selector dossier_public_status",
        seconds,
        max_samples,
        lambda i: dossier_public_status(code=codes[i % len(codes)]),
    )


def measure_work_queue(*, world: World, seconds: float, max_samples: int = 2000) -> Latency:
    """The first page of ``work_queue`` for each demo officer in turn, one client."""
    officers = list(world.officers.values())
    on = _now()
    return _latencies(
        f"selector work_queue, first {WORK_QUEUE_PAGE} rows",
        seconds,
        max_samples,
        lambda i: list(work_queue(user=officers[i % len(officers)], on=on)[:WORK_QUEUE_PAGE]),
    )


# ---------------------------------------------------------------------------------------------
# The raw-SQL ceiling


class _RawConnection:
    """One driver connection, outside Django: psycopg on PostgreSQL, sqlite3 on SQLite."""

    def __init__(self) -> None:
        params = connection.settings_dict
        self.vendor = connection.vendor
        self.raw: Any
        if self.vendor == "postgresql":
            import psycopg

            self.raw = psycopg.connect(
                dbname=params["NAME"],
                user=params.get("USER") or None,
                password=params.get("PASSWORD") or None,
                host=params.get("HOST") or None,
                port=str(params["PORT"]) if params.get("PORT") else None,
                autocommit=True,
            )
            self.raw.execute("SET synchronous_commit = on")
        else:
            import sqlite3

            name = str(params["NAME"])
            self.raw = sqlite3.connect(
                name, uri=name.startswith("file:"), isolation_level=None, timeout=20
            )

    def begin(self) -> None:
        self.raw.execute("BEGIN" if self.vendor == "postgresql" else "BEGIN IMMEDIATE")

    def execute(self, sql: str, params: Sequence[Any]) -> Any:
        if self.vendor != "postgresql":
            sql = sql.replace("%s", "?").replace(" FOR UPDATE", "")
        return self.raw.execute(sql, params)

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


@contextmanager
def raw_connection() -> Iterator[_RawConnection]:
    """A driver connection to the configured database, closed on leaving."""
    raw = _RawConnection()
    try:
        yield raw
    finally:
        raw.close()


def _raw_values(vendor: str, value: datetime) -> Any:
    # Django keeps SQLite moments as naive UTC text.
    return (
        value if vendor == "postgresql" else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    )


#: The roles a raw hand-over passes the dossier between, as the service moves it from one step's
#: holder to the next: the work-queue indexes lead with the holder, so the row moves in them.
_RAW_HOLDERS = (Role.SPECIALIST, Role.LEADER)


def raw_transition(
    raw: _RawConnection, *, dossier_id: int, actor_id: int, at: datetime, hand_over: bool = True
) -> None:
    """The writes of one hand-over, by hand, in one transaction: lock the dossier row and its audit
    chain head, append the history row and the audit row, move the head, update the dossier.

    With ``hand_over`` (the ceiling the bench judges by) the writes are the service's: the update
    passes the dossier to the next holder and sets its step deadline, so, as in the service, the
    row moves in the work-queue indexes; and the outbox row of its follow-ups is added. Without
    it, the minimal loop: the update touches no indexed column (PostgreSQL writes it as a
    heap-only tuple) and no outbox row is written."""
    moment = _raw_values(raw.vendor, at)
    raw.begin()
    try:
        row = raw.execute(
            'SELECT code, version, status, current_step, last_event_seq, "current_role" '
            "FROM dossiers_dossier WHERE id = %s FOR UPDATE",
            [dossier_id],
        ).fetchone()
        code, version, status, step, last_event, role = row
        seq_event = last_event + 1
        chain = f"dossier:{code}"
        head = raw.execute(
            "SELECT seq, head_hash FROM core_auditchainhead WHERE chain = %s FOR UPDATE", [chain]
        ).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        data = {"from_status": status, "to_status": status, "from_step": step, "to_step": step}
        raw.execute(
            "INSERT INTO dossiers_dossierevent (dossier_id, seq, action, from_status, to_status, "
            "from_step, to_step, actor_id, actor_label, at, note, reasons, outcome) VALUES "
            "(%s, %s, 'bench.raw', %s, %s, %s, %s, %s, 'bench', %s, '', '[]', '')",
            [dossier_id, seq_event, status, status, step, step, actor_id, moment],
        )
        digest = entry_hash(
            chain=chain,
            seq=seq,
            occurred_at=at,
            actor=f"user:{actor_id}",
            action="bench.raw",
            object_type="dossier",
            object_id=code,
            data=data,
            prev_hash=prev,
        )
        raw.execute(
            "INSERT INTO core_auditentry (chain, seq, occurred_at, actor, action, object_type, "
            "object_id, data, prev_hash, hash) VALUES (%s, %s, %s, %s, 'bench.raw', 'dossier', "
            "%s, %s, %s, %s)",
            [chain, seq, moment, f"user:{actor_id}", code, canonical_json(data), prev, digest],
        )
        raw.execute(
            "UPDATE core_auditchainhead SET seq = %s, head_hash = %s WHERE chain = %s",
            [seq, digest, chain],
        )
        if hand_over:
            holder = _RAW_HOLDERS[(_RAW_HOLDERS.index(role) + 1) % 2 if role in _RAW_HOLDERS else 0]
            due = _raw_values(raw.vendor, at + timedelta(hours=8))
            raw.execute(
                "UPDATE dossiers_dossier SET version = %s, last_event_seq = %s, "
                '"current_role" = %s, step_started_at = %s, step_due_at = %s WHERE id = %s',
                [version + 1, seq_event, holder, moment, due, dossier_id],
            )
            raw.execute(
                "INSERT INTO core_outboxmessage (topic, key, payload, status, attempts, "
                "available_at, last_error, created_at) VALUES (%s, %s, %s, 'pending', 0, %s, '', "
                "%s) ON CONFLICT (topic, key) DO NOTHING RETURNING id",
                [
                    EVENT_TOPIC,
                    event_key(code=code, seq=seq_event),
                    json.dumps(event_payload(code=code, seq=seq_event)),
                    moment,
                    moment,
                ],
            )
        else:
            raw.execute(
                "UPDATE dossiers_dossier SET version = %s, step_started_at = %s, "
                "last_event_seq = %s WHERE id = %s",
                [version + 1, moment, seq_event, dossier_id],
            )
        raw.commit()
    except BaseException:
        raw.rollback()
        raise


def measure_raw_ceiling(
    *,
    clients: int,
    seconds: float,
    dossier_ids: Sequence[int],
    actor_id: int,
    processes: bool = False,
    hand_over: bool = True,
) -> Throughput:
    """:func:`raw_transition` in a loop; each client walks its own dossiers in turn."""
    owned = _slices(dossier_ids, clients)
    raws: dict[int, _RawConnection] = {}

    def setup(client: int) -> None:
        raws[client] = _RawConnection()

    def teardown(client: int) -> None:
        if client in raws:
            raws[client].close()

    def op(client: int, i: int) -> bool:
        mine = owned[client]
        if not mine:
            return False
        raw_transition(
            raws[client],
            dossier_id=mine[i % len(mine)],
            actor_id=actor_id,
            at=_now(),
            hand_over=hand_over,
        )
        return True

    driver = "psycopg" if connection.vendor == "postgresql" else "sqlite3"
    writes = (
        "the writes of a hand-over" if hand_over else "minimal: no index entry moves, no outbox"
    )
    return run_clients(
        source=f"raw SQL ({driver}, synchronous commit), {writes}",
        clients=clients,
        seconds=seconds,
        operation=op,
        setup=setup,
        teardown=teardown,
        processes=processes,
    )


# ---------------------------------------------------------------------------------------------
# The peer: SpiffWorkflow


PEER_PROCESS = "ho_so_lltp"


def peer_bpmn(step_names: Sequence[str]) -> str:
    """A BPMN process of sequential user tasks, one per step."""
    tasks = "".join(
        f'<bpmn:userTask id="buoc_{i}" name="{name}"/>' for i, name in enumerate(step_names)
    )
    ids = ["bat_dau", *[f"buoc_{i}" for i in range(len(step_names))], "ket_thuc"]
    flows = "".join(
        f'<bpmn:sequenceFlow id="luong_{i}" sourceRef="{a}" targetRef="{b}"/>'
        for i, (a, b) in enumerate(itertools.pairwise(ids))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="motcua_bench" targetNamespace="https://motcua.example/bench">'
        f'<bpmn:process id="{PEER_PROCESS}" isExecutable="true">'
        f'<bpmn:startEvent id="bat_dau"/>{tasks}<bpmn:endEvent id="ket_thuc"/>{flows}'
        "</bpmn:process></bpmn:definitions>"
    )


class PeerEngine:
    """SpiffWorkflow as a service would run it: load the state, run one task, save the state."""

    def __init__(self, step_names: Sequence[str]) -> None:

        logging.getLogger("spiff").setLevel(logging.WARNING)  # its INFO lines cost it time
        parser = BpmnParser()
        parser.add_bpmn_str(peer_bpmn(step_names).encode())
        self.spec = parser.get_spec(PEER_PROCESS)
        self.serializer = BpmnWorkflowSerializer()

    def start(self, *, at: datetime) -> int:

        workflow = BpmnWorkflow(self.spec)
        workflow.do_engine_steps()
        row = PeerWorkflowState.objects.create(
            process=PEER_PROCESS, state=self.serializer.serialize_json(workflow), updated_at=at
        )
        return row.pk

    def step(self, *, instance_id: int, actor: str, at: datetime) -> bool:
        """Run the next ready task of the instance; True when the instance is complete."""

        with transaction.atomic():
            row = PeerWorkflowState.objects.select_for_update().get(pk=instance_id)
            workflow = self.serializer.deserialize_json(row.state)
            task = workflow.get_next_task(state=TaskState.READY, manual=True)
            if task is None:
                raise RuntimeError(instance_id)
            task.data["actor"] = actor
            task.data["at"] = at.isoformat()
            task.run()
            workflow.do_engine_steps()
            row.state = self.serializer.serialize_json(workflow)
            row.completed = workflow.is_completed()
            row.updated_at = at
            row.save(update_fields=["state", "completed", "updated_at"])
            return row.completed


def peer_step_names(world: World) -> list[str]:
    return ["Nộp hồ sơ", *[s.name for s in world.steps]]


def measure_peer(
    *, world: World, clients: int, seconds: float, processes: bool = False
) -> Throughput:
    """Whole instances of the same 6-step process in SpiffWorkflow, state saved after each step."""
    engine = PeerEngine(peer_step_names(world))

    def op(_client: int, _i: int) -> bool:
        instance = engine.start(at=_now())
        while not engine.step(instance_id=instance, actor="user:bench", at=_now()):
            pass
        return True

    return run_clients(
        source="SpiffWorkflow BPMN, state saved to the database after each step",
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )


# ---------------------------------------------------------------------------------------------
# The whole run


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def time_stamp_authority() -> Iterator[str]:
    """The time-stamp authority every signed result needs: the configured one when it answers,
    else a ``motcua tsa-sim`` of the local CA for the length of the run (the clients are forked,
    so they see the changed setting)."""
    configured = str(settings.MOTCUA_TSA_URL)
    if _answers(configured):
        yield configured
        return
    from motcua.signing.testing import run_tsa_sim

    directory = Path(settings.MOTCUA_PKI_DIR)
    pki_init(directory=directory, at=_now())
    with run_tsa_sim(directory) as url:
        settings.MOTCUA_TSA_URL = url
        try:
            yield url
        finally:
            settings.MOTCUA_TSA_URL = configured


@contextmanager
def as_deployed() -> Iterator[None]:
    """The service as a deployment runs it, whatever ``MOTCUA_DEBUG`` says: in debug mode Django
    formats and keeps every SQL statement, which costs a hand-over about a third of its CPU here
    and which the raw-SQL loops and the peer never pay (the clients are forked, so they see the
    changed setting)."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def run(
    *,
    dossiers: int,
    clients: int,
    seconds: float,
    skip_peer: bool = False,
    processes: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Everything ``motcua bench`` measures (see :func:`_measure`), with a time-stamp authority,
    as deployed."""
    with as_deployed(), time_stamp_authority() as url:
        if progress is not None:
            progress(f"time-stamp authority {url}")
        return _measure(
            dossiers=dossiers,
            clients=clients,
            seconds=seconds,
            skip_peer=skip_peer,
            processes=processes,
            progress=progress,
        )


def _measure(
    *,
    dossiers: int,
    clients: int,
    seconds: float,
    skip_peer: bool = False,
    processes: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Everything ``motcua bench`` measures, in order, into one :class:`Report`."""
    say = progress or (lambda _message: None)
    report = Report(
        vendor=connection.vendor,
        dossiers=dossiers,
        clients=clients,
        seconds=seconds,
        started_at=_now().isoformat(timespec="seconds"),
        workers="processes" if processes and connection.vendor != "sqlite" else "threads",
        load_at_start=_load(),
    )
    say("demo data")
    world = world_ensure(at=_now())
    say(f"fast fill to {dossiers:,} dossiers")
    report.fill = fast_fill(world=world, count=dossiers, at=_now(), progress=progress)
    report.dossiers_in_table = Dossier.objects.count()
    close_old_connections()
    say("submissions")
    report.submissions = measure_submissions(
        world=world, clients=clients, seconds=seconds, processes=processes
    )
    signs = signing_step_orders(world)
    plain_steps = [s.order for s in world.steps if s.order not in signs]
    pool = open_dossier_ids(limit=max(clients * 1000, 16000), at_steps=plain_steps)
    half = len(pool) // 2
    say("signed results")
    report.signed_steps = measure_transitions(
        world=world,
        clients=clients,
        seconds=seconds,
        dossier_ids=open_dossier_ids(limit=max(clients * 50, 1000), at_steps=sorted(signs)),
        processes=processes,
        signing=True,
    )
    say(f"transitions and the raw-SQL loops, side by side in {SIDE_BY_SIDE_ROUNDS} rounds")

    def raw_loop(hand_over: bool) -> Callable[[float], Throughput]:
        return lambda slice_seconds: measure_raw_ceiling(
            clients=clients,
            seconds=slice_seconds,
            dossier_ids=pool[half:],
            actor_id=world.officers[Role.SPECIALIST].pk,
            processes=processes,
            hand_over=hand_over,
        )

    report.transitions, report.raw_ceiling, report.raw_minimal = side_by_side(
        [
            lambda slice_seconds: measure_transitions(
                world=world,
                clients=clients,
                seconds=slice_seconds,
                dossier_ids=pool[:half],
                processes=processes,
            ),
            raw_loop(hand_over=True),
            raw_loop(hand_over=False),
        ],
        seconds=seconds,
    )
    say("lookups")
    report.lookup = measure_lookups(seconds=seconds)
    say("work queue")
    report.work_queue = measure_work_queue(world=world, seconds=seconds)
    say("dashboards")
    report.dashboard_tallies = fill_tallies(dossiers=dossiers)
    report.dashboards = measure_dashboards(seconds=seconds)
    if skip_peer:
        say("motcua lifecycles")
        report.motcua_instances = measure_lifecycles(
            world=world, clients=clients, seconds=seconds, processes=processes
        )
    else:
        say(
            f"motcua lifecycles and the SpiffWorkflow peer, side by side in {SIDE_BY_SIDE_ROUNDS} rounds"
        )
        report.motcua_instances, report.peer_instances = side_by_side(
            [
                lambda slice_seconds: measure_lifecycles(
                    world=world, clients=clients, seconds=slice_seconds, processes=processes
                ),
                lambda slice_seconds: measure_peer(
                    world=world, clients=clients, seconds=slice_seconds, processes=processes
                ),
            ],
            seconds=seconds,
        )
    report.finished_at = _now().isoformat(timespec="seconds")
    report.load_at_end = _load()
    judge(report)
    return report
