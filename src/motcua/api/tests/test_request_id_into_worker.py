"""The load balancer's request id, from the submission to the worker's log lines of the work it
caused."""

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.api.tests.test_dossier_api import body, client_for
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.core.outbox import outbox_run_due, registered_handlers
from motcua.core.tests.logs import json_lines, json_lines_written
from motcua.dossiers.tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    with json_lines_written() as out:
        yield out


def test_the_request_id_of_a_submission_reaches_the_worker_lines_of_its_follow_ups(
    json_log: io.StringIO,
) -> None:
    world = build_world()
    client = client_for(world.receiver)

    answer = client.post(
        "/api/v1/dossiers/",
        body(world),
        format="json",
        HTTP_IDEMPOTENCY_KEY="rid-1",
        HTTP_X_REQUEST_ID="haproxy-0a1b2c",
    )

    assert answer.status_code == 201, answer.json()
    assert answer["X-Request-ID"] == "haproxy-0a1b2c"
    caused = list(OutboxMessage.objects.filter(status=OutboxStatus.PENDING))
    assert caused, "a submission causes follow-up work"
    assert {row.request_id for row in caused} == {"haproxy-0a1b2c"}

    # the worker, later and outside any request
    report = outbox_run_due(now=timezone.now() + timedelta(minutes=1), limit=100)

    assert sorted(report.done) == sorted(row.pk for row in caused)
    lines = json_lines(json_log)
    for row in caused:
        handled = [
            line
            for line in lines
            if line["logger"] == "motcua.core.outbox"
            and line["message"].startswith(f"outbox {row.topic} #{row.pk} handler ")
        ]
        # one line per handler of the topic (a dossier's event fans out), each under the id
        assert len(handled) == len(registered_handlers(row.topic))
        assert {line.get("request_id") for line in handled} == {"haproxy-0a1b2c"}
