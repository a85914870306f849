"""Metrics and logs under ``motcua serve`` as deployed: production settings, two gunicorn workers
counting into one node's metrics, JSON log lines carrying the load balancer's request id."""

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from motcua.core.env import secrets_generated
from motcua_dev.testing.processes import free_port, stop_process, wait_for_port

REQUESTS = 40


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (local server)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_two_workers_count_into_one_nodes_metrics_and_log_json_lines(tmp_path: Path) -> None:
    port = free_port()
    token = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        **secrets_generated(),
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production",
        "MOTCUA_METRICS_TOKEN": token,
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    motcua = str(Path(sys.executable).with_name("motcua"))
    subprocess.run([motcua, "migrate", "-v", "0"], env=env, check=True)
    log = tmp_path / "serve.log"
    command = [motcua, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--collectstatic"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for_port(port, process, seconds=120)
            base = f"http://127.0.0.1:{port}"
            # SSL redirect is on in production; the load balancer's checks are exempt.
            assert _get(f"{base}/healthz")[0] == 200
            status, body = _get(f"{base}/readyz")
            assert status == 200, body
            for _ in range(REQUESTS - 1):
                _get(f"{base}/healthz")
            _get(f"{base}/khong-co/", {"X-Request-ID": "lb-req-0042", "X-Forwarded-Proto": "https"})
            assert _get(f"{base}/metrics")[0] != 200
            status, text = _get(f"{base}/metrics", {"Authorization": f"Bearer {token}"})
            assert status == 200
            files = list((tmp_path / "metrics").rglob("*.db"))
        finally:
            stop_process(process)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text.decode())
        for s in family.samples
    }
    healthz = (
        "motcua_http_requests_total",
        (("method", "GET"), ("status", "200"), ("view", "ops:healthz")),
    )
    assert samples[healthz] == REQUESTS
    # Whichever worker answered the scrape, it summed the files of every worker of the node.
    assert files
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    not_found = [line for line in lines if line.get("request_id") == "lb-req-0042"]
    assert not_found, log.read_text()[-2500:]
    assert not_found[0]["level"] == "WARNING"
