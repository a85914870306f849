import base64
import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import Applicant, User
from motcua.api import dossier_views
from motcua.documents.tests.samples import photo_jpeg_with_metadata
from motcua.dossiers.models import Dossier, DossierDocument, DossierStatus, IdempotencyRecord
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
    assert listed["sha256"] == listed["original_sha256"] == hashlib.sha256(PDF).hexdigest()
    [document] = DossierDocument.objects.filter(dossier__code=response.json()["code"])
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == PDF


def test_a_photo_sent_with_gps_is_answered_with_both_hashes() -> None:
    world = build_world()
    client = client_for(world.receiver)
    photo = photo_jpeg_with_metadata()

    response = client.post(
        "/api/v1/dossiers/",
        {
            "payload": json.dumps(body(world, documents=[])),
            "giay_gioi_thieu": SimpleUploadedFile("anh.jpg", photo, "image/jpeg"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    [document] = response.json()["documents"]
    assert document["original_sha256"] == hashlib.sha256(photo).hexdigest()
    assert document["sha256"] != document["original_sha256"]
    assert document["size"] < len(photo)


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

    assert [row["status"] for row in mine["results"]] == ["received"]
    assert theirs == {"next": None, "results": []}
    assert len(by_procedure.json()["results"]) == 2


def test_list_pages_by_cursor_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    world = build_world()
    codes = [submit(world, at=AT + timedelta(minutes=m)).dossier.code for m in range(3)]
    client = client_for(world.specialist)

    monkeypatch.setattr(dossier_views, "LIST_PAGE_SIZE", 2)
    first = client.get("/api/v1/dossiers/", {"status": "received"}).json()
    second = client.get(first["next"]).json()

    assert [row["code"] for row in first["results"]] == codes[:0:-1]
    assert "status=received" in first["next"]
    assert [row["code"] for row in second["results"]] == codes[:1]
    assert second["next"] is None


def test_list_refuses_a_forged_cursor() -> None:
    world = build_world()

    response = client_for(world.specialist).get("/api/v1/dossiers/", {"cursor": "xyz"})

    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["cursor"]


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


def test_public_lookup_finds_a_code_typed_in_small_letters_with_spaces() -> None:
    dossier = submit(build_world()).dossier
    typed = f" {dossier.code.lower()} "
    assert typed.strip() != dossier.code

    response = APIClient().get(f"/api/v1/lookup/{typed}/")

    assert response.status_code == 200
    assert response.json()["code"] == dossier.code


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


def _citizen_body(world: World, **overrides: Any) -> dict[str, Any]:
    data = body(world, applicant={})
    del data["channel"], data["receiving_unit"], data["applicant"]
    data.update(overrides)
    return data


def test_a_citizen_cannot_file_in_someone_elses_name_nor_at_a_counter() -> None:
    # given citizen A logged in, naming B (unknown to motcua) as applicant, at a counter
    world = build_world()
    client = client_for(world.applicant_user)
    forged = body(world)

    response = client.post("/api/v1/dossiers/", forged, format="json")

    # then both lies are named and nothing is written: no dossier, no applicant for B
    assert response.status_code == 400, response.json()
    paths = {e["path"] for e in response.json()["errors"]}
    assert paths == {"channel", "applicant.personal_id"}
    assert not Dossier.objects.exists()
    assert not Applicant.objects.filter(personal_id="001090054321").exists()


def test_a_citizen_files_online_as_themself_whatever_the_client_omits() -> None:
    world = build_world()
    client = client_for(world.applicant_user)

    response = client.post("/api/v1/dossiers/", _citizen_body(world), format="json")

    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.channel == "online"
    assert dossier.applicant == world.applicant
    assert dossier.representative is None


def test_a_declared_representative_is_recorded_beside_the_applicant() -> None:
    world = build_world()
    client = client_for(world.applicant_user)
    represented = {"kind": "citizen", "name": "Lê Văn Cường", "personal_id": "001090054321"}

    missing_consent = client.post(
        "/api/v1/dossiers/",
        _citizen_body(world, applicant=represented, representation={"basis": "authorised"}),
        format="json",
    )
    response = client.post(
        "/api/v1/dossiers/",
        _citizen_body(
            world,
            applicant=represented,
            representation={
                "basis": "authorised",
                "authorisation_reference": "Giấy ủy quyền số 12/2026 ngày 01/03/2026",
            },
        ),
        format="json",
    )

    assert missing_consent.status_code == 400
    assert [e["path"] for e in missing_consent.json()["errors"]] == [
        "representation.authorisation_reference"
    ]
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.applicant.personal_id == "001090054321"
    assert dossier.representative == world.applicant
    assert dossier.representation_basis == "authorised"
    assert dossier.authorisation_reference.startswith("Giấy ủy quyền số 12/2026")
    assert dossier.channel == "online"


def test_only_a_one_stop_officer_of_the_unit_records_a_counter_reception() -> None:
    world = build_world()

    specialist = client_for(world.specialist).post("/api/v1/dossiers/", body(world), format="json")
    online = client_for(world.receiver).post(
        "/api/v1/dossiers/", body(world, channel="online"), format="json"
    )

    assert specialist.status_code == 400
    assert {e["path"] for e in specialist.json()["errors"]} == {"receiving_unit"}
    assert online.status_code == 400
    assert {e["path"] for e in online.json()["errors"]} == {"channel"}
    assert not Dossier.objects.exists()


def _raw(world: World, **overrides: Any) -> str:
    return json.dumps(body(world, **overrides))


BAD_SUBMISSIONS: list[tuple[str, Any, str]] = [
    # (what, body as a function of the world or raw text, the field the answer must name)
    ("NUL in a name", lambda w: _raw(w, applicant={"name": "A\u0000B"}), "applicant.name"),
    ("lone surrogate", lambda w: _raw(w).replace('"counter"', '"\\ud800"'), "channel"),
    ("U+FFFE", lambda w: _raw(w, form_data={"to_khai": {"full_name": "A\ufffe"}}), "form_data"),
    ("nested 1,000 deep", lambda w: "[" * 1000 + "]" * 1000, "body"),
    ("object nested 1,000 deep", lambda w: '{"a":' * 1000 + "1" + "}" * 1000, "body"),
    ("a list", lambda w: "[1, 2]", "body"),
    ("a string", lambda w: '"hồ sơ"', "body"),
    ("a number", lambda w: "5", "body"),
    ("not JSON", lambda w: "{procedure: 1", "body"),
    ("NaN", lambda w: _raw(w).replace('"counter"', "NaN"), "body"),
    ("unit abc", lambda w: _raw(w, receiving_unit="abc"), "receiving_unit"),
    ("unit [1]", lambda w: _raw(w, receiving_unit=[1]), "receiving_unit"),
    ("unit {}", lambda w: _raw(w, receiving_unit={}), "receiving_unit"),
    ("unit 1.5", lambda w: _raw(w, receiving_unit=1.5), "receiving_unit"),
    ("unit true", lambda w: _raw(w, receiving_unit=True), "receiving_unit"),
    (
        "unit 1e400",
        lambda w: _raw(w, receiving_unit=0).replace(": 0,", ": 1e400,"),
        "receiving_unit",
    ),
    ("unit 2**70", lambda w: _raw(w, receiving_unit=2**70), "receiving_unit"),
    ("documents 5", lambda w: _raw(w, documents=5), "documents"),
    ("documents [5]", lambda w: _raw(w, documents=[5]), "documents[0]"),
    ("form_data list", lambda w: _raw(w, form_data=[1]), "form_data"),
    ("applicant string", lambda w: _raw(w, applicant="An"), "applicant"),
    ("return_address 1", lambda w: _raw(w, return_address=1), "return_address"),
    (
        "birth 1995-02-30",
        lambda w: _raw(w, applicant={"name": "An", "birth_date": "1995-02-30"}),
        "applicant.birth_date",
    ),
    (
        "birth 2024-13-01",
        lambda w: _raw(w, applicant={"name": "An", "birth_date": "2024-13-01"}),
        "applicant.birth_date",
    ),
]


@pytest.mark.parametrize(
    ("make", "field"),
    [(make, field) for _w, make, field in BAD_SUBMISSIONS],
    ids=[w for w, *_ in BAD_SUBMISSIONS],
)
def test_bad_submission_answers_400_naming_the_field_and_writes_nothing(
    make: Any, field: str
) -> None:
    world = build_world()
    client = client_for(world.receiver)

    response = client.post(
        "/api/v1/dossiers/", make(world), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )

    assert response.status_code == 400, response.content
    answer = response.json()
    assert field in {e["path"] for e in answer["errors"]} or any(
        e["path"].startswith(field) for e in answer["errors"]
    ), answer
    assert all(e["message"] and e["message"].isascii() is False for e in answer["errors"])
    assert not Dossier.objects.exists()
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["k" * 256, "khóa", "k\x00", "k k"])
def test_idempotency_key_too_long_or_not_visible_ascii_is_refused_and_writes_nothing(
    key: str,
) -> None:
    world = build_world()

    response = client_for(world.receiver).post(
        "/api/v1/dossiers/", body(world), format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ("[1]", "body"),
        ('"complete_step"', "body"),
        ('{"action": "apology_approve", "new_due_on": "1995-02-30"}', "new_due_on"),
        ('{"action": "apology_approve", "new_due_on": "2024-13-01"}', "new_due_on"),
        ('{"action": "consult_request", "agencies": ["X"], "working_days": 1.5}', "working_days"),
    ],
)
def test_bad_action_body_answers_400_naming_the_field(payload: str, field: str) -> None:
    world = build_world()
    dossier = submit(world).dossier
    events = dossier.events.count()

    response = client_for(world.receiver).post(
        f"/api/v1/dossiers/{dossier.code}/actions/", payload, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert field in {e["path"] for e in response.json()["errors"]}
    assert dossier.events.count() == events


@pytest.mark.parametrize("due_before", ["1995-02-30", "2024-13-01", "hôm qua"])
def test_impossible_date_in_a_filter_names_the_filter(due_before: str) -> None:
    world = build_world()

    response = client_for(world.receiver).get("/api/v1/dossiers/", {"due_before": due_before})

    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["due_before"]
