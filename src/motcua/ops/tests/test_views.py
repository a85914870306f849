import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families
from pytest_django.fixtures import Settings

from motcua.core.metrics import HTTP_LATENCY, HTTP_REQUESTS
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.ops.middleware import request_metrics

pytestmark = pytest.mark.django_db

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
TOKEN = "test-metrics-token"


def _samples(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.content.decode())
        for s in family.samples
    }


@pytest.fixture
def metrics_client(settings: Settings) -> Client:
    settings.MOTCUA_METRICS_TOKEN = TOKEN
    return Client()


def test_healthz_answers_without_asking_anything_else(client: Client) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert json.loads(answer.content) == {"status": "ok"}


def test_readyz_names_each_dependency_it_reached(client: Client, settings: Settings) -> None:
    settings.MOTCUA_BROKER_URL = RABBITMQ
    answer = client.get("/readyz")
    body = json.loads(answer.content)
    assert answer.status_code == 200, body
    assert body["status"] == "ready"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "cache",
        "broker",
    }


def test_readyz_answers_503_naming_a_broker_it_cannot_reach(
    client: Client, settings: Settings
) -> None:
    settings.MOTCUA_BROKER_URL = "amqp://guest:guest@127.0.0.1:1//"
    answer = client.get("/readyz")
    body = json.loads(answer.content)
    assert answer.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readyz_answers_503_when_the_shared_cache_is_down(
    client: Client, settings: Settings
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert json.loads(answer.content)["checks"]["cache"]["ok"] is False


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", TOKEN])
def test_metrics_are_not_shown_without_the_token(
    metrics_client: Client, header: str | None
) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert metrics_client.get("/metrics", **extra).status_code == 404  # type: ignore[arg-type]


def test_metrics_are_not_shown_when_no_token_is_configured(settings: Settings) -> None:
    settings.MOTCUA_METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_requests_are_counted_by_view_and_status(metrics_client: Client) -> None:
    key = (
        "motcua_http_requests_total",
        (("method", "GET"), ("status", "200"), ("view", "ops:healthz")),
    )
    before = _samples(metrics_client).get(key, 0.0)
    for _ in range(3):
        metrics_client.get("/healthz")
    metrics_client.get("/khong-co-trang-nay/")
    after = _samples(metrics_client)
    assert after[key] - before == 3
    assert after[("motcua_http_request_duration_seconds_count", (("view", "ops:healthz"),))] >= 3
    assert after[
        (
            "motcua_http_requests_total",
            (("method", "GET"), ("status", "404"), ("view", "unmatched")),
        )
    ]


def test_the_outbox_depth_and_the_age_of_its_oldest_due_row(metrics_client: Client) -> None:
    now = timezone.now()
    for n, status in enumerate([OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.FAILED]):
        OutboxMessage.objects.create(
            topic="test.metrics",
            key=str(n),
            status=status,
            available_at=now - timedelta(seconds=120 - n),
            created_at=now - timedelta(seconds=120),
        )
    OutboxMessage.objects.create(
        topic="test.metrics", key="later", available_at=now + timedelta(hours=1), created_at=now
    )
    samples = _samples(metrics_client)
    assert samples[("motcua_outbox_rows", (("status", "pending"),))] == 3
    assert samples[("motcua_outbox_rows", (("status", "failed"),))] == 1
    assert 120 <= samples[("motcua_outbox_oldest_due_seconds", ())] < 180


def test_the_load_balancers_request_id_is_answered_back(client: Client) -> None:
    answer = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a-0001")
    assert answer["X-Request-ID"] == "lb-7f3a-0001"


def test_a_malformed_request_id_is_replaced(client: Client) -> None:
    answer = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected=1')
    assert answer["X-Request-ID"] != 'x" injected=1'
    assert len(answer["X-Request-ID"]) == 32


def test_a_request_counts_into_the_registered_series(metrics_client: Client) -> None:
    counted, timed = request_metrics("ops:healthz", "GET", "200")
    # The kept children are the registry's own: what they count is what /metrics reports.
    assert counted is HTTP_REQUESTS.labels(view="ops:healthz", method="GET", status="200")
    assert timed is HTTP_LATENCY.labels(view="ops:healthz")
    assert request_metrics("ops:healthz", "GET", "200") == (counted, timed)
    key = (
        "motcua_http_requests_total",
        (("method", "HEAD"), ("status", "405"), ("view", "ops:healthz")),
    )
    before = _samples(metrics_client).get(key, 0.0)
    metrics_client.head("/healthz")
    assert _samples(metrics_client)[key] - before == 1


def test_a_made_up_method_is_counted_as_other(metrics_client: Client) -> None:
    key = (
        "motcua_http_requests_total",
        (("method", "other"), ("status", "405"), ("view", "ops:healthz")),
    )
    before = _samples(metrics_client).get(key, 0.0)
    metrics_client.generic("BREW", "/healthz")
    samples = _samples(metrics_client)
    assert samples[key] - before == 1
    assert not any(dict(labels).get("method") == "BREW" for _name, labels in samples)
