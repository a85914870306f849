"""The report of a ``motcua bench`` run, and its verdicts against the targets of the issue."""

import math
from dataclasses import dataclass, field

from motcua_dev.bench.figures import Latency, Throughput, ratio

#: Transactions of one whole instance: the submission and one per step of the 5-step process.
INSTANCE_TRANSACTIONS = 6

# Targets of the issue ("Benchmark"), on PostgreSQL.
TARGET_TRANSITIONS_VS_RAW = 0.5
TARGET_LOOKUP_P99_MS = 20.0
TARGET_WORK_QUEUE_P99_MS = 100.0
TARGET_SCALE = 1_000_000


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
    #: The raw-SQL ceiling: the writes of a hand-over (see :func:`motcua_dev.bench.raw.raw_transition`).
    raw_ceiling: Throughput | None = None
    #: The minimal raw loop: lock, history and audit rows, an update that moves no index entry.
    raw_minimal: Throughput | None = None
    motcua_instances: Throughput | None = None
    #: Like for like with the peer: the same six steps without a document or a signature.
    plain_instances: Throughput | None = None
    peer_instances: Throughput | None = None
    #: Every ratio of the run; those with a target are judged in ``verdicts``. The SpiffWorkflow
    #: comparisons are reference figures with none: a dossier does more than the peer's instance
    #: (audit chain, history, role check).
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
    plain = report.plain_instances.per_second if report.plain_instances else nan
    peer = report.peer_instances.per_second if report.peer_instances else nan
    report.ratios = {
        "transitions_vs_raw": ratio(transitions, raw),
        "transitions_vs_raw_minimal": ratio(transitions, minimal),
        "motcua_vs_peer": ratio(motcua, peer),
        "plain_vs_peer": ratio(plain, peer),
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
    report.verdicts = [
        Verdict(
            "transitions_vs_raw",
            tv,
            f">= {TARGET_TRANSITIONS_VS_RAW:.0%}",
            _verdict(tv >= TARGET_TRANSITIONS_VS_RAW, tv),
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
