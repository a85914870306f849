"""Journey: a citizen applies online (logging in through VNeID) and tracks the dossier by code."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier
from tests.journeys.counter_dossier import PDF, demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "1.001821"


def test_citizen_applies_online_and_tracks_the_dossier_by_code(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    page: Page,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
    page_loads: Callable[[Page, str], Any],
) -> None:
    # given the demo catalogue, agencies and calendar
    demo_loaded(at=timezone.now())
    scan = tmp_path / "can-cuoc.pdf"
    scan.write_bytes(PDF)

    # when the citizen opens the procedure and chooses to apply online
    page.goto(f"{live_server.url}/thu-tuc/{CODE}/")
    axe(page)
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()

    # then they are asked to log in, and log in through VNeID
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next="))
    axe(page)
    screenshot(page, "citizen-login")
    page.get_by_role("button", name="Đăng nhập bằng VNeID (mô phỏng)").click()
    expect(page).to_have_url(re.compile(re.escape(oidc_provider.issuer) + "/authorize"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn tài khoản định danh mức 2")
    axe(page)
    screenshot(page, "citizen-vneid-simulator")
    page.get_by_role("button", name="Đăng nhập với tài khoản Lê Hoàng Cường").click()

    # and land on the generated form, their identity already filled in
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(CODE)}/nop-ho-so/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("nghĩa vụ quân sự lần đầu")
    expect(page.get_by_label("Họ, chữ đệm và tên")).to_have_value("Lê Hoàng Cường")
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value("031203004567")
    axe(page)

    # when they send it incomplete, every problem is listed and what they typed is kept
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.locator(".error-summary")).to_contain_text("Vui lòng nhập cân nặng (kg).")
    expect(page.locator(".error-summary")).to_contain_text("Vui lòng chọn phường, xã")
    expect(page.get_by_label("Chiều cao (cm)")).to_have_value("172")
    axe(page)
    screenshot(page, "citizen-apply-errors")

    # and when they complete it, upload a small PDF and continue
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_label(re.compile("^Bản sao Thẻ căn cước")).set_input_files(str(scan))
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    screenshot(page, "citizen-apply-form")
    page.get_by_role("button", name="Tiếp tục").click()

    # then they check their answers before sending
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )
    expect(page.get_by_role("main")).to_contain_text("can-cuoc.pdf")
    expect(page.get_by_role("main")).to_contain_text("Phường Hoàn Kiếm")
    axe(page)
    screenshot(page, "citizen-apply-check")
    page.get_by_role("button", name="Xác nhận và gửi hồ sơ").click()

    # and see the dossier code and the due date
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ đã được tiếp nhận")
    code = page.locator("#ma-ho-so").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.channel == "online"
    assert dossier.competent_agency.name == "Ban Chỉ huy quân sự Phường Hoàn Kiếm"
    expect(page.get_by_role("main")).to_contain_text("Ngày hẹn trả kết quả")
    axe(page)
    screenshot(page, "citizen-apply-done")

    # when they open "my dossiers", the dossier is there, with its steps
    page.get_by_role("main").get_by_role("link", name="Hồ sơ của tôi").click()
    expect(page.get_by_role("link", name=code, exact=True)).to_be_visible()
    axe(page)
    screenshot(page, "citizen-my-dossiers")
    page.get_by_role("link", name=code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {code}")
    expect(page.get_by_role("main")).to_contain_text("can-cuoc.pdf")
    axe(page)
    screenshot(page, "citizen-my-dossier")

    # then an anonymous visitor looks the code up, on a phone, and sees no personal data
    visitor = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    lookup = page_loads(visitor, "anyone: looks a dossier up by its code, typed in lower case")
    visitor.goto(f"{live_server.url}/tra-cuu/")
    axe(visitor)
    visitor.get_by_label("Mã hồ sơ").fill(code.lower())
    visitor.get_by_role("button", name="Tra cứu").click()
    expect(visitor).to_have_url(re.compile(rf"/tra-cuu/{re.escape(code)}/$"))
    # the lookup page, the dossier's status
    assert lookup.stop() == 2
    main = visitor.get_by_role("main")
    expect(main).to_contain_text("Đã tiếp nhận")
    expect(main).to_contain_text("Ban Chỉ huy quân sự Phường Hoàn Kiếm")
    expect(main).not_to_contain_text("Lê Hoàng Cường")
    expect(main).not_to_contain_text("031203004567")
    overflow = visitor.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    axe(visitor)
    screenshot(visitor, "citizen-lookup-phone")
    visitor.goto(f"{live_server.url}/tra-cuu/KHONG-CO/")
    expect(visitor.locator(".error-message")).to_contain_text("Không tìm thấy hồ sơ có mã")
    axe(visitor)
