import json
import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers.models import Dossier
from motcua_dev.bench.http import ENDPOINTS, NATIONAL_PEAK, EndpointFigure, peak_projection


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


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_bench_http_measures_every_endpoint_under_motcua_serve(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The server's static and uploaded files go to a folder of this test.
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path))
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
        "--json",
        stdout=out,
        stderr=err,
    )

    report = json.loads(out.getvalue())
    assert "fast fill to 300 dossiers" in err.getvalue(), "progress on stderr, also with --json"
    assert report["dossiers_in_table"] >= 300
    assert Dossier.objects.count() > report["dossiers_in_table"], "the submissions went in"
    [mode] = report["modes"]
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
    assert all(f["server_cpu_ms"] > 0 for f in figures)
    assert math.isfinite(mode["peak_cpu_seconds_per_second"])
    assert mode["worker_rss_mib_started"] > 0
    assert mode["worker_rss_mib_after_mixed"] > 0
