from datetime import date
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import AgencyKind
from motcua.catalog.services import local_fee_policy_set
from motcua.catalog.tests.factories import ACTOR, AT
from motcua.portal.tests.catalog_data import (
    JUSTICE,
    publish,
    publish_military_first_registration,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_search_box_and_fields(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Bỏ qua đến nội dung chính" in body
    assert 'type="search"' in body
    assert "?field=MX1X2-LV" in body


def test_search_without_diacritics_finds_the_procedure(client: Client) -> None:
    publish_military_first_registration()
    publish(
        code="1.000001",
        name="Đăng ký khai sinh",
        field=JUSTICE,
        agency_kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
    )

    response = client.get("/thu-tuc/", {"q": "dang ky nghia vu"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng ký nghĩa vụ quân sự lần đầu" in body
    assert "/thu-tuc/1.001821/" in body
    assert "Đăng ký khai sinh" not in body
    assert "Tìm thấy 1 thủ tục." in body


def test_search_filters_by_field_level_and_agency_kind(client: Client) -> None:
    publish_military_first_registration()
    publish(
        code="1.000001",
        name="Đăng ký khai sinh",
        field=JUSTICE,
        levels=("commune", "province"),
        agency_kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
    )

    by_field = client.get("/thu-tuc/", {"field": "TP-HT"}).content.decode()
    by_level = client.get("/thu-tuc/", {"level": "province"}).content.decode()
    by_kind = client.get("/thu-tuc/", {"agency_kind": "commune_military"}).content.decode()

    assert "Đăng ký khai sinh" in by_field
    assert "Đăng ký nghĩa vụ quân sự lần đầu" not in by_field
    assert "Đăng ký khai sinh" in by_level
    assert "Đăng ký nghĩa vụ quân sự lần đầu" not in by_level
    assert "Đăng ký nghĩa vụ quân sự lần đầu" in by_kind
    assert "Đăng ký khai sinh" not in by_kind


def test_an_unknown_filter_is_reported_next_to_its_field(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/thu-tuc/", {"level": "county"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'href="#id_level"' in body
    assert 'id="id_level-error"' in body
    # the list falls back to every procedure
    assert "Đăng ký nghĩa vụ quân sự lần đầu" in body


def test_search_paginates_and_keeps_the_filters(client: Client, settings: object) -> None:
    setattr(settings, "MOTCUA_PUBLIC_PAGE_SIZE", 2)  # noqa: B010
    for number in range(5):
        publish(code=f"1.00010{number}", name=f"Đăng ký thủ tục mẫu {number}")

    first = client.get("/thu-tuc/", {"q": "dang ky"}).content.decode()
    last = client.get("/thu-tuc/", {"q": "dang ky", "page": "3"}).content.decode()

    assert "Đăng ký thủ tục mẫu 0" in first
    assert "Đăng ký thủ tục mẫu 2" not in first
    assert "?q=dang+ky&amp;page=2" in first
    assert 'rel="next"' in first
    assert "Đăng ký thủ tục mẫu 4" in last
    assert 'rel="next"' not in last


def test_a_search_page_reads_its_results_fees_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    """Each result shows its fee per channel: the page reads the rules of all its results at
    once, never one query per result."""
    client.get("/thu-tuc/", {"q": "dang ky"})
    for number in range(12):
        publish(code=f"1.0002{number:02d}", name=f"Đăng ký thủ tục mẫu {number}")

    with django_assert_max_num_queries(6):
        page = client.get("/thu-tuc/", {"q": "dang ky"}).content.decode()

    assert page.count('data-testid="result-fee"') == 12


def test_procedure_page_shows_what_a_citizen_needs(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/thu-tuc/1.001821/")

    assert response.status_code == 200
    body = response.content.decode()
    for expected in [
        "Đăng ký nghĩa vụ quân sự lần đầu",
        "1.001821",
        "Nghĩa vụ quân sự",
        "Cấp Xã",
        "Ban Chỉ huy quân sự cấp xã",
        "1 ngày làm việc",
        "Miễn phí (0 đồng)",
        "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
        "Không cần nộp: cơ quan nhà nước đã có dữ liệu",
        "Cơ sở dữ liệu quốc gia về dân cư",
        "Tiếp nhận hồ sơ",
        "1 giờ làm việc",
        "4 giờ làm việc",
        "78/2015/QH13",
        "Giấy chứng nhận đăng ký nghĩa vụ quân sự",
        "Trực tuyến",
        "6184/QĐ-BQP",
    ]:
        assert expected in body, expected


def test_procedure_page_formats_a_fee_in_dong(client: Client) -> None:
    publish(
        code="1.000002",
        name="Cấp bản sao trích lục hộ tịch",
        field=JUSTICE,
        fees=({"kind": "fee", "name": "Phí cấp bản sao", "amount": 200000, "basis": "fixed"},),
    )

    body = client.get("/thu-tuc/1.000002/").content.decode()

    assert "200.000 đồng" in body
    assert "Miễn phí" not in body


def test_a_procedure_without_fee_rules_is_unknown_with_its_legal_basis_not_free(
    client: Client,
) -> None:
    publish(
        code="1.000003",
        name="Thủ tục chưa công bố phí",
        legal_basis=[{"number": "78/2015/QH13", "title": "Luật Nghĩa vụ quân sự"}],
    )

    body = client.get("/thu-tuc/1.000003/").content.decode()
    results = client.get("/thu-tuc/", {"q": "1.000003"}).content.decode()

    unknown = "Chưa xác định mức thu: theo quy định tại 78/2015/QH13 Luật Nghĩa vụ quân sự"
    assert unknown in body
    assert unknown in results
    assert "Miễn phí" not in body
    assert "Miễn phí" not in results


def test_the_page_shows_each_channel_rule_wording_and_the_local_decisions(client: Client) -> None:
    version = publish(
        code="1.000004",
        name="Đăng ký thường trú",
        channels=["direct", "online"],
        fees=(
            {
                "kind": "charge",
                "name": "Lệ phí đăng ký thường trú",
                "amount": 20_000,
                "channel_amounts": {"online": 10_000},
                "wording": "20.000 đồng/lần; trực tuyến 10.000 đồng/lần",
            },
            {
                "kind": "charge",
                "name": "Lệ phí quá hạn",
                "amount": 8_000,
                "condition": "late",
            },
        ),
    )
    local_fee_policy_set(
        administrative_unit_code="01",
        procedure=version.procedure,
        amount=0,
        decision_number="01/2026/QĐ-UBND",
        valid_from=date(2026, 1, 1),
        channel="online",
        at=AT,
        actor=ACTOR,
    )

    body = client.get("/thu-tuc/1.000004/").content.decode()
    results = client.get("/thu-tuc/", {"q": "1.000004"}).content.decode()

    assert "Trực tiếp: 20.000 đồng; Trực tuyến: 10.000 đồng" in body
    assert "Trực tiếp: 20.000 đồng; Trực tuyến: 10.000 đồng" in results
    assert "20.000 đồng; Trực tuyến: 10.000 đồng</td>" in body
    assert "20.000 đồng/lần; trực tuyến 10.000 đồng/lần" in body
    assert "Chỉ khi đăng ký quá hạn" in body
    assert (
        "0 đồng (Quyết định số 01/2026/QĐ-UBND của UBND 01, hiệu lực từ 01/01/2026) khi nộp theo cách thức: Trực tuyến"
        in body
    )


def test_unknown_procedure_is_the_designed_404_in_vietnamese(client: Client) -> None:
    response = client.get("/thu-tuc/9.999999/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "Bỏ qua đến nội dung chính" in body


def test_english_pages_live_under_en(client: Client) -> None:
    publish_military_first_registration()

    response = client.get("/en/thu-tuc/1.001821/")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    # needs the compiled catalogue (``make messages``)
    assert "Skip to main content" in body
    assert "Processing time" in body
    assert "1 working day" in body


def test_a_per_item_fee_on_en_marks_the_catalogues_unit_as_vietnamese(client: Client) -> None:
    publish(
        code="1.000005",
        name="Cấp Phiếu lý lịch tư pháp",
        field=JUSTICE,
        fees=(
            {
                "kind": "fee",
                "name": "Phiếu thứ 3 trở đi",
                "amount": 5_000,
                "basis": "per_item",
                "item_input": "copies",
                "from_item": 3,
                "unit_name": "Phiếu",
            },
        ),
    )

    english = client.get("/en/thu-tuc/1.000005/").content.decode()
    vietnamese = client.get("/thu-tuc/1.000005/").content.decode()

    assert (
        '5,000 dong / <span lang="vi">Phiếu</span> (from <span lang="vi">Phiếu</span> number 3 on)'
        in english
    )
    assert "5.000 đồng / Phiếu (từ Phiếu thứ 3 trở đi)</td>" in vietnamese


def test_switching_language_redirects_to_the_same_page_in_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/thu-tuc/?q=a"})

    assert response.status_code == 302
    assert response["Location"] == "/en/thu-tuc/?q=a"
