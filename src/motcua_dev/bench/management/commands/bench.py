"""``motcua bench``: the dossier lifecycle against a raw-SQL ceiling and SpiffWorkflow, in one run."""

import json
import math
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.core.management.commands.serve import SERVERS
from motcua_dev.bench.catalog_scale import report_lines as catalog_lines
from motcua_dev.bench.catalog_scale import run_catalog_scale
from motcua_dev.bench.figures import Latency, Throughput
from motcua_dev.bench.http import EndpointFigure as HttpFigure
from motcua_dev.bench.http import HttpReport, run_http
from motcua_dev.bench.http_server import MODES
from motcua_dev.bench.report import Report
from motcua_dev.bench.runner import run


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
    throughput("plain_instances", report.plain_instances, "instances/s")
    throughput("peer_instances", report.peer_instances, "instances/s")
    lines.append("reference figures, no target:")
    for name, what in (
        ("motcua_vs_peer", "whole dossiers, a document submitted and the result signed"),
        ("plain_vs_peer", "like for like: the six steps without document or signature"),
    ):
        shown = _shown(name, report.ratios.get(name, math.nan))
        lines.append(
            f"  {name}: {shown}  ({what}, against SpiffWorkflow's 6 steps with its state saved "
            "after each; a dossier also keeps an audit chain and a history and checks the role)"
        )
    bound = report.ratios.get("raw_instances_vs_peer", math.nan)
    lines.append(
        f"  raw_instances_vs_peer: {_shown('raw_instances_vs_peer', bound)}  (the raw-SQL ceiling "
        "spent on whole instances, 6 transactions each, against the peer: no engine on this "
        "database and machine goes past it)"
    )
    lines.append("ratios and targets:")
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


def migrate_first(progress: Callable[[str], None]) -> None:
    """Apply the migrations the database lacks, as ``make run`` does: a bench on a database never
    migrated would otherwise stop at its first query with a missing table."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    progress(f"the database lacks {len(plan)} migrations: migrating first")
    call_command("migrate", interactive=False, verbosity=0)


class Command(BaseCommand):
    help = (
        "Measure the dossier lifecycle on the configured database: submissions, transitions, "
        "lookups and the work queue, against a raw-SQL ceiling and SpiffWorkflow, in one run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            nargs="?",
            choices=["http", "catalog"],
            help="http: the service over HTTP behind motcua serve (ceiling, each endpoint, the "
            "national peak mix); catalog: import and search of --procedures procedures; without "
            "it, the lifecycle in-process.",
        )
        parser.add_argument(
            "--procedures", type=int, default=5000, help="catalog: procedures to import."
        )
        parser.add_argument("--dossiers", type=int, default=100_000, help="Dossiers in the table.")
        parser.add_argument("--workers", type=int, default=2, help="http: workers of motcua serve.")
        parser.add_argument(
            "--connections", type=int, default=16, help="http: concurrent connections."
        )
        parser.add_argument(
            "--db-modes",
            default="60",
            help="http: database connection modes measured side by side, comma-separated: "
            "0 (a new connection per request), 60 (kept 60 s), pool (psycopg pool).",
        )
        parser.add_argument(
            "--servers",
            default="gunicorn",
            help="http: servers of motcua serve measured side by side, comma-separated: "
            "gunicorn, granian.",
        )
        parser.add_argument(
            "--mixed-seconds",
            type=float,
            default=None,
            help="http: duration of the mixed load; default twice --seconds.",
        )
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
            # On stderr, so that --json keeps stdout for the report.
            self.stderr.write(f"... {message}")

        if options["what"] == "http":
            self._http(options, progress)
            return
        migrate_first(progress)
        if options["what"] == "catalog":
            scale = run_catalog_scale(procedures=int(options["procedures"]), progress=progress)
            if as_json:
                self.stdout.write(json.dumps(asdict(scale), ensure_ascii=False, indent=2))
            else:
                self.stdout.write("\n".join(catalog_lines(scale)))
            return
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

    def _http(self, options: dict[str, Any], progress: Callable[[str], None]) -> None:
        modes = [m.strip() for m in str(options["db_modes"]).split(",") if m.strip()]
        unknown = [m for m in modes if m not in MODES]
        if unknown or not modes:
            message = f"--db-modes: unknown mode(s) {unknown}; choose among {sorted(MODES)}"
            raise CommandError(message, returncode=2)
        servers = [s.strip() for s in str(options["servers"]).split(",") if s.strip()]
        if not servers or set(servers) - set(SERVERS):
            message = f"--servers: choose among {', '.join(SERVERS)}, got {servers}"
            raise CommandError(message, returncode=2)
        migrate_first(progress)
        log = Path(settings.VAR_DIR) / "bench-http-server.log"
        progress(f"server log: {log}")
        report = run_http(
            dossiers=int(options["dossiers"]),
            workers=max(1, int(options["workers"])),
            connections=max(1, int(options["connections"])),
            seconds=float(options["seconds"]),
            mixed_seconds=options["mixed_seconds"],
            modes=modes,
            servers=servers,
            log=log,
            progress=progress,
        )
        if options["json"]:
            self.stdout.write(json.dumps(_clean(asdict(report)), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(http_report_lines(report)))


def _ms(value: float) -> str:
    return _number(value, 1)


def http_report_lines(report: HttpReport) -> list[str]:
    lines = [
        f"motcua bench http on {report.vendor}: {report.dossiers_in_table:,} dossiers, "
        f"motcua serve with {report.workers} workers, {report.connections} connections, "
        f"{report.seconds:g} s per measurement; load generator: {report.load_generator}",
        f"started {report.started_at}, finished {report.finished_at}; machine load average "
        f"{_number(report.load_at_start, 2)} at the start, {_number(report.load_at_end, 2)} at the end",
    ]
    if report.fill is not None:
        fill = report.fill
        lines.append(
            f"  fill: {fill.existing:,} existing + {fill.filled:,} filled in {fill.seconds:,.1f} s"
        )
    if report.copies is not None and report.copies.filled:
        copies = report.copies
        lines.append(
            f"  then {copies.filled:,} closed dossiers in {copies.seconds:,.1f} s [{copies.source}]"
        )
    head = (
        f"  {'endpoint':<18} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'vs ceiling':>10} {'server CPU/req':>14} {'db CPU/req':>10}"
    )

    def row(figure: HttpFigure) -> str:
        error = f"  first error: {figure.first_error}" if figure.first_error else ""
        return (
            f"  {figure.endpoint:<18} {_number(figure.per_second):>8} {_ms(figure.p50_ms):>8} "
            f"{_ms(figure.p95_ms):>8} {_ms(figure.p99_ms):>8} {figure.errors:>6} "
            f"{_number(figure.vs_ceiling, 3):>10} {_number(figure.server_cpu_ms, 2):>11} ms "
            f"{_number(figure.database_cpu_ms, 2):>7} ms{error}"
        )

    for mode in report.modes:
        lines.append(f"[{mode.mode}]")
        lines.append(head)
        lines.append(row(mode.ceiling))
        lines.extend(row(figure) for figure in mode.endpoints)
        if mode.mixed is not None:
            lines.append("  mixed load shaped like the national peak (each endpoint's share):")
            lines.append(row(mode.mixed))
            lines.extend(row(figure) for figure in mode.mixed_endpoints)
        lines.append(
            f"  worker RSS: {_number(mode.worker_rss_mib_started)} MiB after start, "
            f"{_number(mode.worker_rss_mib_after_mixed)} MiB after the mixed load (largest worker; "
            f"PSS {_number(mode.worker_pss_mib_after_mixed)}, "
            f"USS {_number(mode.worker_uss_mib_after_mixed)} MiB)"
        )
        lines.append(
            f"  app-server CPU-seconds per second at the national peak (70 submissions, 500 "
            f"transitions, 1,500 reads per second): {_number(mode.peak_cpu_seconds_per_second, 2)}"
        )
    return lines
