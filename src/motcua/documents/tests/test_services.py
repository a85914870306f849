"""Digitizing paper at the counter with the real Tesseract and poppler, then finding and confirming."""

import hashlib
import io
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from prometheus_client import REGISTRY

from motcua.accounts.actors import system_actor
from motcua.accounts.models import Agency, Role, User
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry, OutboxMessage, OutboxStatus
from motcua.core.outbox import outbox_run_due
from motcua.documents.models import OcrStatus, StoredDocument
from motcua.documents.selectors import documents_search
from motcua.documents.services import (
    OCR_TOPIC,
    document_digitize,
    document_fields_confirm,
    document_ocr_task,
    document_store,
)
from motcua.documents.tests.samples import (
    FONT,
    photo_jpeg_with_metadata,
    reportlab_pdf,
    text_image,
)

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
PERSONAL_ID = "001303012345"
LINES = ["Giấy khai sinh", "Họ và tên: Nguyễn Thị Hồng Nhung", f"Số định danh: {PERSONAL_ID}"]


def _ocr_missing() -> str | None:
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        return "tesseract or pdftoppm is not installed"
    langs = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    if "vie" not in langs:
        return "tesseract has no Vietnamese (vie) data"
    if not FONT.exists():
        return "the Noto font is not installed"
    return None


needs_ocr = pytest.mark.skipif(_ocr_missing() is not None, reason=str(_ocr_missing()))


def _officer(agency: Agency, role: str = Role.ONE_STOP_OFFICER) -> User:
    return RoleAssignmentFactory.create(agency=agency, role=role).user


@pytest.fixture
def scanned(tmp_path: Path, settings: object) -> tuple[StoredDocument, User, Agency]:
    agency = AgencyFactory.create()
    officer = _officer(agency)
    document = document_digitize(
        agency=agency,
        reference="000.00.10.H26-260302-0001",
        document_type="Giấy khai sinh",
        name="khai-sinh.png",
        data=text_image(LINES),
        actor=officer,
        at=AT,
    )
    return _read_by_the_worker(document), officer, agency


def _read_by_the_worker(document: StoredDocument) -> StoredDocument:
    """What ``motcua worker`` does after the officer's request: the OCR of the scan."""
    report = outbox_run_due(now=AT + timedelta(minutes=1))
    assert (report.failed, report.retried) == ([], []), report
    document.refresh_from_db()
    return document


@needs_ocr
def test_the_scan_is_kept_before_ocr_runs_and_the_worker_fills_in_the_text() -> None:
    agency = AgencyFactory.create()

    document = document_digitize(
        agency=agency,
        reference="000.00.10.H26-260302-0003",
        document_type="Giấy khai sinh",
        name="khai-sinh.png",
        data=text_image(LINES),
        actor=_officer(agency),
        at=AT,
    )

    # the officer's answer: the scan is kept and audited, its text not read yet
    assert document.ocr_status == OcrStatus.PENDING
    assert (document.ocr_text, document.pages, document.searchable_file.name) == ("", 0, "")
    assert not AuditEntry.objects.filter(action="document.ocr").exists()
    [queued] = OutboxMessage.objects.filter(topic=OCR_TOPIC)
    assert queued.key == str(document.pk)
    assert queued.status == OutboxStatus.PENDING
    timed = {"kind": "png", "outcome": "ok"}
    ocr_runs = REGISTRY.get_sample_value("motcua_ocr_duration_seconds_count", timed) or 0.0

    read = _read_by_the_worker(document)

    # the worker's metrics time the OCR itself
    assert REGISTRY.get_sample_value("motcua_ocr_duration_seconds_count", timed) == ocr_runs + 1

    assert read.ocr_status == OcrStatus.DONE
    assert PERSONAL_ID in read.ocr_text
    assert read.pages == 1
    assert read.extracted["personal_id"] == [PERSONAL_ID]
    assert read.searchable_file.name.endswith(".ocr.pdf")
    assert AuditEntry.objects.filter(action="document.ocr", object_id=str(read.pk)).exists()
    # a second run of the same row (a worker died before its commit) changes nothing
    document_ocr_task(payload={"document_id": read.pk}, key=str(read.pk), now=AT)
    assert AuditEntry.objects.filter(action="document.ocr").count() == 1


def test_a_scan_ocr_cannot_read_is_marked_failed_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agency = AgencyFactory.create()
    document = document_digitize(
        agency=agency,
        reference="",
        document_type="Giấy khai sinh",
        name="khai-sinh.png",
        data=text_image(LINES),
        actor=_officer(agency),
        at=AT,
    )
    monkeypatch.setenv("PATH", "")  # the worker's machine has no Tesseract

    read = _read_by_the_worker(document)

    assert read.ocr_status == OcrStatus.FAILED
    assert "Máy chủ chưa cài tesseract" in read.ocr_error
    assert AuditEntry.objects.filter(action="document.ocr_failed").count() == 1


@needs_ocr
def test_a_vietnamese_scan_is_read_kept_as_a_searchable_pdf_and_audited(
    scanned: tuple[StoredDocument, User, Agency],
) -> None:
    document, officer, _ = scanned

    for word in ["Giấy", "khai", "sinh", "Nguyễn", "Hồng", PERSONAL_ID]:
        assert word in document.ocr_text, document.ocr_text
    assert document.language == "vie"
    assert document.pages == 1
    assert document.digitized_by == officer
    assert document.retention_years == 10
    assert document.retain_until == AT.date().replace(year=2036)
    with default_storage.open(document.searchable_file.name, "rb") as handle:
        searchable = handle.read()
    assert searchable.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=searchable, capture_output=True, check=True
    ).stdout.decode()
    assert "Nguyễn" in text
    assert document.extracted["personal_id"] == [PERSONAL_ID]
    assert AuditEntry.objects.filter(
        action="document.digitize", object_id=str(document.pk)
    ).exists()


@needs_ocr
def test_officers_find_a_scan_by_a_word_without_accents_and_only_in_their_agency(
    scanned: tuple[StoredDocument, User, Agency],
) -> None:
    document, officer, agency = scanned
    specialist = _officer(agency, Role.SPECIALIST)
    stranger = _officer(AgencyFactory.create())
    on = AT.date()

    assert list(documents_search(user=officer, query="nguyen thi hong", on=on)) == [document]
    assert list(documents_search(user=specialist, query="KHAI SINH", on=on)) == [document]
    assert list(documents_search(user=stranger, query="nguyen", on=on)) == []
    assert list(documents_search(user=officer, query="nguyen ket hon", on=on)) == []


@needs_ocr
def test_confirmed_fields_carry_digitized_by_officer_provenance(
    scanned: tuple[StoredDocument, User, Agency],
) -> None:
    document, officer, _ = scanned
    later = AT + timedelta(minutes=3)

    confirmed = document_fields_confirm(
        document=document,
        values={
            "personal_id": PERSONAL_ID,
            "full_name": "Nguyễn Thị Hồng Nhung",
            "document_date": "",
        },
        actor=officer,
        at=later,
    )

    provenance = confirmed.confirmed_fields["personal_id"]
    assert provenance == {
        "value": PERSONAL_ID,
        "source": "officer_digitized",
        "by": f"user:{officer.pk}",
        "by_name": str(officer),
        "at": later.isoformat(),
        "evidence": document.sha256,
        "verified": True,
        "from_text": True,
    }
    assert confirmed.confirmed_fields["full_name"]["value"] == "Nguyễn Thị Hồng Nhung"
    assert "document_date" not in confirmed.confirmed_fields
    assert AuditEntry.objects.filter(action="document.confirm_fields").count() == 1


@needs_ocr
def test_a_wrong_value_is_named_and_nothing_is_confirmed(
    scanned: tuple[StoredDocument, User, Agency],
) -> None:
    document, officer, _ = scanned

    with pytest.raises(ValidationFailed) as caught:
        document_fields_confirm(
            document=document,
            values={"personal_id": "00130301234٥", "document_date": "31/02/2024"},
            actor=officer,
            at=AT,
        )

    assert {p.path for p in caught.value.problems} == {"personal_id", "document_date"}
    document.refresh_from_db()
    assert document.confirmed_fields == {}


@needs_ocr
def test_a_scanned_pdf_is_rasterised_and_read() -> None:
    agency = AgencyFactory.create()
    pdf = reportlab_pdf(["GIAY XAC NHAN THONG TIN VE CU TRU", "Ho ten: Tran Van Binh"])

    document = document_digitize(
        agency=agency,
        reference="",
        document_type="Giấy xác nhận cư trú",
        name="cu-tru.pdf",
        data=pdf,
        actor=_officer(agency),
        at=AT,
    )
    document = _read_by_the_worker(document)

    assert "CU TRU" in document.ocr_text.upper()
    assert "Binh" in document.ocr_text
    assert document.pages == 1
    assert document.reference == ""


def test_a_refused_scan_stores_nothing() -> None:
    agency = AgencyFactory.create()
    before = set(default_storage.listdir("")[0]) if default_storage.exists("") else set()

    with pytest.raises(ValidationFailed) as caught:
        document_digitize(
            agency=agency,
            reference="có khoảng trắng",
            document_type="",
            name="ban-quet.png",
            data=b"<script>alert(1)</script>",
            actor=_officer(agency),
            at=AT,
        )

    assert {p.path for p in caught.value.problems} == {"reference", "document_type", "file.content"}
    assert not StoredDocument.objects.exists()
    after = set(default_storage.listdir("")[0]) if default_storage.exists("") else set()
    assert after == before
    assert not AuditEntry.objects.filter(action="document.digitize").exists()


def test_a_stored_photo_has_no_gps_and_records_the_hash_of_what_was_sent() -> None:
    agency = AgencyFactory.create()
    sent = photo_jpeg_with_metadata()

    document = document_store(
        agency=agency,
        reference="000.00.10.H26-260302-0002",
        kind="incoming",
        document_type="Ảnh chân dung",
        name="anh.jpg",
        data=sent,
        actor=system_actor(),
        at=AT,
    )

    with default_storage.open(document.file.name) as stored:
        kept = stored.read()
    with Image.open(io.BytesIO(kept)) as image:
        assert not image.getexif().get_ifd(0x8825)
    assert document.original_sha256 == hashlib.sha256(sent).hexdigest()
    assert document.sha256 == hashlib.sha256(kept).hexdigest()
    audit = AuditEntry.objects.get(action="document.store", object_id=str(document.pk))
    assert audit.data["original_sha256"] == document.original_sha256
