"""The digitization pages: who may use them, refused scans, another agency's documents, and OCR
read by the worker after the officer's answer."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import (
    AgencyFactory,
    OneStopUnitFactory,
    RoleAssignmentFactory,
)
from motcua.core.models import AuditEntry
from motcua.core.outbox import outbox_run_due
from motcua.documents.models import OcrStatus, StoredDocument
from motcua.documents.tests.factories import StoredDocumentFactory
from motcua.documents.tests.samples import photo_jpeg_with_metadata, text_image
from motcua_dev.testing.processes import require_tools

pytestmark = pytest.mark.django_db


def _one_stop_officer() -> User:
    unit = OneStopUnitFactory.create()
    return RoleAssignmentFactory.create(
        agency=unit.agency, role=Role.ONE_STOP_OFFICER, one_stop_unit=unit
    ).user


def test_only_a_one_stop_officer_digitizes(client: Client) -> None:
    client.force_login(RoleAssignmentFactory.create(role=Role.SPECIALIST).user)

    assert client.get("/can-bo/so-hoa/").status_code == 403


def test_a_refused_scan_is_explained_next_to_the_file_and_not_kept(client: Client) -> None:
    client.force_login(_one_stop_officer())

    response = client.post(
        "/can-bo/so-hoa/",
        {
            "document_type": "Giấy khai sinh",
            "file": SimpleUploadedFile("khai-sinh.pdf", b"MZ\x90\x00" + b"\x00" * 64),
        },
    )

    assert response.status_code == 400
    assert "không phải là tệp PDF" in response.content.decode()
    assert not StoredDocument.objects.exists()


def test_an_unknown_dossier_code_is_refused(client: Client) -> None:
    client.force_login(_one_stop_officer())

    response = client.post(
        "/can-bo/so-hoa/",
        {
            "reference": "000.00.99.H26-260302-0001",
            "document_type": "Giấy khai sinh",
            "file": SimpleUploadedFile("a.png", b"x"),
        },
    )

    assert response.status_code == 400
    assert "Không tìm thấy hồ sơ có mã này" in response.content.decode()


def test_another_agencys_document_answers_404_and_the_denial_is_audited(client: Client) -> None:
    document = StoredDocumentFactory.create(agency=AgencyFactory.create())
    client.force_login(_one_stop_officer())

    assert client.get(f"/can-bo/so-hoa/{document.pk}/").status_code == 404
    assert client.get(f"/can-bo/so-hoa/{document.pk}/tep/").status_code == 404
    assert AuditEntry.objects.filter(action="document.read_denied").count() == 2


def test_search_and_rate_pages_answer(client: Client) -> None:
    officer = _one_stop_officer()
    agency = officer.role_assignments.get().agency
    StoredDocumentFactory.create(agency=agency, search_text="giay khai sinh pham thi mai")
    client.force_login(officer)

    found = client.get("/can-bo/so-hoa/tim-kiem/", {"q": "Phạm Thị"})
    rate = client.get("/can-bo/so-hoa/ty-le/")

    assert "Tìm thấy 1 giấy tờ." in found.content.decode()
    assert rate.status_code == 200


def test_the_counter_gets_its_answer_before_ocr_and_sees_the_text_once_the_worker_read_it(
    client: Client,
) -> None:
    require_tools("tesseract", "pdftoppm", packages="tesseract-ocr, poppler-utils")
    client.force_login(_one_stop_officer())
    scan = text_image(["Giấy khai sinh", "Họ và tên: Phạm Thị Mai"])

    response = client.post(
        "/can-bo/so-hoa/",
        {"document_type": "Giấy khai sinh", "file": SimpleUploadedFile("ks.png", scan)},
    )

    document = StoredDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/so-hoa/{document.pk}/"
    assert document.ocr_status == OcrStatus.PENDING
    assert document.ocr_text == ""
    pending = client.get(response["Location"]).content.decode()
    assert "Đang xử lý: máy chủ đang nhận dạng văn bản" in pending
    assert "Phạm Thị Mai" not in pending

    outbox_run_due(now=timezone.now() + timedelta(minutes=1))

    ready = client.get(response["Location"]).content.decode()
    assert "Đang xử lý" not in ready
    assert "Phạm Thị Mai" in ready
    assert f"/can-bo/so-hoa/{document.pk}/tep/" in ready


def test_a_scan_sent_with_gps_shows_both_hashes(client: Client) -> None:
    client.force_login(_one_stop_officer())
    sent = photo_jpeg_with_metadata()

    response = client.post(
        "/can-bo/so-hoa/",
        {"document_type": "Ảnh chân dung", "file": SimpleUploadedFile("anh.jpg", sent)},
    )

    document = StoredDocument.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert document.original_sha256 == hashlib.sha256(sent).hexdigest() != document.sha256
    assert f"<code>{document.original_sha256}</code>" in page
    assert f"<code>{document.sha256}</code>" in page
