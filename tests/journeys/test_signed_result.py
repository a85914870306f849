"""Journey: the leader signs the result in the back office, the citizen downloads it, and anyone
checks it.

The leader of the Department of Justice completes the signing step of a judicial record dossier;
the result is rendered, signed PAdES with the leader's certificate from the local CA and
time-stamped by ``motcua tsa-sim`` (a real process). The citizen logs in through the VNeID
simulator and downloads it from "my dossiers". Poppler's ``pdfsig``, trusting the local root
through an NSS database, says the signature is valid and trusted; the QR code printed on the
document, decoded from the rendered page, opens the public verification page, which says it is
authentic. Two tampered copies (one flipped byte; an incremental update drawing new content) are
refused by ``pdfsig`` and by the page's upload form.
"""

import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import ApplicantKind
from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.tests.slip_helpers import qr_texts
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import (
    LocalSigning,
    nss_db,
    pdfsig,
    tampered_flipped_byte,
    tampered_incremental_update,
)
from tests.journeys.citizen import citizen_logs_in
from tests.journeys.counter_dossier import (
    TO_THE_RESULT,
    demo_loaded,
    received_at_the_counter,
    walked,
)
from tests.journeys.officer import complete_step, open_from_queue, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN = "Nguyễn Văn An"  # a synthetic VNeID citizen of the simulator
AN = ApplicantData(
    kind=ApplicantKind.CITIZEN,
    name=CITIZEN,
    personal_id="001090012345",
    birth_date=date(1990, 5, 1),
    sex="male",
    phone="0912345678",
    address="Số 1 phố Tràng Tiền, phường Hoàn Kiếm",
)


@pytest.fixture
def nssdir(tmp_path: Path, signing: LocalSigning) -> str:
    require_tools(
        "pdfsig", "pdftoppm", "certutil", "crlutil", packages="poppler-utils, libnss3-tools"
    )
    return nss_db(tmp_path / "nss", signing.pki)


def _at_the_leader(signing: LocalSigning) -> Dossier:
    """A judicial record dossier of the VNeID citizen, received at the counter this morning and
    drafted by the specialist; the leader holds a certificate of the local CA."""
    now = timezone.now()
    demo_loaded(at=now - timedelta(days=60))
    signing.enrol("lanhdao.tuphap")
    at = now - timedelta(hours=3)
    dossier = received_at_the_counter(at=at, load_demo=False, applicant=AN)
    return walked(dossier, by=TO_THE_RESULT[:-1], at=at, every=timedelta(minutes=30))


def _upload(page: Page, path: Path, axe: Callable[[Page], None]) -> None:
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_test_id("upload-verdict")).to_be_visible()
    axe(page)


def test_the_leader_signs_the_citizen_downloads_and_anyone_verifies_the_result(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    signing: LocalSigning,
    nssdir: str,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    settings: Settings,
    tmp_path: Path,
) -> None:
    # given a dossier at the leader's signing step; the QR code will point at this server
    settings.MOTCUA_PUBLIC_BASE_URL = live_server.url
    dossier = _at_the_leader(signing)
    base = live_server.url

    # when the leader approves and signs it in the back office
    sign_in(page, base, "lanhdao.tuphap", axe)
    open_from_queue(page, dossier.code, axe)

    # and looks at the document first: the specialist's draft with the leader's signer block
    draft = page.get_by_test_id("result-draft")
    expect(draft).to_contain_text("Xem trước văn bản trước khi ký")
    expect(draft.get_by_label("Tình trạng án tích")).to_have_value("Không có án tích")
    draft.get_by_role("button", name="Xem trước văn bản").click()
    expect(page.get_by_test_id("results")).to_contain_text("Đang ký duyệt")
    axe(page)

    # then the dossier has its result, signed by the leader, on the dossier page
    complete_step(page, axe, "Đã có kết quả")
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("Phiếu lý lịch tư pháp")
    expect(results).to_contain_text("Lê Thị Hương")
    axe(page)
    screenshot(page, "signed-result-backoffice")
    sign_out(page)
    result = DossierResult.objects.get(dossier=dossier)
    assert result.signed_at is not None

    # when the citizen logs in through VNeID and opens the dossier in "my dossiers"
    page.goto(f"{base}/ho-so-cua-toi/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    citizen_logs_in(page, person=CITIZEN)
    expect(page).to_have_url(re.compile(r"/ho-so-cua-toi/$"))
    page.get_by_role("link", name=dossier.code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    axe(page)
    screenshot(page, "signed-result-citizen")

    # and downloads the signed result
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Tải về: .*\(PDF đã ký số\)$")).click()
    downloaded = tmp_path / "ket-qua.pdf"
    download_info.value.save_as(downloaded)
    signed = downloaded.read_bytes()

    # then pdfsig, trusting the local root, finds the leader's signature valid over the whole file
    (seen,) = pdfsig(downloaded, nssdir)
    assert seen.signer == "Lê Thị Hương"
    assert seen.signature_valid
    assert seen.certificate_status == "Certificate is Trusted."
    assert seen.total_document
    # and the paper says what a person needs: whose record, what it says, who signed it
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(downloaded), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2" in text
    assert f"Họ, chữ đệm và tên: {AN.name}" in text
    assert "Tình trạng án tích: Không có án tích" in text
    assert "PHÓ GIÁM ĐỐC" in text
    assert "Lê Thị Hương" in text

    # and the QR code printed on it opens the verification page, which says it is authentic
    (qr_url,) = qr_texts(signed, tmp_path)
    assert qr_url == f"{base}/verify/{result.verification_code}/"
    page.goto(qr_url)
    expect(page.get_by_test_id("verdict")).to_contain_text("Văn bản xác thực")
    main = page.get_by_role("main")
    expect(main).to_contain_text(result.verification_code)
    expect(main).to_contain_text(dossier.code)
    expect(main).to_contain_text("Lê Thị Hương")
    axe(page)
    screenshot(page, "signed-result-verify")

    # and the copy the citizen holds is accepted by the page's upload form
    _upload(page, downloaded, axe)
    expect(page.get_by_test_id("upload-verdict")).to_contain_text("Tệp trùng khớp với văn bản gốc")

    # when a copy has one flipped byte, and another an incremental update that changes content
    flipped = tmp_path / "mot-byte.pdf"
    flipped.write_bytes(tampered_flipped_byte(signed))
    updated = tmp_path / "cap-nhat.pdf"
    updated.write_bytes(tampered_incremental_update(signed))

    # then pdfsig refuses both: the digest no longer matches; the signature no longer covers all
    (seen_flipped,) = pdfsig(flipped, nssdir)
    assert not seen_flipped.signature_valid
    seen_updated = pdfsig(updated, nssdir)
    assert len(seen_updated) == 1
    assert not seen_updated[0].total_document

    # and so does the verification page, naming why
    _upload(page, flipped, axe)
    verdict = page.get_by_test_id("upload-verdict")
    expect(verdict).to_contain_text("Tệp không được chấp nhận")
    expect(verdict).to_contain_text("không trùng khớp từng byte")
    screenshot(page, "signed-result-tampered")
    _upload(page, updated, axe)
    expect(verdict).to_contain_text("Tệp không được chấp nhận")
    expect(verdict).to_contain_text("sửa đổi sau khi ký")
