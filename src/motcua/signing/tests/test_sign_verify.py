"""Signing with the key-file signer; verification by motcua, by pyHanko and by poppler's pdfsig."""

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pytest_django.fixtures import Settings

from motcua.signing.pki import certificate_revoke, keyfile_issue
from motcua.signing.services import SigningFailed, pdf_sign_with
from motcua.signing.tests.conftest import SigningEnv
from motcua.signing.tests.documents import sample_pdf
from motcua.signing.verification import pdf_verify
from motcua_dev.testing.processes import free_port
from motcua_dev.testing.signing import pdfsig


def _sign(
    env: SigningEnv, pdf: bytes, name: str, certificate: x509.Certificate, field: str
) -> bytes:
    return pdf_sign_with(
        pdf=pdf,
        plugin="keyfile",
        reference=name,
        certificate=certificate,
        chain=env.pki.chain(),
        field_name=field,
        reason="Phê duyệt kết quả",
        location="Hà Nội",
        tsa_url=env.tsa_url,
    )


def _signer(env: SigningEnv, name: str, common_name: str, **period: object) -> x509.Certificate:
    _key, _cert, certificate = keyfile_issue(
        pki=env.pki,
        name=name,
        common_name=common_name,
        organisation="Sở Tư pháp Thành phố Hà Nội",
        at=timezone.now(),
        **period,  # type: ignore[arg-type]
    )
    return certificate


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def leader(signing_env: SigningEnv) -> x509.Certificate:
    return _signer(signing_env, "test-leader", "Lê Thị Hương")


@pytest.fixture
def specialist(signing_env: SigningEnv) -> x509.Certificate:
    return _signer(signing_env, "test-specialist", "Trần Văn Minh")


def test_signed_pdf_is_valid_for_motcua_pyhanko_and_pdfsig(
    signing_env: SigningEnv, leader: x509.Certificate, nss_dir: str, tmp_path: Path
) -> None:
    # when
    signed = _sign(signing_env, sample_pdf(), "test-leader", leader, "LanhDao")
    # then
    report = pdf_verify(pdf=signed)
    assert report.ok, report.all_problems()
    (signature,) = report.signatures
    assert signature.signer == "Lê Thị Hương"
    assert signature.signed_at is not None
    assert abs((signature.signed_at - timezone.now()).total_seconds()) < 60
    assert signature.timestamp_ok
    assert signature.trusted
    assert signature.covers_document
    (seen,) = pdfsig(_write(tmp_path, "signed.pdf", signed), nss_dir)
    assert seen.signature_valid
    assert seen.certificate_status == "Certificate is Trusted."
    assert seen.total_document


def test_two_signatures_in_order_both_stay_valid(
    signing_env: SigningEnv,
    leader: x509.Certificate,
    specialist: x509.Certificate,
    nss_dir: str,
    tmp_path: Path,
) -> None:
    # given: the specialist's initials first
    initialled = _sign(signing_env, sample_pdf(), "test-specialist", specialist, "ChuyenVien")
    # when
    signed = _sign(signing_env, initialled, "test-leader", leader, "LanhDao")
    # then
    assert signed.startswith(initialled)  # an incremental update
    report = pdf_verify(pdf=signed)
    assert report.ok, report.all_problems()
    assert [s.signer for s in report.signatures] == ["Trần Văn Minh", "Lê Thị Hương"]
    seen = pdfsig(_write(tmp_path, "two.pdf", signed), nss_dir)
    assert [s.signer for s in seen] == ["Trần Văn Minh", "Lê Thị Hương"]
    assert all(s.signature_valid for s in seen)
    assert all(s.certificate_status == "Certificate is Trusted." for s in seen)
    assert [s.total_document for s in seen] == [False, True]


def test_one_flipped_byte_is_refused(
    signing_env: SigningEnv, leader: x509.Certificate, nss_dir: str, tmp_path: Path
) -> None:
    # given
    signed = bytearray(_sign(signing_env, sample_pdf(), "test-leader", leader, "LanhDao"))
    where = signed.index(b"Giay chung nhan mau")
    # when
    signed[where] ^= 0x01
    # then
    report = pdf_verify(pdf=bytes(signed))
    assert not report.ok
    assert "Nội dung đã bị thay đổi sau khi ký" in " ".join(report.all_problems())
    (seen,) = pdfsig(_write(tmp_path, "flipped.pdf", bytes(signed)), nss_dir)
    assert not seen.signature_valid


def _append_content(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (Da sua noi dung) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))  # type: ignore[no-untyped-call]
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def test_an_incremental_update_that_changes_content_is_refused(
    signing_env: SigningEnv, leader: x509.Certificate, nss_dir: str, tmp_path: Path
) -> None:
    # given
    signed = _sign(signing_env, sample_pdf(), "test-leader", leader, "LanhDao")
    # when
    tampered = _append_content(signed)
    # then
    report = pdf_verify(pdf=tampered)
    assert not report.ok
    assert not report.signatures[0].covers_document
    assert "đã bị sửa đổi sau khi ký" in " ".join(report.all_problems())
    (seen,) = pdfsig(_write(tmp_path, "updated.pdf", tampered), nss_dir)
    assert not seen.total_document


def test_an_expired_certificate_is_refused(
    signing_env: SigningEnv, nss_dir: str, tmp_path: Path
) -> None:
    # given
    now = timezone.now()
    expired = _signer(
        signing_env,
        "test-expired",
        "Nguyễn Văn Hết Hạn",
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=30),
    )
    # when
    signed = _sign(signing_env, sample_pdf(), "test-expired", expired, "LanhDao")
    # then
    report = pdf_verify(pdf=signed)
    assert not report.ok
    assert report.signatures[0].expired
    assert "hết hạn" in " ".join(report.all_problems())
    (seen,) = pdfsig(_write(tmp_path, "expired.pdf", signed), nss_dir)
    assert seen.certificate_status == "Certificate has Expired"


def test_a_revoked_certificate_is_refused(signing_env: SigningEnv, tmp_path: Path) -> None:
    # given
    revoked = _signer(signing_env, "test-revoked", "Phạm Văn Thu Hồi")
    certificate_revoke(pki=signing_env.pki, certificate=revoked, at=timezone.now())
    # when
    signed = _sign(signing_env, sample_pdf(), "test-revoked", revoked, "LanhDao")
    # then
    report = pdf_verify(pdf=signed)
    assert not report.ok
    assert report.signatures[0].revoked
    assert "thu hồi" in " ".join(report.all_problems())
    from motcua_dev.testing.processes import require_tools
    from motcua_dev.testing.signing import nss_db

    require_tools("pdfsig", "certutil", "crlutil", packages="poppler-utils, libnss3-tools")
    nss = nss_db(tmp_path / "nss-revoked", signing_env.pki)  # with the CRL listing it
    (seen,) = pdfsig(_write(tmp_path, "revoked.pdf", signed), nss)
    assert seen.certificate_status == "Certificate has been Revoked."


def test_a_pdf_signed_by_an_unknown_ca_is_not_trusted(
    signing_env: SigningEnv, tmp_path: Path, settings: Settings
) -> None:
    from motcua.signing.pki import pki_init

    settings.MOTCUA_PKI_DIR = str(tmp_path / "other")  # where the stranger's key file is
    other = pki_init(directory=tmp_path / "other", at=timezone.now())
    _key, _cert, stranger = keyfile_issue(
        pki=other, name="stranger", common_name="Người lạ", organisation="X", at=timezone.now()
    )
    signed = pdf_sign_with(
        pdf=sample_pdf(),
        plugin="keyfile",
        reference="stranger",
        certificate=stranger,
        chain=other.chain(),
        field_name="X",
        reason="",
        location="",
        tsa_url=signing_env.tsa_url,
    )
    settings.MOTCUA_PKI_DIR = str(signing_env.pki.directory)
    report = pdf_verify(pdf=signed)
    assert not report.ok
    assert not report.signatures[0].trusted
    assert "không được cấp bởi tổ chức chứng thực tin cậy" in " ".join(report.all_problems())


def test_not_a_pdf_and_unsigned_pdf_are_reported() -> None:
    assert pdf_verify(pdf=b"hello").problems == ("Tệp không phải là tài liệu PDF hợp lệ.",)
    assert pdf_verify(pdf=sample_pdf()).problems == ("Tài liệu không có chữ ký số.",)


@pytest.mark.parametrize("authority", ["nobody listening", "a web page answering"])
def test_signing_without_a_time_stamp_signs_nothing(
    signing_env: SigningEnv,
    leader: x509.Certificate,
    authority: str,
    request: pytest.FixtureRequest,
) -> None:
    # given
    if authority == "nobody listening":
        tsa_url = f"http://127.0.0.1:{free_port()}/"
    else:
        tsa_url = request.getfixturevalue("not_a_tsa")
    # when
    with pytest.raises(SigningFailed) as caught:
        pdf_sign_with(
            pdf=sample_pdf(),
            plugin="keyfile",
            reference="test-leader",
            certificate=leader,
            chain=signing_env.pki.chain(),
            field_name="LanhDao",
            reason="",
            location="",
            tsa_url=tsa_url,
        )
    # then
    assert "dấu thời gian" in caught.value.message
