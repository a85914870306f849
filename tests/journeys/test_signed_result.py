"""Journey: the leader signs the result in the back office, the citizen downloads it, and anyone
checks it; and a certificate No. 2 requested online for 3 copies, from the fee to the download.

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

from motcua.accounts.models import ApplicantKind, User
from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.catalog.models import LocalFeePolicy
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.results import result_bytes
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.tests.slip_helpers import qr_texts
from motcua.payments.models import PaymentMethod
from motcua.payments.services import payment_counter_record
from motcua_dev.testing.processes import require_tools
from motcua_dev.testing.signing import (
    LocalSigning,
    nss_db,
    pdfsig,
    tampered_flipped_byte,
    tampered_incremental_update,
)
from tests.journeys.citizen import citizen_logs_in, citizen_submits
from tests.journeys.counter_dossier import (
    PDF,
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


#: What the specialist finds in the judicial record and writes on the certificate (Phiếu số 2
#: lists every conviction, those cleared included).
RECORD = (
    "Có 01 án tích: ngày 12/03/2015, Tòa án nhân dân quận Hoàn Kiếm xử phạt 06 tháng tù cho "
    "hưởng án treo về tội Trộm cắp tài sản; đã được xóa án tích"
)


def _applies_online_for_three_copies(page: Page, base: str, scan: Path) -> str:
    """The VNeID citizen requests certificate No. 2 online, 3 copies; the fee quoted."""
    page.goto(f"{base}/thu-tuc/2.001417/nop-ho-so/")
    citizen_logs_in(page, person=CITIZEN)
    expect(page).to_have_url(re.compile(r"/thu-tuc/2\.001417/nop-ho-so/"))
    address = page.get_by_label("Nơi cư trú")
    if not address.input_value():
        address.fill(AN.address)
    page.get_by_label("Loại Phiếu yêu cầu cấp").select_option("2")
    page.get_by_label("Mục đích sử dụng Phiếu").fill("Bổ sung hồ sơ xin việc")
    page.get_by_label("Số bản").fill("3")
    page.get_by_label(re.compile("^Bản sao Thẻ căn cước")).set_input_files(str(scan))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )
    return page.get_by_test_id("fee-quote").inner_text()


def test_a_certificate_no_2_requested_online_for_3_copies_is_drafted_previewed_signed_and_downloaded(
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
    # given the demo, the city's fee as the national one (no local decision), and a leader with
    # a certificate of the local CA
    settings.MOTCUA_PUBLIC_BASE_URL = live_server.url
    base = live_server.url
    demo_loaded(at=timezone.now() - timedelta(days=60))
    LocalFeePolicy.objects.filter(procedure__national_code="2.001417").delete()
    signing.enrol("lanhdao.tuphap")
    scan = tmp_path / "can-cuoc.pdf"
    scan.write_bytes(PDF)

    # when the citizen requests certificate No. 2 online with 3 copies
    quote = _applies_online_for_three_copies(page, base, scan)

    # then the fee counts the copies: 200.000 đồng, and 5.000 đồng for the third
    assert "205.000 đồng" in quote, quote
    axe(page)
    screenshot(page, "judicial-record-online-three-copies")
    dossier = Dossier.objects.get(code=citizen_submits(page))
    assert dossier.fee_amount == 205_000
    assert dossier.form_data["to_khai_lltp"]["form_no"] == "2"

    # and once the fee is settled (paying online has its own journey), the centre receives it
    # and the specialist looks the record up
    payment_counter_record(
        reference=dossier.code,
        amount=205_000,
        method=PaymentMethod.COUNTER_CASH,
        payer_name=CITIZEN,
        agency_code=dossier.receiving_agency.code,
        agency_name=dossier.receiving_agency.name,
        description="Phí cung cấp thông tin lý lịch tư pháp",
        actor=User.objects.get(username="canbo.motcua"),
        at=timezone.now(),
    )
    dossier.refresh_from_db()
    dossier = walked(
        dossier,
        by=("canbo.motcua", "chuyenvien.tuphap"),
        at=timezone.now() - timedelta(minutes=1),
        every=timedelta(seconds=1),
    )

    # when the specialist drafts the certificate at "Lập Phiếu lý lịch tư pháp", writing what the
    # record says, and hands it on
    page.context.clear_cookies()  # the citizen's session ends; the officers use this browser
    sign_in(page, base, "chuyenvien.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    draft = page.get_by_test_id("result-draft")
    expect(draft).to_contain_text("Lập dự thảo kết quả")
    draft.get_by_label("Tình trạng án tích").fill(RECORD)
    draft.get_by_role("button", name="Lập dự thảo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lập “Phiếu lý lịch tư pháp số 2”")
    axe(page)
    screenshot(page, "judicial-record-specialist-draft")
    complete_step(page, axe, "Đang giải quyết")
    sign_out(page)

    # and the leader sees that draft, previews the document, and signs it
    sign_in(page, base, "lanhdao.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    draft = page.get_by_test_id("result-draft")
    expect(draft).to_contain_text("Xem trước văn bản trước khi ký")
    expect(draft.get_by_label("Tình trạng án tích")).to_have_value(RECORD)
    draft.get_by_role("button", name="Xem trước văn bản").click()
    expect(page.get_by_test_id("results")).to_contain_text("Đang ký duyệt")
    axe(page)
    previewed = result_bytes(DossierResult.objects.get(dossier=dossier))
    complete_step(page, axe, "Đã có kết quả")
    sign_out(page)

    # when the citizen logs in again and downloads the certificate from "my dossiers"
    page.goto(f"{base}/ho-so-cua-toi/{dossier.code}/")
    citizen_logs_in(page, person=CITIZEN)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Tải về: .*\(PDF đã ký số\)$")).click()
    downloaded = tmp_path / "phieu-lltp-so-2.pdf"
    download_info.value.save_as(downloaded)
    signed = downloaded.read_bytes()

    # then it is what the leader saw, signed: the previewed bytes, then the signature
    assert signed.startswith(previewed)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(downloaded), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2" in text
    assert f"Cấp cho: {CITIZEN}" in text
    assert f"Họ, chữ đệm và tên: {CITIZEN}" in text
    assert f"Tình trạng án tích: {RECORD}" in text
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text
    assert "Lê Thị Hương" in text
    assert f"Số: {dossier.code}/LLTP" in text
    (seen,) = pdfsig(downloaded, nssdir)
    assert seen.signer == "Lê Thị Hương"
    assert seen.signature_valid
    assert seen.total_document
