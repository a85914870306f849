"""Journey: a citizen applying online chooses to receive the result by post; the address comes
prefilled from where the population registry says they live now, and "Hồ sơ của tôi" says how
the result will come back."""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts import demo as accounts_demo
from motcua.accounts.tests.oidc_sim import OidcSim, run_oidc_sim
from motcua.calendar import demo as calendar_demo
from motcua.catalog import demo as catalog_demo
from motcua.dossiers.models import Dossier
from motcua.registry.tests.simulators import RegistrySim, run_registry_sim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "1.001821"
BY_POST = "Nhận qua dịch vụ bưu chính công ích"


@pytest.fixture
def oidc_provider(tmp_path: Path, settings: Settings) -> Iterator[OidcSim]:
    with run_oidc_sim(tmp_path / "oidc-key.pem") as sim:
        settings.MOTCUA_OIDC_ISSUER = sim.issuer
        settings.MOTCUA_OIDC_CLIENT_ID = sim.client_id
        settings.MOTCUA_OIDC_CLIENT_SECRET = sim.client_secret
        yield sim


@pytest.fixture
def registry(tmp_path: Path, settings: Settings) -> Iterator[RegistrySim]:
    with run_registry_sim(tmp_path / "registry-key.pem", people=200) as sim:
        settings.MOTCUA_REGISTRY_URL = sim.url
        settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(sim.public_key_file)
        settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS = 1
        yield sim


def test_citizen_chooses_the_post_with_the_address_the_registry_holds(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    settings: Settings,
    tmp_path: Path,
) -> None:
    # given the demo, and Lê Hoàng Cường, registered in Hải Phòng, living now in Hà Nội
    settings.MEDIA_ROOT = tmp_path / "media"
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Đăng nhập bằng VNeID (mô phỏng)").click()
    page.get_by_role("button", name="Đăng nhập với tài khoản Lê Hoàng Cường").click()
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(FIRST)}/nop-ho-so/"))

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
    page.get_by_role("button", name="Xác nhận và gửi hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ đã được tiếp nhận")
    code = page.locator("#ma-ho-so").inner_text().strip()

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
