import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, DossierDocument, DossierStatus
from motcua.dossiers.tests.factories import AT, PDF, World, build_world, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user: User) -> APIClient:
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def body(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure": world.version.procedure.code,
        "channel": "counter",
        "administrative_unit_code": world.commune.code,
        "receiving_unit": world.unit.pk,
        "applicant": {"kind": "citizen", "name": "Lê Văn Cường", "personal_id": "001090054321"},
        "form_data": {"to_khai": {"full_name": "Lê Văn Cường"}},
        "documents": [
            {
                "component": "giay_gioi_thieu",
                "name": "giay.pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            }
        ],
    }
    data.update(overrides)
    return data


def test_submit_with_token_and_idempotency_key() -> None:
    world = build_world()
    client = client_for(world.receiver)

    first = client.post("/api/v1/dossiers/", body(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post("/api/v1/dossiers/", body(world), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    other = client.post(
        "/api/v1/dossiers/",
        body(world, form_data={"to_khai": {"full_name": "Khác"}}),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )

    assert first.status_code == 201, first.json()
    assert first.json()["code"].startswith("000.00.01.H26-")
    assert first.json()["documents"][0]["content_type"] == "application/pdf"
    assert again.status_code == 201
    assert again.json() == first.json()
    assert other.status_code == 409
    assert Dossier.objects.count() == 1


def test_submit_multipart() -> None:
    world = build_world()
    client = client_for(world.receiver)
    payload = body(world, documents=[])

    response = client.post(
        "/api/v1/dossiers/",
        {
            "payload": json.dumps(payload),
            "giay_gioi_thieu": SimpleUploadedFile("giay.pdf", PDF, "application/pdf"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    [listed] = response.json()["documents"]
    assert listed["sha256"] == hashlib.sha256(PDF).hexdigest()
    [document] = DossierDocument.objects.filter(dossier__code=response.json()["code"])
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == PDF


def test_submit_reports_every_problem() -> None:
    world = build_world()
    client = client_for(world.receiver)

    response = client.post(
        "/api/v1/dossiers/",
        body(world, form_data={"to_khai": {}}, documents=[]),
        format="json",
    )

    assert response.status_code == 400
    paths = {e["path"] for e in response.json()["errors"]}
    assert paths == {"form_data.to_khai.full_name", "documents.giay_gioi_thieu"}
    assert not Dossier.objects.exists()


def test_submit_needs_login() -> None:
    world = build_world()

    response = APIClient().post("/api/v1/dossiers/", body(world), format="json")

    assert response.status_code in {401, 403}


def test_list_is_scoped_and_filtered() -> None:
    world = build_world()
    submit(world)
    done = submit(world).dossier
    done.status = DossierStatus.WITHDRAWN
    done.save()

    mine = client_for(world.specialist).get("/api/v1/dossiers/", {"status": "received"}).json()
    theirs = client_for(world.outsider).get("/api/v1/dossiers/").json()
    by_procedure = client_for(world.leader).get(
        "/api/v1/dossiers/", {"procedure": world.version.procedure.code}
    )

    assert mine["count"] == 1
    assert theirs["count"] == 0
    assert by_procedure.json()["count"] == 2


def test_detail_of_another_agency_is_404() -> None:
    world = build_world()
    dossier = submit(world).dossier

    own = client_for(world.specialist).get(f"/api/v1/dossiers/{dossier.code}/")
    other = client_for(world.outsider).get(f"/api/v1/dossiers/{dossier.code}/")
    applicant = client_for(world.applicant_user).get(f"/api/v1/dossiers/{dossier.code}/")

    assert own.status_code == 200
    assert [e["action"] for e in own.json()["events"]] == ["submit"]
    assert other.status_code == 404
    assert applicant.status_code == 200


def test_actions_move_the_dossier_and_conflict_is_409() -> None:
    world = build_world()
    dossier = submit(world).dossier
    client = client_for(world.receiver)
    url = f"/api/v1/dossiers/{dossier.code}/actions/"

    moved = client.post(url, {"action": "complete_step", "note": "Đủ hồ sơ"}, format="json")
    wrong = client.post(url, {"action": "supplement"}, format="json")
    forbidden = client_for(world.leader).post(url, {"action": "complete_step"}, format="json")

    assert moved.status_code == 200, moved.json()
    assert moved.json()["status"] == DossierStatus.PROCESSING
    assert wrong.status_code == 409
    assert "trạng thái" in wrong.json()["message"]
    assert forbidden.status_code == 403
    assert "chuyên viên" in forbidden.json()["message"]


def test_public_lookup_shows_no_personal_data() -> None:
    world = build_world()
    dossier = submit(world).dossier

    response = APIClient().get(f"/api/v1/lookup/{dossier.code}/")
    missing = APIClient().get("/api/v1/lookup/000.00.01.H26-260302-9999/")

    assert response.status_code == 200
    data = response.json()
    assert data["status_label"] == "Đã tiếp nhận"
    assert data["receiving_unit"] == "Bộ phận Một cửa xã thử"
    assert data["due_at"] is not None
    text = json.dumps(data, ensure_ascii=False)
    assert world.applicant.name not in text
    assert world.applicant.personal_id not in text
    assert "Số 1 phố Thử" not in text
    assert missing.status_code == 404


def test_a_counter_dossier_received_on_a_monday_morning_shows_its_due_moments() -> None:
    world = build_world()  # three working days; reception is a step of 60 working minutes
    dossier = submit(world, at=AT).dossier  # Monday 2 March 2026, 09:00 in Hà Nội

    detail = client_for(world.receiver).get(f"/api/v1/dossiers/{dossier.code}/").json()

    assert detail["received_at"] == "2026-03-02T02:00:00+00:00"
    # Tuesday, Wednesday, Thursday: due at the end of Thursday's working hours.
    assert detail["due_at"] == "2026-03-05T10:00:00+00:00"
    assert detail["step_due_at"] == "2026-03-02T03:00:00+00:00"  # reception: one hour


def test_submit_with_the_result_returned_by_post() -> None:
    world = build_world()
    client = client_for(world.receiver)
    address = {
        "recipient": "Lê Văn Cường",
        "phone": "+84 912 345 678",
        "street": "Số 3 phố Thử",
        "commune_code": world.commune.code,
    }

    response = client.post(
        "/api/v1/dossiers/",
        body(world, return_method="post", return_address=address),
        format="json",
    )

    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.return_method == "post"
    assert dossier.return_address["phone"] == "0912345678"
    assert dossier.return_address["commune_name"] == world.commune.name
    detail = client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert detail["return_method"] == "post"
    assert detail["return_address"]["street"] == "Số 3 phố Thử"


def test_submit_without_a_return_method_means_the_counter() -> None:
    world = build_world()

    response = client_for(world.receiver).post("/api/v1/dossiers/", body(world), format="json")

    assert response.status_code == 201, response.json()
    assert Dossier.objects.get().return_method == "counter"


def test_submit_names_each_problem_of_the_return() -> None:
    world = build_world()
    client = client_for(world.receiver)

    by_post = client.post(
        "/api/v1/dossiers/",
        body(world, return_method="post", return_address={"phone": "12", "commune_code": "x"}),
        format="json",
    )
    unknown = client.post("/api/v1/dossiers/", body(world, return_method="pigeon"), format="json")
    not_an_object = client.post(
        "/api/v1/dossiers/",
        body(world, return_method="post", return_address="Số 3 phố Thử"),
        format="json",
    )

    assert by_post.status_code == 400
    assert {e["path"] for e in by_post.json()["errors"]} == {
        "return_address.recipient",
        "return_address.phone",
        "return_address.street",
        "return_address.commune_code",
    }
    assert unknown.status_code == 400
    assert {e["path"] for e in unknown.json()["errors"]} == {"return_method"}
    assert not_an_object.status_code == 400
    assert {e["path"] for e in not_an_object.json()["errors"]} == {"return_address"}
    assert not Dossier.objects.exists()


def test_the_schema_describes_the_return_method_and_address() -> None:
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()

    schemas = schema["components"]["schemas"]
    request = schemas["DossierSubmitRequest"]["properties"]
    method = request["return_method"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert schemas[method]["enum"] == ["counter", "online", "post"]
    assert request["return_address"]["allOf"][0]["$ref"].endswith("/DossierReturnAddress")
    address = schemas["DossierReturnAddress"]
    assert set(address["properties"]) == {"recipient", "phone", "street", "commune_code"}
