"""What the worker tells about the work it runs: the request id of the request that caused a row
in its log lines, and each handler's outcome and duration in its metrics."""

import io
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from prometheus_client import REGISTRY
from pytest_django.fixtures import Settings

from motcua.core.logcontext import request_id_bound
from motcua.core.metrics import metrics_http_start
from motcua.core.models import OutboxMessage
from motcua.core.outbox import MAX_ATTEMPTS, outbox_enqueue, outbox_run_due, register_handler
from motcua.core.tests.logs import json_lines, json_lines_written

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TRIES: dict[str, int] = {}


def _quiet(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    logging.getLogger("motcua.test.handler").info("sending the notice for %s", key)


def _failing(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    TRIES[key] = TRIES.get(key, 0) + 1
    if TRIES[key] <= payload["fail"]:
        message = "gateway unavailable"
        raise ConnectionError(message)


register_handler("test.observed", _quiet)
register_handler("test.observed.flaky", _failing, name="flaky")


def _runs(topic: str, handler: str, outcome: str) -> float:
    labels = {"topic": topic, "handler": handler, "outcome": outcome}
    return REGISTRY.get_sample_value("motcua_outbox_handler_runs_total", labels) or 0.0


def _timed(topic: str, handler: str) -> float:
    labels = {"topic": topic, "handler": handler}
    return REGISTRY.get_sample_value("motcua_outbox_handler_duration_seconds_count", labels) or 0.0


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    with json_lines_written() as out:
        yield out


def test_a_row_keeps_the_request_id_and_its_handler_logs_under_it(
    json_log: io.StringIO,
) -> None:
    with request_id_bound("lb-7f3a"):
        caused = outbox_enqueue(topic="test.observed", key="a", payload={}, at=NOW)
    unrelated = outbox_enqueue(topic="test.observed", key="b", payload={}, at=NOW)
    assert OutboxMessage.objects.get(pk=caused.pk).request_id == "lb-7f3a"
    assert OutboxMessage.objects.get(pk=unrelated.pk).request_id == ""

    outbox_run_due(now=NOW, limit=10)

    lines = json_lines(json_log)
    handler_lines = {line["message"]: line.get("request_id") for line in lines}
    assert handler_lines["sending the notice for a"] == "lb-7f3a"
    assert handler_lines["sending the notice for b"] is None
    done = [
        line for line in lines if line["message"].startswith(f"outbox test.observed #{caused.pk} ")
    ]
    assert [line["request_id"] for line in done] == ["lb-7f3a"]


def test_each_handler_run_is_counted_by_outcome_and_timed() -> None:
    topic = "test.observed.flaky"
    before = {o: _runs(topic, "flaky", o) for o in ("done", "retried", "failed")}
    timed = _timed(topic, "flaky")
    outbox_enqueue(topic=topic, key="twice", payload={"fail": 2}, at=NOW)
    outbox_enqueue(topic=topic, key="never", payload={"fail": 99}, at=NOW)
    moment = NOW
    for _ in range(MAX_ATTEMPTS):
        outbox_run_due(now=moment, limit=10)
        moment += timedelta(hours=12)  # past any backoff

    after = {o: _runs(topic, "flaky", o) - before[o] for o in before}
    # "twice": two retries then done; "never": retried until its last attempt, which fails it.
    assert after == {"done": 1, "retried": 2 + MAX_ATTEMPTS - 1, "failed": 1}
    assert _timed(topic, "flaky") - timed == 3 + MAX_ATTEMPTS


def _get(port: int, path: str, token: str | None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_worker_serves_its_metrics_to_the_holder_of_the_token(settings: Settings) -> None:
    settings.MOTCUA_METRICS_TOKEN = "scrape-secret"
    outbox_enqueue(topic="test.observed", key="m", payload={}, at=NOW)
    outbox_run_due(now=NOW, limit=10)
    server = metrics_http_start("127.0.0.1:0")
    try:
        status, body = _get(server.server_port, "/metrics", "scrape-secret")
        assert status == 200
        assert (
            'motcua_outbox_handler_runs_total{handler="test.observed",outcome="done",'
            'topic="test.observed"}'
        ) in body
        assert "motcua_signature_duration_seconds" in body
        assert "motcua_ocr_duration_seconds" in body
        assert _get(server.server_port, "/metrics", "wrong")[0] == 404
        assert _get(server.server_port, "/metrics", None)[0] == 404
        assert _get(server.server_port, "/other", "scrape-secret")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def _enqueue_follow_up(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    outbox_enqueue(topic="test.observed", key=f"{key}.next", payload={}, at=now)


register_handler("test.observed.chain", _enqueue_follow_up)


def test_work_a_handler_enqueues_stays_the_request_s() -> None:
    with request_id_bound("lb-chain"):
        outbox_enqueue(topic="test.observed.chain", key="c", payload={}, at=NOW)

    outbox_run_due(now=NOW, limit=10)

    assert OutboxMessage.objects.get(key="c.next").request_id == "lb-chain"


def test_the_worker_command_opens_its_metrics_port_when_asked() -> None:
    out = io.StringIO()
    call_command("worker", "--once", broker="", metrics_bind="127.0.0.1:0", stdout=out)
    assert re.search(r"^metrics on port \d+, path /metrics$", out.getvalue(), re.M)
