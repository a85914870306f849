"""Journey: a citizen applies online for permanent residence (1.004194, fully online) in Phường
Hoàn Kiếm; the ward's police are competent, and the ward centre's one-stop officer finds the
dossier in the work queue at once."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier
from tests.journeys.citizen import citizen_starts_applying, citizen_submits
from tests.journeys.counter_dossier import PDF, demo_loaded
from tests.journeys.officer import open_from_queue, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERMANENT_RESIDENCE = "1.004194"


def test_citizen_applies_for_permanent_residence_in_hoan_kiem_and_an_officer_receives_it(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    browser: Browser,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    # given the demo catalogue, agencies and calendar
    demo_loaded(at=timezone.now())
    proof = tmp_path / "hop-dong-thue-nha.pdf"
    proof.write_bytes(PDF)

    # when the citizen applies online for permanent residence in Phường Hoàn Kiếm
    citizen_starts_applying(page, live_server, PERMANENT_RESIDENCE)
    expect(page.get_by_role("main").get_by_role("heading", level=1)).to_contain_text(
        "Đăng ký thường trú"
    )
    # exact: the form also asks the names and numbers of the household members moving along
    page.get_by_label("Họ, chữ đệm và tên", exact=True).fill("Lê Hoàng Cường")
    page.get_by_label("Số định danh cá nhân", exact=True).fill("031203004567")
    page.get_by_label("Ngày sinh", exact=True).fill("2003-05-12")
    page.get_by_label("Nơi cư trú").fill("Số 18 đường Hai Bà Trưng, Phường Hoàn Kiếm")
    page.get_by_label("Địa chỉ đề nghị đăng ký thường trú").fill(
        "Số 7 phố Hàng Bài, Phường Hoàn Kiếm"
    )
    page.get_by_label(re.compile("^Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp")).set_input_files(
        str(proof)
    )
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    axe(page)
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )
    expect(page.get_by_role("main")).to_contain_text("Phường Hoàn Kiếm")
    axe(page)

    # then sending it is accepted, not refused for want of a competent agency
    code = citizen_submits(page)
    expect(page.get_by_role("main")).not_to_contain_text("Không xác định được cơ quan")
    axe(page)
    screenshot(page, "citizen-permanent-residence-received")
    dossier = Dossier.objects.get(code=code)
    assert dossier.channel == "online"
    assert dossier.competent_agency.name == "Công an Phường Hoàn Kiếm"

    # and the one-stop officer of the ward's centre finds it in the work queue and opens it
    officer = browser.new_context(locale="vi-VN").new_page()
    try:
        sign_in(officer, live_server.url, "canbo.hoankiem", axe)
        open_from_queue(officer, code, axe)
        expect(officer.get_by_role("main")).to_contain_text("Đăng ký thường trú")
        expect(officer.get_by_role("main")).to_contain_text("Công an Phường Hoàn Kiếm")
        screenshot(officer, "officer-receives-permanent-residence")
    finally:
        officer.context.close()
