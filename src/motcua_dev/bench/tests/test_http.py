import http.server
import json
import math
import threading
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.dossiers.models import Dossier
from motcua_dev.bench.http import (
    ENDPOINTS,
    NATIONAL_PEAK,
    EndpointFigure,
    HttpReport,
    peak_projection,
    run_http,
)
from motcua_dev.bench.http_requests import Call
from motcua_dev.bench.http_server import HOST, KeptConnection
from motcua_dev.bench.management.commands import bench
from motcua_dev.bench.models import PeerWorkflowState


def _figure(endpoint: str, cpu_ms: float) -> EndpointFigure:
    return EndpointFigure(endpoint, 10, 0, 1.0, 10.0, 1.0, 2.0, 3.0, cpu_ms, 0.0, 0.0)


def test_the_peak_projection_weighs_each_endpoint_by_its_national_rate() -> None:
    figures = [_figure(name, 2.0) for name in NATIONAL_PEAK]
    figures[0] = _figure("api_submit", 10.0)

    # 2,070 requests per second at 2 ms, but the 70 submissions at 10 ms
    assert peak_projection(figures) == pytest.approx((2000 * 2.0 + 70 * 10.0) / 1000)
    assert math.isnan(peak_projection(figures[1:])), "an unmeasured endpoint is no zero"


def test_an_unknown_connection_mode_is_refused() -> None:
    with pytest.raises(CommandError, match="--db-modes"):
        call_command("bench", "http", "--db-modes", "60,forever")


def test_an_unknown_server_is_refused() -> None:
    with pytest.raises(CommandError, match="--servers"):
        call_command("bench", "http", "--servers", "gunicorn,apache")


@pytest.mark.django_db(transaction=True)
def test_bench_http_migrates_a_database_that_lacks_migrations_before_measuring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a database without the bench's tables, as a database never migrated lacks them all
    table = PeerWorkflowState._meta.db_table
    call_command("migrate", "bench", "zero", verbosity=0)
    assert table not in connection.introspection.table_names()
    tables_when_run: list[str] = []

    def measured_elsewhere(**_options: Any) -> HttpReport:
        # The measurement itself has its own test (PostgreSQL, below): here, what it starts on.
        tables_when_run.extend(connection.introspection.table_names())
        return HttpReport(connection.vendor, 0, 0, 1, 1, 1.0, "none", "t")

    monkeypatch.setattr(bench, "run_http", measured_elsewhere)
    err = StringIO()
    try:
        # when
        call_command("bench", "http", stdout=StringIO(), stderr=err)
    finally:
        call_command("migrate", "bench", verbosity=0)

    # then
    assert "the database lacks 1 migrations: migrating first" in err.getvalue()
    assert table in tables_when_run


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_bench_http_measures_every_endpoint_under_motcua_serve(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The server's static and uploaded files go to a folder of this test.
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path))
    reports: list[HttpReport] = []

    def keep(**options: Any) -> HttpReport:
        reports.append(run_http(**options))
        return reports[-1]

    monkeypatch.setattr(bench, "run_http", keep)
    out, err = StringIO(), StringIO()

    call_command(
        "bench",
        "http",
        "--dossiers",
        "300",
        "--workers",
        "1",
        "--connections",
        "4",
        "--seconds",
        "1",
        "--db-modes",
        "60",
        "--servers",
        "gunicorn,granian",
        "--json",
        stdout=out,
        stderr=err,
    )

    report = json.loads(out.getvalue())
    assert "fast fill to 300 dossiers" in err.getvalue(), "progress on stderr, also with --json"
    assert report["dossiers_in_table"] >= 300
    assert Dossier.objects.count() > report["dossiers_in_table"], "the submissions went in"
    assert [mode["mode"] for mode in report["modes"]] == [
        "gunicorn, conn_max_age=60",
        "granian, conn_max_age=60",
    ]
    [kept] = reports
    text = "\n".join(bench.http_report_lines(kept))
    for mode in report["modes"]:
        figures = [mode["ceiling"], *mode["endpoints"], mode["mixed"]]
        assert [f["endpoint"] for f in mode["endpoints"]] == list(ENDPOINTS)
        assert {f["endpoint"] for f in mode["mixed_endpoints"]} == set(NATIONAL_PEAK)
        for figure in figures:
            assert figure["errors"] == 0, (figure["endpoint"], figure["first_error"])
            assert figure["requests"] > 0, figure["endpoint"]
            for key in ("per_second", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms", "vs_ceiling"):
                assert figure[key] is not None, (figure["endpoint"], key)
                assert math.isfinite(figure[key]), (figure["endpoint"], key)
            assert figure["p50_ms"] <= figure["p95_ms"] <= figure["p99_ms"]
        # Each server's workers are found and their CPU counted (granian's threads included).
        assert all(f["server_cpu_ms"] > 0 for f in figures)
        assert sum(f["requests"] for f in mode["mixed_endpoints"]) == mode["mixed"]["requests"]
        assert all(f["errors"] == 0 for f in mode["mixed_endpoints"])
        projection = mode["peak_cpu_seconds_per_second"]
        assert projection == pytest.approx(
            sum(NATIONAL_PEAK[f["endpoint"]] * f["server_cpu_ms"] / 1000 for f in mode["endpoints"])
        )
        assert projection > 0
        assert mode["worker_rss_mib_started"] > 0
        assert mode["worker_rss_mib_after_mixed"] > 0
        # What a worker shares is counted whole by RSS, by share by PSS, not by USS.
        assert 0 < mode["worker_uss_mib_after_mixed"] <= mode["worker_pss_mib_after_mixed"]
        assert mode["worker_pss_mib_after_mixed"] <= mode["worker_rss_mib_after_mixed"]
        # the text report prints the projection from the same figures
        assert f"1,500 reads per second): {projection:,.2f}" in text
    assert all(f"  {name} " in text for name in ENDPOINTS)


class _KeepingAlive(http.server.BaseHTTPRequestHandler):
    """Answers every GET; counts the connections it was handed (one handler per connection)."""

    protocol_version = "HTTP/1.1"
    connections = 0

    def setup(self) -> None:
        type(self).connections += 1
        super().setup()

    def do_GET(self) -> None:
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


class _Closing(_KeepingAlive):
    """Closes each connection after its answer, as gunicorn's sync workers do."""

    protocol_version = "HTTP/1.0"
    connections = 0


@pytest.mark.parametrize(("handler", "connections"), [(_KeepingAlive, 1), (_Closing, 3)])
def test_a_client_keeps_its_connection_when_the_server_allows_it(
    handler: type[_KeepingAlive], connections: int
) -> None:
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sender = KeptConnection(server.server_address[1])
    call = Call("ceiling", "GET", "/", (), b"", 200)
    try:
        answers = [sender.send(call) for _ in range(3)]
    finally:
        sender.close()
        server.shutdown()
        server.server_close()

    assert answers == [(200, b"ok")] * 3
    assert handler.connections == connections
