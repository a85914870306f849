"""The feedback item's access key travels in a header, never in the address (access logs)."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.accounts.tests.factories import AgencyFactory
from motcua.feedback.models import Feedback
from motcua.feedback.services import feedback_submit

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 3, 7, 16, 40, tzinfo=UTC)


@pytest.fixture
def item() -> Feedback:
    AgencyFactory.create()  # the intake agency of items not about a dossier
    cache.clear()
    return feedback_submit(
        channel="api", sender_kind="citizen", title="Phí cao", content="Giảm phí.", at=NIGHT
    )


def test_the_key_in_the_header_shows_the_answer(item: Feedback) -> None:
    url = f"/api/v1/feedback/{item.code}/"

    full = Client().get(url, headers={"X-Feedback-Key": item.access_key})
    wrong = Client().get(url, headers={"X-Feedback-Key": "SAI"})

    assert full.status_code == 200
    assert full.json()["title"] == "Phí cao"
    assert "no-store" in full["Cache-Control"]
    assert wrong.status_code == 200
    assert "title" not in wrong.json()


def test_a_key_in_the_query_string_is_refused_saying_where_to_put_it(item: Feedback) -> None:
    response = Client().get(f"/api/v1/feedback/{item.code}/", {"key": item.access_key})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [e["path"] for e in body["errors"]] == ["key"]
    assert "X-Feedback-Key" in body["errors"][0]["message"]
    assert "title" not in response.content.decode()


def test_the_schema_documents_the_header_and_no_query_key() -> None:
    schema = Client().get("/api/v1/schema/", {"format": "json"}).json()

    detail = schema["paths"]["/api/v1/feedback/{code}/"]["get"]
    where = {(p["name"], p["in"]) for p in detail["parameters"]}
    assert ("X-Feedback-Key", "header") in where
    assert ("key", "query") not in where
    assert "400" in detail["responses"]
