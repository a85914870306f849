"""Journey: a citizen finds a procedure and learns what applying takes, on a desktop and a phone."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import catalog as catalog_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROCEDURE = "Đăng ký nghĩa vụ quân sự lần đầu"
# The national database titles it "Thủ tục đăng ký …"; match the words, whatever the case.
PROCEDURE_TITLE = re.compile(re.escape(PROCEDURE), re.IGNORECASE)
CODE = "1.001821"


def load_demo() -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    catalog_demo.load(at=at)


def test_citizen_finds_a_procedure_without_diacritics(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given the published demo catalogue
    load_demo()

    # when the citizen searches from the home page, typing without diacritics
    count = page_loads(page, "citizen: finds a procedure from the home page (search, filter, open)")
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("banner")).to_contain_text("Dịch vụ công trực tuyến")
    axe(page)
    page.get_by_label("Tên hoặc mã thủ tục").fill("dang ky nghia vu")
    page.get_by_role("button", name="Tìm kiếm").click()

    # then the procedure is among the results
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=dang"))
    expect(page.get_by_role("link", name=PROCEDURE)).to_be_visible()
    axe(page)
    screenshot(page, "citizen-search-results")

    # when they narrow the results by field and level
    page.get_by_label("Lĩnh vực").select_option(label="Nghĩa vụ quân sự")
    page.get_by_label("Cấp thực hiện").select_option(label="Cấp Xã")
    page.get_by_role("main").get_by_role("button", name="Tìm kiếm").click()
    expect(page).to_have_url(re.compile(r"level=commune"))
    expect(page.get_by_role("link", name=PROCEDURE)).to_be_visible()
    axe(page)

    # and open the procedure page
    page.get_by_role("link", name=PROCEDURE).click()
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(CODE)}/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(PROCEDURE_TITLE)
    expect(main).to_contain_text(CODE)
    expect(main).to_contain_text("ngày làm việc")
    expect(main).to_contain_text("0 đồng")
    expect(main.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    expect(main.get_by_role("heading", name="Trình tự thực hiện")).to_be_visible()
    expect(main.locator(".step-list__step").first).to_be_visible()
    expect(main.locator("table").first).to_be_visible()
    axe(page)
    # the home page, the results, the filtered results, the procedure's page
    assert count.stop() == 4
    screenshot(page, "citizen-procedure-page")

    # when they switch to English, the frame is in English under /en/
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(rf"/en/thu-tuc/{re.escape(CODE)}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    expect(page.get_by_role("banner")).to_contain_text("Online public services")
    expect(page.get_by_role("main")).to_contain_text("Processing time")
    axe(page)
    screenshot(page, "citizen-procedure-page-en")


def test_procedure_page_fits_a_phone(
    live_server: LiveServer,
    browser_phone: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given the demo catalogue and a 390×844 phone
    load_demo()
    page = browser_phone

    for path in ["/", "/thu-tuc/?q=dang+ky+nghia+vu", f"/thu-tuc/{CODE}/"]:
        # when the citizen opens the page
        page.goto(live_server.url + path)

        # then nothing scrolls sideways and the page passes axe
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls horizontally by {overflow}px on a phone"
        axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(PROCEDURE_TITLE)
    screenshot(page, "citizen-procedure-page-phone")


def test_unknown_procedure_answers_the_designed_404(
    live_server: LiveServer, page: Page, axe: Callable[[Page], None]
) -> None:
    response = page.goto(live_server.url + "/thu-tuc/9.999999/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    axe(page)
