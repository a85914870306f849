"""Pages of real published procedures: what the source says, in both languages."""

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client

from motcua.catalog.importing import catalog_import
from motcua.catalog.tests.factories import ACTOR, AT

DATA = Path(__file__).resolve().parents[2] / "catalog" / "data" / "published" / "procedures.json"
FIRST_TIME = "ybi:nvqs-lan-dau"


@pytest.fixture
def published(settings: object) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for item in data["procedures"]:
        if item.get("aliases") == [FIRST_TIME]:
            item["versions"][0]["name_en"] = "First military service registration"
        item["versions"][0]["valid_from"] = "2020-01-01"
    catalog_import(data=data, at=AT, actor=ACTOR)


@pytest.mark.django_db
def test_the_page_shows_the_published_time_agency_and_source(
    client: Client, published: None
) -> None:
    response = client.get("/thu-tuc/1.009319.000.00.00.H41/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở Nội vụ" in body or "Ủy ban nhân dân" in body
    assert "https://" in body


@pytest.mark.django_db
def test_english_pages_show_english_names_and_mark_vietnamese(
    client: Client, published: None
) -> None:
    page = client.get(f"/en/thu-tuc/{quote(FIRST_TIME)}/").content.decode()
    assert "<h1>First military service registration</h1>" in page
    assert '<p lang="vi">Đăng ký nghĩa vụ quân sự (NVQS) lần đầu</p>' in page

    other = client.get("/en/thu-tuc/1.001193/").content.decode()
    assert '<h1 lang="vi">Thủ tục đăng ký khai sinh</h1>' in other

    found = client.get("/en/thu-tuc/", {"q": "military"}).content.decode()
    assert "Đăng ký nghĩa vụ quân sự (NVQS) lần đầu" in found


@pytest.mark.django_db
def test_search_ranks_the_first_time_registration_first(client: Client, published: None) -> None:
    body = client.get("/thu-tuc/", {"q": "đăng ký nghĩa vụ quân sự"}).content.decode()

    first = body.index("Đăng ký nghĩa vụ quân sự (NVQS) lần đầu")
    assert first < body.index("Đăng ký nghĩa vụ quân sự chuyển đi")
    assert first < body.index("Thủ tục đăng ký nghĩa vụ quân sự tạm vắng")
