"""``motcua bench``: the dossier lifecycle against a raw-SQL ceiling and SpiffWorkflow, in one run."""

import json
import math
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.bench.figures import Latency, Throughput
from motcua.bench.runner import Report, run


def _number(value: float, digits: int = 1) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.{digits}f}"


def _clean(value: Any) -> Any:
    """JSON has no NaN: an unmeasured figure is ``null``."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _shown(name: str, value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if name.endswith("_ms"):
        return f"{value:,.2f} ms"
    if name.startswith("transitions_vs_raw"):
        # Two decimals: 49.95% shown as 50.0% beside a MISS would read as a contradiction.
        return f"{value:.2%}"
    return f"{value:.2f}x"


def report_lines(report: Report) -> list[str]:
    lines = [
        f"motcua bench on {report.vendor}: {report.dossiers:,} dossiers, "
        f"{report.clients} clients ({report.workers}), {report.seconds:g} s per measurement",
        f"started {report.started_at}, finished {report.finished_at}; machine load average "
        f"{_number(report.load_at_start, 2)} at the start, {_number(report.load_at_end, 2)} at the end",
    ]
    if report.fill is not None:
        fill = report.fill
        lines.append(
            f"  fill: {fill.existing:,} existing + {fill.filled:,} filled in "
            f"{fill.seconds:,.1f} s ({_number(fill.per_second, 0)} dossiers/s) [{fill.source}]"
        )

    def throughput(name: str, figure: Throughput | None, unit: str) -> None:
        if figure is None:
            lines.append(f"  {name}: not measured")
            return
        error = f"; first error: {figure.first_error}" if figure.first_error else ""
        cpu = (
            f"; CPU per operation: clients {_number(figure.client_cpu_ms, 2)} ms, database "
            f"{_number(figure.database_cpu_ms, 2)} ms"
        )
        lines.append(
            f"  {name}: {_number(figure.per_second)} {unit} ({figure.operations:,} in "
            f"{figure.seconds:.1f} s, {figure.clients} clients, {figure.errors} errors{error}"
            f"{cpu}) [{figure.source}]"
        )

    def latency(name: str, figure: Latency | None) -> None:
        if figure is None:
            lines.append(f"  {name}: not measured")
            return
        lines.append(
            f"  {name}: p50 {_number(figure.p50_ms, 2)} ms, p99 {_number(figure.p99_ms, 2)} ms, "
            f"max {_number(figure.max_ms, 2)} ms ({figure.samples:,} samples) [{figure.source}]"
        )

    throughput("submissions", report.submissions, "dossiers/s")
    throughput("transitions", report.transitions, "transitions/s")
    throughput("signed_steps", report.signed_steps, "signed results/s")
    throughput("raw_ceiling", report.raw_ceiling, "transactions/s")
    throughput("raw_minimal", report.raw_minimal, "transactions/s")
    latency("lookup", report.lookup)
    latency("work_queue", report.work_queue)
    if report.dashboard_tallies is not None:
        agencies, rows, fill_seconds = report.dashboard_tallies
        lines.append(
            f"  dashboards: {agencies:,} agencies, {rows:,} tally rows "
            f"(filled in {fill_seconds:,.1f} s)"
        )
    for figure in report.dashboards:
        latency(f"dashboard {figure.source}", figure)
    throughput("motcua_instances", report.motcua_instances, "instances/s")
    throughput("peer_instances", report.peer_instances, "instances/s")
    lines.append("ratios and targets:")
    bound = report.ratios.get("raw_instances_vs_peer", math.nan)
    lines.append(
        f"  raw_instances_vs_peer: {_shown('raw_instances_vs_peer', bound)}  (the raw-SQL ceiling "
        "spent on whole instances, 6 transactions each, against the peer: no engine on this "
        "database and machine goes past it)"
    )
    minimal = report.ratios.get("transitions_vs_raw_minimal", math.nan)
    lines.append(
        f"  transitions_vs_raw_minimal: {_shown('transitions_vs_raw_minimal', minimal)}  "
        "(against the minimal loop, whose update moves no index entry and which writes no "
        "outbox row)"
    )
    for verdict in report.verdicts:
        shown = _shown(verdict.name, verdict.measured)
        note = f" ({verdict.note})" if verdict.note else ""
        lines.append(f"  {verdict.name}: {shown}  target {verdict.target}  {verdict.verdict}{note}")
    return lines


class Command(BaseCommand):
    help = (
        "Measure the dossier lifecycle on the configured database: submissions, transitions, "
        "lookups and the work queue, against a raw-SQL ceiling and SpiffWorkflow, in one run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=100_000, help="Dossiers in the table.")
        parser.add_argument("--clients", type=int, default=8, help="Concurrent clients (threads).")
        parser.add_argument(
            "--seconds", type=float, default=10.0, help="Duration of each measurement."
        )
        parser.add_argument(
            "--threads",
            action="store_true",
            help="Run the clients as threads of this process instead of forked processes "
            "(always threads on SQLite).",
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--skip-peer", action="store_true", help="Do not run the SpiffWorkflow peer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])

        def progress(message: str) -> None:
            if not as_json:
                self.stderr.write(f"... {message}")

        report = run(
            dossiers=int(options["dossiers"]),
            clients=max(1, int(options["clients"])),
            seconds=float(options["seconds"]),
            skip_peer=bool(options["skip_peer"]),
            processes=not options["threads"],
            progress=progress,
        )
        if as_json:
            self.stdout.write(json.dumps(_clean(asdict(report)), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report_lines(report)))
