"""Journey: a citizen applying online chooses to receive the result by post; the address comes
prefilled from where the population registry says they live now, and "Hồ sơ của tôi" says how
the result will come back."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier
from motcua.registry.tests.simulators import RegistrySim
from tests.journeys.citizen import citizen_starts_applying, citizen_submits
from tests.journeys.counter_dossier import demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "1.001821"
BY_POST = "Nhận qua dịch vụ bưu chính công ích"


def test_citizen_chooses_the_post_with_the_address_the_registry_holds(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given the demo, and Lê Hoàng Cường, registered in Hải Phòng, living now in Hà Nội
    demo_loaded(at=timezone.now())
    citizen_starts_applying(page, live_server, FIRST)

    # when he lets the portal ask the population registry
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()

    # then the result is to be collected at the counter unless he says otherwise, and the postal
    # address already holds where he lives now (his temporary residence), commune included
    expect(page.get_by_role("radio", name="Nhận trực tiếp tại Bộ phận Một cửa")).to_be_checked()
    address = page.get_by_test_id("return-address")
    expect(address).to_contain_text("nơi tạm trú của bạn trong Cơ sở dữ liệu quốc gia về dân cư")
    expect(page.get_by_label("Họ tên người nhận")).to_have_value("Lê Hoàng Cường")
    expect(page.get_by_label("Số nhà, đường, thôn, xóm")).to_have_value("Số 18 đường Hai Bà Trưng")
    expect(page.get_by_label("Xã, phường, đặc khu")).to_have_value("00070")
    axe(page)

    # when he chooses the post but clears the mobile number, then that field says what is wrong
    page.get_by_role("radio", name=BY_POST).check()
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    page.get_by_label("Số điện thoại di động người nhận").fill("")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator("#id_dien_thoai_nhan-error")).to_be_visible()
    expect(page.get_by_role("radio", name=BY_POST)).to_be_checked()
    axe(page)

    # and once he types it, the check page repeats how and where the result goes
    page.get_by_label("Số điện thoại di động người nhận").fill("0912 345 678")
    page.get_by_role("button", name="Tiếp tục").click()
    summary = page.get_by_test_id("return-summary")
    expect(summary).to_contain_text(BY_POST)
    expect(summary).to_contain_text("Số 18 đường Hai Bà Trưng")
    axe(page)
    screenshot(page, "citizen-result-by-post-check")
    code = citizen_submits(page)

    # then the dossier keeps the address, and "Hồ sơ của tôi" says the result comes by post
    dossier = Dossier.objects.get(code=code)
    assert dossier.return_method == "post"
    assert dossier.return_address["street"] == "Số 18 đường Hai Bà Trưng"
    assert dossier.return_address["commune_code"] == "00070"
    assert dossier.return_address["phone"] == "0912345678"
    page.goto(f"{live_server.url}/ho-so-cua-toi/{code}/")
    expect(page.get_by_test_id("return-method")).to_contain_text(BY_POST)
    expect(page.get_by_test_id("return-method")).to_contain_text("Số 18 đường Hai Bà Trưng")
    axe(page)
