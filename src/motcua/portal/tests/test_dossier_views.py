"""My dossiers, supplementing when asked, and the public lookup by code."""

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.models import ApplicantKind
from motcua.accounts.services import applicant_create
from motcua.accounts.tests.factories import UserFactory
from motcua.catalog.models import Component
from motcua.core.errors import FieldProblem
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierStatus
from motcua.dossiers.services import SubmitResult, dossier_transition
from motcua.dossiers.tests.factories import AT, JPEG, PDF, World
from motcua.dossiers.tests.factories import submit as counter_submit
from motcua.portal.dossier_views import SupplementForm
from motcua.portal.tests.citizen_data import citizen_client, good_form_data, online_world

pytestmark = pytest.mark.django_db


def submit(world: World, **overrides: Any) -> SubmitResult:
    return counter_submit(world, form_data=good_form_data(), **overrides)


def test_my_dossiers_lists_mine_newest_first() -> None:
    world = online_world()
    older = submit(world).dossier
    newer = submit(world, at=AT + timedelta(hours=1)).dossier

    body = citizen_client(world).get("/ho-so-cua-toi/").content.decode()

    assert body.index(newer.code) < body.index(older.code)
    assert "Đã tiếp nhận" in body


def test_another_citizens_dossier_is_not_found() -> None:
    # given a dossier of another citizen
    world = online_world()
    other_user = UserFactory.create(username="nguoikhac")
    other = applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Trần Thị Bình",
        personal_id="079195001234",
        birth_date=date(1995, 8, 12),
        user=other_user,
        at=AT,
        actor="test",
    )
    theirs = submit(world, applicant=other).dossier
    client = citizen_client(world)

    # then it is neither listed nor readable, nor can it be supplemented
    assert theirs.code not in client.get("/ho-so-cua-toi/").content.decode()
    assert client.get(f"/ho-so-cua-toi/{theirs.code}/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{theirs.code}/da-nop/").status_code == 404
    assert client.post(f"/ho-so-cua-toi/{theirs.code}/bo-sung/", {}).status_code == 404


def test_officer_without_applicant_row_is_asked_to_log_in_with_vneid() -> None:
    world = online_world()
    client = Client()
    client.force_login(world.receiver)

    response = client.get("/ho-so-cua-toi/")

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_dossier_page_shows_citizen_steps_and_documents() -> None:
    world = online_world()
    dossier = submit(world).dossier

    body = citizen_client(world).get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert "Tiếp nhận hồ sơ" in body
    assert "Ban Chỉ huy quân sự xã thử xem xét, giải quyết hồ sơ" in body
    assert "Thẩm định" not in body  # internal steps are grouped
    assert "Hồ sơ được tiếp nhận" in body
    assert "giay-gioi-thieu.pdf" in body


def test_citizen_supplements_when_asked() -> None:
    # given the specialist asked for a supplement
    world = online_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )
    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + timedelta(hours=2),
        reasons=["Thiếu bản sao giấy khai sinh"],
    )
    client = citizen_client(world)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Thiếu bản sao giấy khai sinh" in page
    assert 'name="ghi_chu"' in page

    # when the citizen answers
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"ghi_chu": "Đã gửi bản sao giấy khai sinh qua bưu điện", "phien_ban": dossier.version},
    )

    # then the dossier goes back to processing
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert "Bạn đã bổ sung hồ sơ" in client.get(response["Location"]).content.decode()


def test_empty_supplement_is_refused_with_the_field_named() -> None:
    world = online_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.receiver,
        at=AT + timedelta(hours=1),
        reasons=["Thiếu giấy tờ"],
    )

    response = citizen_client(world).post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"ghi_chu": "", "phien_ban": dossier.version}
    )

    assert response.status_code == 400
    assert "Vui lòng nhập nội dung bổ sung." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED


def asked_world() -> tuple[World, Dossier]:
    world = online_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.receiver,
        at=AT + timedelta(hours=1),
        reasons=["Giấy giới thiệu bị mờ"],
    )
    return world, dossier


def test_supplement_page_has_a_file_input_per_document_component() -> None:
    world, dossier = asked_world()

    page = citizen_client(world).get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert 'enctype="multipart/form-data"' in page
    assert 'name="d__giay_gioi_thieu"' in page
    assert "Giấy giới thiệu di chuyển" in page
    assert 'name="ghi_chu"' in page


def test_citizen_supplements_a_document() -> None:
    world, dossier = asked_world()
    upload = SimpleUploadedFile("ban-ro.pdf", PDF + b"% ro\n", content_type="application/pdf")

    response = citizen_client(world).post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            "ghi_chu": "Gửi lại bản rõ",
            "phien_ban": dossier.version,
            "d__giay_gioi_thieu": upload,
        },
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED  # back at the step it was asked at
    added = DossierDocument.objects.get(dossier=dossier, original_name="ban-ro.pdf")
    assert added.sha256 == hashlib.sha256(PDF + b"% ro\n").hexdigest()
    event = DossierEvent.objects.filter(dossier=dossier, action="supplement").get()
    assert "ban-ro.pdf" in event.note


def test_bad_supplement_file_is_named_next_to_its_field_and_nothing_stored() -> None:
    world, dossier = asked_world()
    before = DossierDocument.objects.count()
    upload = SimpleUploadedFile("anh.pdf", JPEG, content_type="application/pdf")

    response = citizen_client(world).post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"ghi_chu": "Gửi lại", "phien_ban": dossier.version, "d__giay_gioi_thieu": upload},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Nội dung tệp anh.pdf không đúng loại tệp như tên tệp." in body
    assert 'href="#id_d__giay_gioi_thieu"' in body  # the error summary links to the field
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert DossierDocument.objects.count() == before


def test_service_problems_are_put_on_the_file_field() -> None:
    world, _dossier = asked_world()
    form = SupplementForm(
        {"ghi_chu": "Gửi lại"}, components=list(Component.objects.filter(version=world.version))
    )
    assert form.is_valid()

    form.put_problems(
        [
            FieldProblem("documents[0].content", "Tệp hỏng."),
            FieldProblem("version", "Khác."),
        ],
        ["giay_gioi_thieu"],
    )

    assert form.errors == {"d__giay_gioi_thieu": ["Tệp hỏng."], "__all__": ["Khác."]}


def test_lookup_form_goes_to_the_code_page(client: Client) -> None:
    world = online_world()
    dossier = submit(world).dossier

    response = client.get("/tra-cuu/", {"ma": f" {dossier.code} "})

    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"


def test_lookup_finds_a_code_typed_in_small_letters(client: Client) -> None:
    dossier = submit(online_world()).dossier
    typed = dossier.code.lower()  # 000.00.01.h26-260302-0001, as typed on a phone
    assert typed != dossier.code

    form = client.get("/tra-cuu/", {"ma": f" {typed} "})
    page = client.get(f"/tra-cuu/{typed}/")

    assert form.status_code == 302
    assert form["Location"] == f"/tra-cuu/{dossier.code}/"
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    assert "Đã tiếp nhận" in page.content.decode()


def test_lookup_shows_status_and_no_personal_data(client: Client) -> None:
    world = online_world()
    dossier = submit(world).dossier

    response = client.get(f"/tra-cuu/{dossier.code}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Đã tiếp nhận" in body
    assert "Bộ phận Một cửa xã thử" in body
    for personal in ["Nguyễn Văn An", "001090012345", "0912345678", "Số 1 phố Thử"]:
        assert personal not in body


def test_lookup_of_unknown_code_is_404_with_a_message(client: Client) -> None:
    response = client.get("/tra-cuu/KHONG-CO-123/")

    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã KHONG-CO-123" in response.content.decode()


def test_empty_lookup_names_the_field(client: Client) -> None:
    response = client.get("/tra-cuu/", {"ma": ""})

    assert response.status_code == 400
    assert "Vui lòng nhập mã hồ sơ." in response.content.decode()


@pytest.mark.parametrize("code", ["a/b", "000.00.01.H26-260302-0001/../x", "/", "mã hồ sơ"])
def test_lookup_of_a_code_with_a_slash_or_space_names_the_field(client: Client, code: str) -> None:
    response = client.get("/tra-cuu/", {"ma": code})

    assert response.status_code == 400
    assert "Mã hồ sơ chỉ gồm chữ cái, chữ số, dấu chấm và dấu gạch ngang." in (
        response.content.decode()
    )


def test_citizen_downloads_the_slips_the_dossier_carries() -> None:
    # given a dossier for which a supplement was asked
    world = online_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )
    dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + timedelta(hours=2),
        reasons=["Thiếu bản sao giấy khai sinh"],
    )
    client = citizen_client(world)

    # when the citizen opens it
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    # then the receipt, the supplement request and the control slip are offered, nothing else
    for form in ("01", "02", "06"):
        assert f"/api/v1/dossiers/{dossier.code}/slips/{form}/" in page
    for form in ("03", "04", "05"):
        assert f"/slips/{form}/" not in page
    receipt = client.get(f"/api/v1/dossiers/{dossier.code}/slips/01/")
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")
