"""Journey: a citizen pays a dossier's fee online through the gateway simulator and the dossier
proceeds; the same procedure filed in a locality whose fee is 0 đồng asks for no payment."""

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import RoleAssignmentFactory
from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.catalog.models import LocalFeePolicy, Procedure
from motcua.catalog.services import local_fee_policy_set
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import dossier_transition
from motcua.payments.models import Payment, PaymentStatus
from motcua.payments.tests.simulators import PaySim, run_pay_sim
from tests.journeys.citizen import citizen_logs_in, citizen_submits
from tests.journeys.counter_dossier import PDF, demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "2.001417"  # Cấp Phiếu lý lịch tư pháp: 200.000 đồng unless the locality says otherwise
FREE_WARD = "00070"  # Phường Hoàn Kiếm: 0 đồng by the (illustrative) decision below
CITY = "01"  # Thành phố Hà Nội: the judicial record is decided by the province, no ward is asked


@pytest.fixture
def gateway(live_server: LiveServer, settings: Settings) -> Iterator[PaySim]:
    """``motcua pay-sim``, notifying this live server as soon as the citizen pays."""
    ipn = f"{live_server.url}/api/v1/payments/vnpay-style/ipn/"
    with run_pay_sim(ipn_url=ipn, ipn="immediate") as sim:
        settings.MOTCUA_PAY_GATEWAY_URL = sim.url
        settings.MOTCUA_PAY_SECRET = sim.secret
        settings.MOTCUA_PAY_TMN_CODE = sim.tmn_code
        yield sim


def _apply(page: Page, live_server: LiveServer, scan: Path) -> str:
    """Fill the judicial record form up to the check page; returns its fee quote."""
    page.goto(f"{live_server.url}/thu-tuc/{CODE}/nop-ho-so/")
    if "/dang-nhap/" in page.url:
        citizen_logs_in(page)
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(CODE)}/nop-ho-so/"))
    address = page.get_by_label("Nơi cư trú")
    if address.count() and not address.input_value():
        address.fill("Số 1 phố Tràng Tiền, Hà Nội")
    form_no = page.get_by_label("Loại Phiếu yêu cầu cấp")
    if form_no.count() and not form_no.input_value():
        form_no.select_option("2")
    purpose = page.get_by_label("Mục đích sử dụng Phiếu")
    if purpose.count() and not purpose.input_value():
        purpose.fill("Bổ sung hồ sơ xin việc")
    upload = page.get_by_label(re.compile("^Bản sao Thẻ căn cước"))
    if upload.count():
        upload.set_input_files(str(scan))
    # a procedure of the province asks for the province only, and the one served is chosen
    expect(page.get_by_label("Phường, xã nơi có cơ quan giải quyết")).to_have_count(0)
    expect(page.get_by_label("Tỉnh, thành phố nơi có cơ quan giải quyết")).to_have_value(CITY)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )
    return page.get_by_test_id("fee-quote").inner_text()


def test_a_citizen_pays_online_and_the_dossier_proceeds_and_a_free_locality_asks_nothing(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    gateway: PaySim,
    page: Page,
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    # given the demo, with the 0-đồng decision for the judicial record in one ward only
    at = timezone.now()
    demo_loaded(at=at)
    judicial = Procedure.objects.get(national_code=CODE, local_suffix="")
    LocalFeePolicy.objects.filter(procedure=judicial).delete()
    local_fee_policy_set(
        administrative_unit_code=FREE_WARD,
        procedure=judicial,
        amount=0,
        decision_number="DEMO-01/QĐ-UBND",
        valid_from=date(at.year, 1, 1),
        at=at,
        actor="test",
    )
    scan = tmp_path / "can-cuoc.pdf"
    scan.write_bytes(PDF)

    # when the citizen reads the procedure, the fee and the local decision are both there
    page.goto(f"{live_server.url}/thu-tuc/{CODE}/")
    expect(page.get_by_role("main")).to_contain_text("200.000 đồng")
    expect(page.get_by_test_id("local-fees")).to_contain_text(
        "0 đồng (Quyết định số DEMO-01/QĐ-UBND của UBND Phường Hoàn Kiếm"
    )
    axe(page)

    # when the citizen applies (in the city, where the ward's decision does not reach), the fee
    # is shown before sending
    quote = _apply(page, live_server, scan)
    assert "200.000 đồng" in quote
    axe(page)
    screenshot(page, "payment-apply-check-fee")
    dossier = Dossier.objects.get(code=citizen_submits(page))
    assert (dossier.fee_amount, dossier.payment_stage) == (200_000, "before_processing")

    # then the dossier page asks for the payment, and reception cannot move on without it
    page.goto(f"{live_server.url}/ho-so-cua-toi/{dossier.code}/")
    request = page.get_by_test_id("payment-request")
    expect(request).to_contain_text("Yêu cầu thanh toán")
    expect(request).to_contain_text("200.000 đồng")
    axe(page)
    screenshot(page, "payment-request")
    officer = RoleAssignmentFactory.create(
        agency=dossier.receiving_agency, role=Role.ONE_STOP_OFFICER
    ).user
    with pytest.raises(Exception, match="chưa nộp phí, lệ phí"):
        dossier_transition(dossier=dossier, action="complete_step", actor=officer, at=at)

    # when they pay through the gateway
    count = page_loads(page, "citizen: pays a fee online from the dossier page, back to it")
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page).to_have_url(re.compile(re.escape(gateway.url) + "/paymentv2/vpcpay.html"))
    expect(page.get_by_role("main")).to_contain_text("200.000 VND")
    axe(page)
    screenshot(page, "payment-gateway")
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    # then they are back, paid, with an e-receipt
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh toán thành công")
    axe(page)
    screenshot(page, "payment-done")
    page.get_by_role("link", name=re.compile("Về trang hồ sơ")).click()
    fee = page.get_by_test_id("fee")
    expect(fee).to_contain_text("Đã nộp")
    expect(fee).to_contain_text("/0000001")
    expect(page.get_by_role("main")).to_contain_text("Đã nộp phí, lệ phí")
    expect(page.get_by_test_id("payment-request")).to_have_count(0)
    # the gateway, the answer back (paid, with its e-receipt), the dossier page
    assert count.stop() == 3
    axe(page)
    screenshot(page, "payment-dossier-paid")
    with page.expect_response(re.compile("/bien-lai/$")) as receipt:
        page.evaluate(
            "url => fetch(url)", f"{live_server.url}/ho-so-cua-toi/{dossier.code}/bien-lai/"
        )
    assert receipt.value.headers["content-type"] == "application/pdf"
    assert Payment.objects.filter(reference=dossier.code, status=PaymentStatus.PAID).count() == 1

    # and the dossier proceeds: the one-stop officer hands it on to processing
    dossier.refresh_from_db()
    assert dossier.paid_at is not None
    moved = dossier_transition(
        dossier=dossier, action="complete_step", actor=officer, at=timezone.now()
    )
    assert moved.status == DossierStatus.PROCESSING

    # when the city decides 0 đồng and the same procedure is filed again, no payment is asked
    local_fee_policy_set(
        administrative_unit_code=CITY,
        procedure=judicial,
        amount=0,
        decision_number="DEMO-01/QĐ-UBND",
        valid_from=date(at.year, 1, 1),
        at=at,
        actor="test",
    )
    quote = _apply(page, live_server, scan)
    assert "0 đồng (Quyết định số DEMO-01/QĐ-UBND" in quote
    screenshot(page, "payment-apply-check-free")
    free = Dossier.objects.get(code=citizen_submits(page))
    assert (free.fee_amount, free.payment_stage) == (0, "")
    page.goto(f"{live_server.url}/ho-so-cua-toi/{free.code}/")
    expect(page.get_by_test_id("fee")).to_contain_text("Không phải nộp")
    expect(page.get_by_test_id("payment-request")).to_have_count(0)
    axe(page)
    assert not Payment.objects.filter(reference=free.code).exists()
