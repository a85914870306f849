from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo

pytestmark = pytest.mark.django_db

MILITARY_FIRST = "1.001821"
JUDICIAL_RECORD = "2.001417"


@pytest.fixture
def demo() -> None:
    at = timezone.now() - timedelta(days=1)
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)


def test_the_competent_agency_of_the_place_picked_without_logging_in(
    demo: None, client: Client
) -> None:
    answer = client.get(f"/thu-tuc/{MILITARY_FIRST}/noi-giai-quyet/", {"noi": "00004"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["agency"] == "Ban Chỉ huy quân sự Phường Ba Đình"
    assert "Cơ quan giải quyết: <strong>Ban Chỉ huy quân sự Phường Ba Đình</strong>" in body["html"]


def test_in_english_the_notice_is_in_english(demo: None, client: Client) -> None:
    body = client.get(f"/en/thu-tuc/{JUDICIAL_RECORD}/noi-giai-quyet/", {"noi": "01"}).json()
    assert body["agency"] == "Sở Tư pháp Thành phố Hà Nội"
    assert "Handling agency: <strong>Sở Tư pháp Thành phố Hà Nội</strong>" in body["html"]


def test_a_place_not_served_clears_the_notice_and_an_unknown_procedure_is_not_found(
    demo: None, client: Client
) -> None:
    body = client.get(f"/thu-tuc/{MILITARY_FIRST}/noi-giai-quyet/", {"noi": "99999"}).json()
    assert body == {"agency": "", "receiving_unit": "", "html": "\n"}
    assert client.get("/thu-tuc/9.999999/noi-giai-quyet/", {"noi": "00004"}).status_code == 404
