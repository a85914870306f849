"""The judicial-record certificate of the demo is a document a person can use: drawn from the
version's template, previewed by the leader, and signed over exactly the previewed bytes."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from django.utils import timezone
from pikepdf import pdfa
from pytest_django.fixtures import Settings

from motcua.accounts.models import OneStopUnit, User
from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import Conflict
from motcua.dossiers.models import Dossier, DossierChannel, DossierResult, DossierStatus
from motcua.dossiers.results import result_bytes, result_preview
from motcua.dossiers.services import dossier_submit, dossier_transition
from motcua.dossiers.tests.judicial_record import (
    MAI,
    TO_THE_RESULT,
    received_at_the_counter,
    walked,
)
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from motcua_dev.demo import signing as signing_demo
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import run_tsa_sim

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "phieu.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _demo(settings: Settings, tmp_path: Path) -> None:
    require_tools("pdftotext", "pdfsig", packages="poppler-utils")
    settings.MOTCUA_PKI_DIR = str(tmp_path / "pki")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    now = timezone.now()
    accounts_demo.load(at=now - timedelta(days=1))
    calendar_demo.load(at=now - timedelta(days=1))
    catalog_demo.load(at=now - timedelta(days=1))
    signing_demo.load(at=now - timedelta(hours=3))


def test_the_signed_certificate_says_what_the_template_asks_and_pdfsig_validates_it(
    settings: Settings, tmp_path: Path
) -> None:
    _demo(settings, tmp_path)
    at = timezone.now() - timedelta(hours=2)
    with run_tsa_sim(tmp_path / "pki") as tsa_url:
        settings.MOTCUA_TSA_URL = tsa_url
        dossier = walked(
            received_at_the_counter(at=at), by=TO_THE_RESULT, at=at, every=timedelta(minutes=20)
        )
    assert dossier.status == DossierStatus.RESULT_READY
    result = DossierResult.objects.get(dossier=dossier)
    pdf = result_bytes(result)
    text = " ".join(_text(pdf, tmp_path).split())
    assert "PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2" in text
    assert "HOẶC" not in text
    assert "Họ, chữ đệm và tên: Phạm Thị Mai" in text
    assert "Ngày, tháng, năm sinh: 20/08/1992" in text
    assert "Mục đích sử dụng Phiếu: Bổ sung hồ sơ xin việc" in text
    assert "Tình trạng án tích: Không có án tích" in text
    assert "KT. GIÁM ĐỐC" in text
    assert "PHÓ GIÁM ĐỐC" in text
    leader = User.objects.get(username="lanhdao.tuphap")
    assert leader.full_name in text
    assert f"Số: {result.number}" in text
    assert result.number.endswith("/LLTP")
    assert "UBND THÀNH PHỐ HÀ NỘI" in text
    assert "Căn cứ Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009;" in text
    assert "Full name" not in text
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    check = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in check.stdout, check.stdout
    # the PAdES signature, an incremental update, keeps the file PDF/A-2b: pikepdf's validator
    # finds no violation; the signature's form field is the one construct it does not check
    report = pdfa.validate_written(path, "2b")
    assert report.verdict == "not_checked", report.findings
    assert [(f.rule, f.kind) for f in report.findings] == [
        ("pikepdf:schema-Catalog", "unsupported")
    ]
    assert "/AcroForm" in report.findings[0].where
    with pikepdf.open(path) as opened:
        assert opened.open_metadata()["pdfaid:part"] == "2"
        assert len(opened.Root.OutputIntents) == 1


def _at_the_leader(settings: Settings, tmp_path: Path) -> tuple[Dossier, User]:
    _demo(settings, tmp_path)
    at = timezone.now() - timedelta(hours=2)
    dossier = walked(
        received_at_the_counter(at=at),
        by=TO_THE_RESULT[:-1],
        at=at,
        every=timedelta(minutes=20),
    )
    return dossier, User.objects.get(username=TO_THE_RESULT[-1])


def test_the_specialists_statement_is_in_the_preview_and_the_leader_signs_those_bytes(
    settings: Settings, tmp_path: Path
) -> None:
    _demo(settings, tmp_path)
    at = timezone.now() - timedelta(hours=2)
    dossier = walked(
        received_at_the_counter(at=at), by=TO_THE_RESULT[:2], at=at, every=timedelta(minutes=20)
    )
    specialist = User.objects.get(username="chuyenvien.tuphap")
    draft = result_preview(
        dossier=dossier,
        actor=specialist,
        at=at + timedelta(hours=1),
        statement="Có 01 án tích: đã được xóa án tích",
    )
    assert "Có 01 án tích" in _text(result_bytes(draft), tmp_path)
    dossier = walked(dossier, by=TO_THE_RESULT[2:3], at=at + timedelta(hours=1), every=timedelta(1))
    leader = User.objects.get(username="lanhdao.tuphap")
    shown = result_preview(dossier=dossier, actor=leader, at=at + timedelta(hours=2))
    previewed = result_bytes(shown)
    text = " ".join(_text(previewed, tmp_path).split())
    assert "Tình trạng án tích: Có 01 án tích: đã được xóa án tích" in text
    assert leader.full_name in text
    with run_tsa_sim(tmp_path / "pki") as tsa_url:
        settings.MOTCUA_TSA_URL = tsa_url
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=leader, at=at + timedelta(hours=3)
        )
    signed = result_bytes(DossierResult.objects.get(dossier=dossier))
    # an incremental PAdES update: the previewed bytes are the start of the signed file
    assert signed.startswith(previewed)


def test_signing_without_a_preview_or_after_the_data_changed_is_refused(
    settings: Settings, tmp_path: Path
) -> None:
    dossier, leader = _at_the_leader(settings, tmp_path)
    later = timezone.now() - timedelta(minutes=5)
    with pytest.raises(Conflict, match="xem trước"):
        dossier_transition(dossier=dossier, action="complete_step", actor=leader, at=later)

    result_preview(dossier=dossier, actor=leader, at=later)
    form = dict(dossier.form_data)
    form["to_khai_lltp"] = {**form["to_khai_lltp"], "purpose": "Xuất khẩu lao động"}
    Dossier.objects.filter(pk=dossier.pk).update(form_data=form)
    dossier.refresh_from_db()
    with pytest.raises(Conflict, match="đã thay đổi"):
        dossier_transition(dossier=dossier, action="complete_step", actor=leader, at=later)
    assert not DossierResult.objects.filter(dossier=dossier, signed_at__isnull=False).exists()


def test_a_certified_copy_of_a_civil_status_extract_is_issued_as_a_signed_document(
    settings: Settings, tmp_path: Path
) -> None:
    _demo(settings, tmp_path)
    at = timezone.now() - timedelta(hours=2)
    reform_demo.load(at=at - timedelta(hours=1), dossiers=3)
    version = procedure_version_current(code=reform_demo.MINED_CODE, on=timezone.localdate(at))
    assert version is not None
    assert version.number == 2  # the mined history stays on the first version
    dossier = dossier_submit(
        version=version,
        applicant=MAI,
        channel=DossierChannel.COUNTER,
        form_data={},
        documents=[],
        administrative_unit_code="01",
        actor=User.objects.get(username="canbo.motcua"),
        at=at,
        receiving_unit=OneStopUnit.objects.get(name=reform_demo.UNIT_NAME),
    ).dossier
    by = ["canbo.motcua", "lanhdao.tuphap", "chuyenvien.tuphap"]
    dossier = walked(dossier, by=by, at=at, every=timedelta(minutes=10))
    result_preview(
        dossier=dossier,
        actor=User.objects.get(username="lanhdao.tuphap"),
        at=at + timedelta(hours=1),
        statement="Trích lục khai sinh số 15/2020, Quyển 01: Phạm Thị Mai, sinh ngày 20/08/1992",
    )
    with run_tsa_sim(tmp_path / "pki") as tsa_url:
        settings.MOTCUA_TSA_URL = tsa_url
        dossier = walked(
            dossier, by=["lanhdao.tuphap"], at=at + timedelta(hours=1), every=timedelta(minutes=1)
        )

    result = DossierResult.objects.get(dossier=dossier, signed_at__isnull=False)
    text = " ".join(_text(result_bytes(result), tmp_path).split())
    assert "BẢN SAO TRÍCH LỤC HỘ TỊCH" in text
    assert "Cấp cho: Phạm Thị Mai" in text
    assert "Nội dung trích lục theo Sổ hộ tịch: Trích lục khai sinh số 15/2020" in text
    assert User.objects.get(username="lanhdao.tuphap").full_name in text
