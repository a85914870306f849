"""Slips signed with the issuing agency's seal, downloaded through the API as the portal and the
back office do, checked with pyHanko, poppler's ``pdfsig`` and the public verification page."""

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from motcua.dossiers.models import DossierResult, DossierResultKind
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.dossiers.tests.slip_helpers import Walked, pdf_text, qr_texts, walk
from motcua.signing.verification import pdf_verify
from motcua_dev.testing.processes import free_port, require_tools
from motcua_dev.testing.signing import LocalSigning, local_signing, nss_db, pdfsig

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSigning]:
    with local_signing(tmp_path_factory.mktemp("pki")) as local:
        yield local


@pytest.fixture(autouse=True)
def _signing(authority: LocalSigning, settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    authority.configure(settings)


def client_for(user: User) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def slip(user: User, code: str, form: str) -> bytes:
    response = client_for(user).get(f"/api/v1/dossiers/{code}/slips/{form}/")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def sealed(walked: Walked, authority: LocalSigning) -> None:
    authority.enrol_seals(walked.world.centre.code, walked.world.competent.code)


def test_the_receipt_is_signed_with_the_centres_seal_and_verifies(
    authority: LocalSigning, tmp_path: Path
) -> None:
    # given a dossier received at the centre, whose seal is enrolled
    walked = walk()
    sealed(walked, authority)
    code = walked.returned.code

    # when the one-stop officer downloads the receipt (form 01)
    pdf = slip(walked.world.receiver, code, "01")

    # then pyHanko finds one valid PAdES signature with a timestamp, by the centre's seal
    report = pdf_verify(pdf=pdf)
    assert report.ok, report.all_problems()
    (signature,) = report.signatures
    assert signature.signer == walked.world.centre.name
    assert signature.timestamp_ok
    assert signature.covers_document
    # and it is kept as a signed slip, with its hash, in the dossier's audit chain
    stored = DossierResult.objects.get(dossier=walked.returned, kind=DossierResultKind.SLIP)
    assert stored.data["form"] == "01"
    assert stored.signed_at is not None
    assert stored.signatures[0]["role"] == "seal"
    assert AuditEntry.objects.filter(
        chain=f"dossier:{code}", action="dossier.slip_seal", data__sha256=stored.sha256
    ).exists()
    # and the slip prints its verification code, with a QR code opening /verify/<code>/
    text = pdf_text(pdf)
    assert stored.verification_code in text
    assert "BẢN CHƯA KÝ SỐ" not in text
    assert any(t.endswith(f"/verify/{stored.verification_code}/") for t in qr_texts(pdf, tmp_path))

    # and poppler's pdfsig, trusting the local root, says the same
    require_tools("pdfsig", "certutil", "crlutil", packages="poppler-utils, libnss3-tools")
    target = tmp_path / "receipt.pdf"
    target.write_bytes(pdf)
    (checked,) = pdfsig(target, nss_db(tmp_path / "nss", authority.pki))
    assert checked.signature_valid
    assert checked.certificate_status == "Certificate is Trusted."
    assert checked.signer == walked.world.centre.name
    assert checked.total_document


def test_the_same_signed_bytes_on_every_download_and_for_the_applicant(
    authority: LocalSigning,
) -> None:
    walked = walk()
    sealed(walked, authority)
    code = walked.returned.code

    first = slip(walked.world.receiver, code, "01")
    again = slip(walked.world.receiver, code, "01")
    applicants = slip(walked.world.applicant_user, code, "01")

    assert first == again == applicants
    assert DossierResult.objects.filter(dossier=walked.returned, kind="slip").count() == 1


def test_verify_page_says_the_signed_slip_is_authentic(authority: LocalSigning) -> None:
    walked = walk()
    sealed(walked, authority)
    slip(walked.world.receiver, walked.returned.code, "01")
    stored = DossierResult.objects.get(dossier=walked.returned, kind="slip")

    page = Client().get(f"/verify/{stored.verification_code}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Văn bản xác thực" in body
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in body
    assert walked.world.centre.name in body  # the receiving agency issued it
    # and the slip is not offered as a result of the dossier on the citizen's pages
    assert walked.returned.results.filter(kind="result").count() == 0


def test_notices_are_sealed_by_the_agency_that_issues_them_and_form_06_is_not(
    authority: LocalSigning,
) -> None:
    walked = walk()
    sealed(walked, authority)
    world = walked.world
    expected = {
        (walked.returned.code, "02"): world.centre.name,
        (walked.refused.code, "03"): world.centre.name,
        (walked.apologised.code, "04"): world.competent.name,
        (walked.stopped.code, "05"): world.competent.name,
    }

    signers = {
        key: [s.signer for s in pdf_verify(pdf=slip(world.leader, *key)).signatures]
        for key in expected
    }
    control = slip(world.receiver, walked.returned.code, "06")

    assert signers == {key: [name] for key, name in expected.items()}
    assert pdf_verify(pdf=control).signatures == ()
    assert "BẢN CHƯA KÝ SỐ" not in pdf_text(control)
    assert not DossierResult.objects.filter(data__form="06").exists()


def test_a_slip_whose_content_changed_is_signed_anew(authority: LocalSigning) -> None:
    # given a receipt (form 01) downloaded at the counter
    world = build_world()
    authority.enrol_seals(world.centre.code)
    hour = timedelta(hours=1)
    dossier = submit(world).dossier
    first = slip(world.receiver, dossier.code, "01")

    # when a supplement round stops the clock and moves the due date
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + hour
    )
    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + 2 * hour,
        reasons=["Bổ sung bản chụp giấy giới thiệu"],
    )
    dossier = dossier_transition(
        dossier=dossier, action="supplement", actor=world.receiver, at=AT + 50 * hour
    )
    second = slip(world.receiver, dossier.code, "01")

    # then the new receipt is a new signed document with its own code, the first still verifies
    assert first != second
    stored = DossierResult.objects.filter(dossier=dossier, data__form="01").order_by("pk")
    assert len({r.verification_code for r in stored}) == 2
    assert pdf_verify(pdf=first).ok
    assert pdf_verify(pdf=second).ok
    assert slip(world.receiver, dossier.code, "01") == second


def test_without_a_seal_the_receipt_is_served_unsigned_and_marked(
    caplog: pytest.LogCaptureFixture, authority: LocalSigning
) -> None:
    # given a centre with no seal certificate
    walked = walk()
    code = walked.returned.code

    # when the officer prints the receipt at the counter
    with caplog.at_level(logging.WARNING, logger="motcua.dossiers.paper.slip_seal"):
        pdf = slip(walked.world.receiver, code, "01")

    # then it is served at once, unsigned, with a visible note; nothing is stored; a warning says why
    assert pdf_verify(pdf=pdf).signatures == ()
    assert "BẢN CHƯA KÝ SỐ" in pdf_text(pdf)
    assert not DossierResult.objects.filter(dossier=walked.returned).exists()
    assert any("no valid seal certificate" in r.getMessage() for r in caplog.records)

    # and once the seal is enrolled, the next download is signed
    sealed(walked, authority)
    signed = slip(walked.world.receiver, code, "01")
    assert pdf_verify(pdf=signed).ok
    assert "BẢN CHƯA KÝ SỐ" not in pdf_text(signed)


def test_when_the_timestamp_authority_is_down_the_receipt_is_still_served(
    authority: LocalSigning, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    walked = walk()
    sealed(walked, authority)
    settings.MOTCUA_TSA_URL = f"http://127.0.0.1:{free_port()}/"  # nothing listens there

    with caplog.at_level(logging.WARNING, logger="motcua.dossiers.paper.slip_seal"):
        pdf = slip(walked.world.receiver, walked.returned.code, "01")

    assert "BẢN CHƯA KÝ SỐ" in pdf_text(pdf)
    assert pdf_verify(pdf=pdf).signatures == ()
    assert not DossierResult.objects.filter(dossier=walked.returned).exists()
    assert any("signing with the seal" in r.getMessage() for r in caplog.records)
