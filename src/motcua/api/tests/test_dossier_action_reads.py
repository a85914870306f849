"""What an action and a submission read of the officer: the role assignments once, though both
the visibility check and the role check (with the row locked) ask."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.api.tests.clients import client_for

# The files go to a temporary folder, as in the other submission tests (autouse fixture).
from motcua.api.tests.test_dossier_api import _media_in_tmp, body  # noqa: F401
from motcua.dossiers.tests.factories import build_world, submit

pytestmark = pytest.mark.django_db


def _role_reads(queries: CaptureQueriesContext) -> int:
    return sum('FROM "accounts_roleassignment"' in q["sql"] for q in queries.captured_queries)


def test_an_action_reads_the_officers_roles_once() -> None:
    world = build_world()
    dossier = submit(world).dossier
    client = client_for(world.receiver)

    with CaptureQueriesContext(connection) as queries:
        moved = client.post(
            f"/api/v1/dossiers/{dossier.code}/actions/", {"action": "complete_step"}, format="json"
        )

    assert moved.status_code == 200, moved.json()
    assert moved.json()["current_step"] == 2
    assert _role_reads(queries) == 1


def test_a_submission_reads_the_officers_roles_once() -> None:
    world = build_world()
    client = client_for(world.receiver)

    with CaptureQueriesContext(connection) as queries:
        submitted = client.post("/api/v1/dossiers/", body(world), format="json")

    assert submitted.status_code == 201, submitted.json()
    assert _role_reads(queries) == 1
