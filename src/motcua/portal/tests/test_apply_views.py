"""Nộp hồ sơ trực tuyến: the generated form, check your answers, submission, idempotency."""

import re

import pytest
from django.test import Client

from motcua.accounts.models import AgencyKind
from motcua.accounts.tests.factories import AgencyFactory, CommuneFactory
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.routing import online_receiving_unit
from motcua.portal.tests.citizen_data import (
    citizen_client,
    good_answers,
    online_world,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

URL = "/thu-tuc/1.001748/nop-ho-so/"
CHECK = "/thu-tuc/1.001748/nop-ho-so/kiem-tra/"


def _key(body: str) -> str:
    match = re.search(r'name="khoa" value="([0-9a-f]{32})"', body)
    assert match is not None
    return match.group(1)


def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    online_world()

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_procedure_without_online_service_is_not_found() -> None:
    world = online_world(online_level="none")

    response = citizen_client(world).get(URL)

    assert response.status_code == 404


def test_form_is_generated_from_the_schema_and_prefilled_from_the_identity() -> None:
    world = online_world()

    body = citizen_client(world).get(URL).content.decode()

    assert 'name="f__to_khai__full_name"' in body
    assert 'value="Nguyễn Văn An"' in body
    assert 'value="001090012345"' in body
    assert 'type="date"' in body
    assert 'value="1990-05-01"' in body
    assert 'type="number"' in body
    assert "Đo không đi giày" in body
    assert '<option value="Đại học">Đại học</option>' in body
    assert "Tình nguyện nhập ngũ (không bắt buộc)" in body
    assert 'type="file" name="d__giay_gioi_thieu"' in body
    assert f'value="{world.commune.code}"' in body
    assert 'autocomplete="bday"' in body


def test_procedure_page_offers_online_filing_only_when_the_procedure_has_it(
    client: Client,
) -> None:
    online_world()

    body = client.get("/thu-tuc/1.001748/").content.decode()

    assert f'href="{URL}"' in body
    assert "Nộp hồ sơ trực tuyến" in body


def test_procedure_page_without_online_filing_has_no_apply_button(client: Client) -> None:
    online_world(online_level="none", channels=["direct"])

    body = client.get("/thu-tuc/1.001748/").content.decode()

    assert URL not in body


def test_happy_path_check_answers_then_submit() -> None:
    # given a citizen filling the form with a PDF
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    # when they continue, check their answers and send
    step = client.post(URL, {**good_answers(world, key), "d__giay_gioi_thieu": pdf_upload()})
    assert step.status_code == 302
    assert step["Location"] == f"{CHECK}?khoa={key}"
    check = client.get(step["Location"]).content.decode()
    assert "Kiểm tra thông tin trước khi gửi hồ sơ" in check
    assert "172" in check
    assert "01/05/1990" in check
    assert "giay-gioi-thieu.pdf" in check
    assert not Dossier.objects.exists()
    sent = client.post(CHECK, {"khoa": key})

    # then one online dossier exists and the confirmation shows its code and due date
    dossier = Dossier.objects.get()
    assert sent["Location"] == f"/ho-so-cua-toi/{dossier.code}/da-nop/"
    assert dossier.channel == "online"
    assert dossier.applicant == world.applicant
    assert dossier.form_data["to_khai"]["height_cm"] == 172
    assert dossier.form_data["to_khai"]["volunteer"] is True
    assert DossierDocument.objects.get().original_name == "giay-gioi-thieu.pdf"
    done = client.get(sent["Location"]).content.decode()
    assert dossier.code in done
    assert "Ngày hẹn trả kết quả" in done


def test_every_error_at_once_and_the_answers_are_kept() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    response = client.post(
        URL,
        {
            "khoa": key,
            "f__to_khai__full_name": "Nguyễn Văn An",
            "f__to_khai__personal_id": "12ab",
            "f__to_khai__birth_date": "31/02/1990",
            "f__to_khai__height_cm": "cao",
            "f__to_khai__education": "Tiến sĩ",
            "d__giay_gioi_thieu": pdf_upload("giay.txt"),
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Có lỗi cần sửa" in body
    for message in [
        "Số định danh cá nhân không đúng định dạng.",
        "Ngày sinh phải là một ngày có thật",
        "Chiều cao (cm) phải là số nguyên.",
        "Vui lòng chọn trình độ học vấn trong danh sách.",
        "chỉ nhận tệp PDF, JPEG hoặc PNG",
        "Vui lòng chọn phường, xã nơi có cơ quan giải quyết.",
    ]:
        assert message in body
    assert 'value="Nguyễn Văn An"' in body
    assert 'value="12ab"' in body
    assert not Dossier.objects.exists()


def test_missing_required_file_is_named() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    response = client.post(URL, good_answers(world, key))

    assert response.status_code == 400
    assert "Vui lòng tải lên giấy giới thiệu di chuyển." in response.content.decode()


def test_double_submit_creates_one_dossier() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())
    client.post(URL, {**good_answers(world, key), "d__giay_gioi_thieu": pdf_upload()})

    first = client.post(CHECK, {"khoa": key})
    second = client.post(CHECK, {"khoa": key})

    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_problem_found_at_submission_is_shown_on_its_field() -> None:
    # given a commune whose only agency cannot handle the procedure
    world = online_world()
    elsewhere = CommuneFactory.create(name="Xã Không Có Cơ Quan")
    AgencyFactory.create(administrative_unit=elsewhere, kind=AgencyKind.COMMUNE_POLICE)
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())
    answers = {**good_answers(world, key), "don_vi_hanh_chinh": elsewhere.code}
    client.post(URL, {**answers, "d__giay_gioi_thieu": pdf_upload()})

    # when they send
    response = client.post(CHECK, {"khoa": key})

    # then the form comes back with the routing problem next to the commune, files kept
    assert response.status_code == 400
    body = response.content.decode()
    assert "Không xác định được cơ quan có thẩm quyền" in body
    assert "Đã tải lên: giay-gioi-thieu.pdf" in body
    assert not Dossier.objects.exists()


def test_check_page_without_a_draft_goes_back_to_the_form() -> None:
    world = online_world()

    response = citizen_client(world).get(f"{CHECK}?khoa={'0' * 32}")

    assert response.status_code == 302
    assert response["Location"] == URL


def test_the_portal_records_an_online_dossier_of_the_signed_in_citizen_whatever_is_posted() -> None:
    # The channel and the applicant are facts of the session, not fields of the form.
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())
    forged = {"channel": "counter", "receiving_unit": "1", "personal_id": "001090054321"}
    client.post(URL, {**good_answers(world, key), **forged, "d__giay_gioi_thieu": pdf_upload()})

    client.post(CHECK, {"khoa": key, **forged})

    dossier = Dossier.objects.get()
    assert dossier.channel == "online"
    assert dossier.applicant == world.applicant
    # Routing, not the form, chooses who receives an online dossier.
    assert dossier.receiving_unit == online_receiving_unit(
        competent=dossier.competent_agency, on=dossier.received_at.date()
    )
    assert dossier.representative is None


def test_the_copies_asked_for_give_the_amount_shown_before_sending_and_stored() -> None:
    fees = [
        {"kind": "fee", "name": "Phí cấp Phiếu", "amount": 200_000},
        {
            "kind": "fee",
            "name": "Phiếu thứ 3 trở đi",
            "amount": 5_000,
            "basis": "per_item",
            "item_input": "copies",
            "from_item": 3,
            "unit_name": "Phiếu",
        },
    ]
    world = online_world(fees=fees)
    client = citizen_client(world)
    form = client.get(URL).content.decode()
    key = _key(form)
    assert 'name="so_ban"' in form

    bad = client.post(
        URL, {**good_answers(world, key), "so_ban": "hai", "d__giay_gioi_thieu": pdf_upload()}
    )
    assert "Số bản là một số nguyên, ví dụ 2." in bad.content.decode()
    step = client.post(
        URL, {**good_answers(world, key), "so_ban": "4", "d__giay_gioi_thieu": pdf_upload()}
    )
    check = client.get(step["Location"]).content.decode()
    client.post(CHECK, {"khoa": key})

    assert 'data-fee-channel="online" data-fee-amount="210000">210.000 đồng<' in check
    assert "Phiếu thứ 3 trở đi: 10.000 đồng (2 × 5.000 đồng)" in check
    dossier = Dossier.objects.get()
    assert dossier.fee_amount == 210_000
    assert dossier.fee_basis["inputs"]["copies"] == 4


def test_a_procedure_whose_fee_counts_nothing_asks_nothing() -> None:
    world = online_world()

    form = citizen_client(world).get(URL).content.decode()

    assert 'data-testid="fee-inputs"' not in form


def test_a_commune_with_no_agency_at_all_is_not_offered() -> None:
    # given a commune outside what the catalogue serves (no agency there)
    world = online_world()
    elsewhere = CommuneFactory.create(name="Xã Ngoài Vùng Phục Vụ")
    client = citizen_client(world)
    body = client.get(URL).content.decode()
    key = _key(body)

    # then the picker does not list it, and a forged choice is refused on the form itself
    assert "Xã Ngoài Vùng Phục Vụ" not in body.split('name="xa_nhan"')[0]
    answers = {**good_answers(world, key), "don_vi_hanh_chinh": elsewhere.code}
    response = client.post(URL, {**answers, "d__giay_gioi_thieu": pdf_upload()})
    assert response.status_code == 400
    assert "Vui lòng chọn phường, xã trong danh sách." in response.content.decode()
