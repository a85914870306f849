"""What an action and a submission read of the officer: the role assignments once, though both
the visibility check and the role check (with the row locked) ask."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.api.tests.clients import client_for

# The files go to a temporary folder, as in the other submission tests (autouse fixture).
from motcua.api.tests.test_dossier_api import _media_in_tmp, body  # noqa: F401
from motcua.core.models import AuditChainHead, AuditEntry, OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import build_world, submit

pytestmark = pytest.mark.django_db


def _role_reads(queries: CaptureQueriesContext) -> int:
    return sum('FROM "accounts_roleassignment"' in q["sql"] for q in queries.captured_queries)


def _step_completed() -> tuple[Dossier, Any, CaptureQueriesContext]:
    """A new dossier's first step completed over the API by its officer, its statements captured."""
    world = build_world()
    dossier = submit(world).dossier
    client = client_for(world.receiver)

    with CaptureQueriesContext(connection) as queries:
        moved = client.post(
            f"/api/v1/dossiers/{dossier.code}/actions/", {"action": "complete_step"}, format="json"
        )

    assert moved.status_code == 200, moved.json()
    return dossier, moved, queries


def test_an_action_reads_the_officers_roles_once() -> None:
    _dossier, moved, queries = _step_completed()

    assert moved.json()["current_step"] == 2
    assert _role_reads(queries) == 1


def test_an_action_writes_in_two_statements_with_its_rows_whole() -> None:
    """The row's update and the history row go with the head of the audit chain taken, the
    outbox row with the audit row (on PostgreSQL one statement each)."""
    dossier, _moved, queries = _step_completed()

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "WITH"))
    ]
    assert len(writes) == (2 if connection.vendor == "postgresql" else 6)
    dossier.refresh_from_db()
    assert (dossier.current_step, dossier.version, dossier.last_event_seq) == (2, 2, 2)
    assert dossier.events.filter(seq=2, action="complete_step", to_step=2).exists()
    chain = f"dossier:{dossier.code}"
    assert AuditEntry.objects.filter(chain=chain, action="dossier.complete_step").count() == 1
    last = AuditEntry.objects.filter(chain=chain).order_by("-seq").values_list("hash", flat=True)
    assert AuditChainHead.objects.get(chain=chain).head_hash == last[0]
    assert OutboxMessage.objects.filter(key=f"{dossier.code}:2", status="pending").exists()


def test_a_submission_reads_the_officers_roles_once() -> None:
    world = build_world()
    client = client_for(world.receiver)

    with CaptureQueriesContext(connection) as queries:
        submitted = client.post("/api/v1/dossiers/", body(world), format="json")

    assert submitted.status_code == 201, submitted.json()
    assert _role_reads(queries) == 1
