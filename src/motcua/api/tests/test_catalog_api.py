import json
from pathlib import Path

import pytest
import yaml
from django.test import Client

from motcua.api.tests.catalog_data import FORM_SCHEMA, publish_military_first_registration
from motcua.catalog.importing import catalog_import
from motcua.catalog.tests.factories import ACTOR, AT

pytestmark = pytest.mark.django_db


def test_list_finds_procedures_without_diacritics(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/api/v1/procedures/", {"q": "dang ky nghia vu"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item["code"] == "1.001821"
    assert item["name"] == "Đăng ký nghĩa vụ quân sự lần đầu"
    assert item["field"] == {"code": "MX1X2-LV", "name": "Nghĩa vụ quân sự"}
    assert item["levels"] == ["commune"]
    assert item["processing_time"] == {
        "value": 1,
        "unit": "working_days",
        "hours": 8,
        "text": "",
        "terms": [],
    }


def test_list_filters(client: Client) -> None:
    publish_military_first_registration()

    def count(**params: str) -> int:
        return int(client.get("/api/v1/procedures/", params).json()["count"])

    assert count(field="MX1X2-LV") == 1
    assert count(field="TP-HT") == 0
    assert count(level="commune") == 1
    assert count(level="province") == 0
    assert count(agency_kind="commune_military") == 1
    assert count(agency_kind="commune_pc") == 0


def test_list_refuses_an_unknown_level_naming_the_parameter(client: Client) -> None:
    response = client.get("/api/v1/procedures/", {"level": "county"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["errors"][0]["path"] == "level"


def test_detail_has_components_with_schemas_fees_steps_and_legal_basis(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/api/v1/procedures/1.001821/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.001821"
    assert body["components"][0]["schema"] == FORM_SCHEMA
    assert body["fees"][0]["amount"] == 0
    assert body["fee_by_channel"] == [
        {
            "channel": "direct",
            "amount": 0,
            "known": True,
            "text": "Miễn phí (0 đồng)",
            "explanation": "Lệ phí: 0 đồng",
        }
    ]
    assert body["steps"][0] == {
        "order": 1,
        "name": "Tiếp nhận hồ sơ",
        "role": "one_stop_officer",
        "unit_description": "",
        "minutes": 60,
        "citizen_facing": False,
    }
    assert body["legal_basis"][0]["number"] == "78/2015/QH13"
    assert body["channels"] == ["direct"]


def test_detail_of_an_unknown_code_is_a_404_in_vietnamese(client: Client) -> None:
    response = client.get("/api/v1/procedures/9.999999/")

    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "Không tìm thấy thủ tục có mã 9.999999" in body["message"]


def test_openapi_schema_lists_the_catalogue_paths() -> None:
    client = Client()

    as_yaml = client.get("/api/v1/schema/")
    as_json = client.get("/api/v1/schema/", {"format": "json"})

    assert as_yaml.status_code == 200
    assert as_json.status_code == 200
    document = yaml.safe_load(as_yaml.content)
    assert document["openapi"].startswith("3.")
    assert "/api/v1/procedures/" in document["paths"]
    assert "/api/v1/procedures/{code}/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/procedures/"]["get"]["parameters"]}
    assert {"q", "field", "level", "agency_kind", "page"} <= parameters
    assert json.loads(as_json.content)["paths"].keys() == document["paths"].keys()


def test_a_search_of_thousands_of_words_answers(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/api/v1/procedures/", {"q": "dang ky " * 2000})

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_detail_of_a_published_record_shows_what_the_source_says(client: Client) -> None:
    data_file = Path(__file__).resolve().parents[2] / "catalog/data/published/procedures.json"
    data = json.loads(data_file.read_text(encoding="utf-8"))
    for item in data["procedures"]:
        item["versions"][0]["valid_from"] = "2020-01-01"
    catalog_import(data=data, at=AT, actor=ACTOR)

    response = client.get("/api/v1/procedures/1.009319.000.00.00.H41/")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.009319.H41"
    assert body["aliases"] == ["1.009319.000.00.00.H41"]
    assert body["source_url"].startswith("https://")
    # an old number finds its record; its time reads as published, with no number guessed
    legacy = client.get("/api/v1/procedures/T-THA-288411-TT/").json()
    assert legacy["name"] == "Đăng ký khai tử"
    split = client.get("/api/v1/procedures/1.001193/").json()
    assert split["processing_time"]["text"] == "1 ngày"
    assert (split["processing_time"]["value"], split["processing_time"]["unit"]) == (
        1,
        "calendar_days",
    )
    assert split["processing_time"]["hours"] is None
