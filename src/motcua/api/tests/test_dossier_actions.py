"""The action API: its answer, and an action sent with an Idempotency-Key moving the dossier once,
however often it is sent."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.api.tests.clients import client_for
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, IdempotencyRecord
from motcua.dossiers.services.once import idempotency_purge
from motcua.dossiers.tests.factories import World, build_world, submit
from motcua_dev.testing.threads import in_threads


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(dossier: Dossier) -> str:
    return f"/api/v1/dossiers/{dossier.code}/actions/"


def _act(world: World, dossier: Dossier, key: str, payload: dict[str, Any]) -> Any:
    return client_for(world.receiver).post(
        _url(dossier), payload, format="json", HTTP_IDEMPOTENCY_KEY=key
    )


def _events(dossier: Dossier) -> list[str]:
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_the_answer_to_an_action_is_the_dossier_as_a_list_row_shows_it() -> None:
    world = build_world()
    dossier = submit(world).dossier
    client = client_for(world.receiver)

    moved = client.post(_url(dossier), {"action": "complete_step"}, format="json")
    detail = client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    row = next(
        r for r in client.get("/api/v1/dossiers/").json()["results"] if r["code"] == dossier.code
    )

    assert moved.status_code == 200, moved.json()
    assert moved.json() == row
    assert {k: detail[k] for k in row} == row
    assert moved.json()["current_step"] == 2
    assert "events" not in moved.json()


@pytest.mark.django_db
def test_a_repeated_key_moves_the_dossier_once_and_answers_the_first_answer() -> None:
    world = build_world()
    dossier = submit(world).dossier
    payload = {"action": "complete_step", "note": "Đủ hồ sơ"}

    first = _act(world, dossier, "5f0c7f0e-1", payload)
    again = _act(world, dossier, "5f0c7f0e-1", {"note": "Đủ hồ sơ", "action": "complete_step"})

    assert first.status_code == 200, first.json()
    assert first.json()["status"] == DossierStatus.PROCESSING
    assert again.status_code == 200, again.json()
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _events(dossier) == ["submit", "complete_step"]


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_with_422() -> None:
    world = build_world()
    dossier = submit(world).dossier
    _act(world, dossier, "k-1", {"action": "complete_step"})

    other = _act(world, dossier, "k-1", {"action": "complete_step", "note": "khác"})

    assert other.status_code == 422, other.json()
    assert other.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other.json()["message"]
    assert [e["path"] for e in other.json()["errors"]] == ["Idempotency-Key"]
    assert _events(dossier) == ["submit", "complete_step"]


@pytest.mark.django_db
def test_a_key_is_scoped_to_the_dossier_and_a_refused_action_keeps_no_key() -> None:
    world = build_world()
    dossier = submit(world).dossier
    other = submit(world).dossier

    refused = _act(world, dossier, "k-2", {"action": "supplement"})
    moved = _act(world, dossier, "k-2", {"action": "complete_step"})
    elsewhere = _act(world, other, "k-2", {"action": "complete_step"})

    assert refused.status_code == 409
    assert moved.status_code == 200, moved.json()
    assert elsewhere.status_code == 200, elsewhere.json()
    assert elsewhere.json()["code"] == other.code
    assert _events(other) == ["submit", "complete_step"]
    assert IdempotencyRecord.objects.filter(key="k-2").count() == 2


@pytest.mark.django_db
def test_a_malformed_key_answers_400_and_moves_nothing() -> None:
    world = build_world()
    dossier = submit(world).dossier

    response = _act(world, dossier, "khóa có dấu", {"action": "complete_step"})

    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert _events(dossier) == ["submit"]


@pytest.mark.django_db
def test_a_key_older_than_the_setting_acts_again_and_the_purge_deletes_old_action_keys(
    settings: Settings,
) -> None:
    settings.MOTCUA_IDEMPOTENCY_HOURS = 1
    world = build_world()
    dossier = submit(world).dossier
    kept = submit(world, idempotency_key="submission", client_id="c")
    _act(world, dossier, "k-3", {"action": "complete_step"})
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=2))

    again = _act(world, dossier, "k-3", {"action": "complete_step"})

    # Not the stored answer: the action is tried again, and the next step is not the receiver's.
    assert again.status_code == 403, again.json()
    assert _events(dossier) == ["submit", "complete_step"]
    assert idempotency_purge(now=timezone.now() + timedelta(hours=2)) == 1
    assert list(IdempotencyRecord.objects.values_list("key", "dossier")) == [
        ("submission", kept.dossier.pk)
    ]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_move_the_dossier_once() -> None:
    world = build_world()
    dossier = submit(world).dossier
    token, _created = Token.objects.get_or_create(user=world.receiver)

    def send(_index: int) -> tuple[int, Any]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.post(
            _url(dossier),
            {"action": "complete_step"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="concurrent",
        )
        return response.status_code, response.json()

    results = in_threads(2, send)

    assert all(isinstance(r, tuple) for r in results), results
    answers = [r for r in results if isinstance(r, tuple)]
    assert [status for status, _body in answers] == [200, 200], answers
    assert answers[0][1] == answers[1][1]
    assert _events(dossier) == ["submit", "complete_step"]
    assert IdempotencyRecord.objects.filter(key="concurrent").count() == 1
