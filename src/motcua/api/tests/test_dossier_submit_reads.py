"""What a submission reads: the catalogue's rows once per process and generation, the dossier
code from one statement (a change of the catalogue between two submissions: the fee tests)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# The files go to a temporary folder, as in the other submission tests (autouse fixture).
from motcua.api.tests.test_dossier_api import _media_in_tmp, body, client_for  # noqa: F401
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import build_world
from motcua.dossiers.tests.test_fees import FEE

pytestmark = pytest.mark.django_db


def test_a_second_submission_reads_no_catalogue_row_and_takes_the_next_code() -> None:
    world = build_world(fees=[FEE])
    client = client_for(world.receiver)
    first = client.post("/api/v1/dossiers/", body(world), format="json")

    with CaptureQueriesContext(connection) as queries:
        second = client.post("/api/v1/dossiers/", body(world), format="json")

    assert (first.status_code, second.status_code) == (201, 201), second.json()
    # (Competence still joins the version's agencies, which are the directory's rows.)
    read = [q["sql"] for q in queries.captured_queries if 'FROM "catalog_' in q["sql"]]
    assert read == []
    assert int(second.json()["code"][-4:]) == int(first.json()["code"][-4:]) + 1
    assert Dossier.objects.get(code=second.json()["code"]).fee_amount == 150_000
