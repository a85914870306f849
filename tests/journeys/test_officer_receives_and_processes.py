"""Journey: a dossier received at the counter walks through every step to the returned result.

The one-stop officer receives it (after a wrong personal ID), the specialist and the leader of
the Department of Justice do their steps, and the one-stop officer returns the result.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.dossiers.models import Dossier
from motcua_dev.testing.signing import LocalSigning
from tests.journeys.counter_dossier import PDF, PROCEDURE_CODE, demo_loaded
from tests.journeys.officer import complete_step, open_from_queue, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_applicant(page: Page, personal_id: str) -> None:
    page.get_by_label("Số định danh cá nhân", exact=True).fill(personal_id)
    page.get_by_label("Họ, chữ đệm và tên", exact=True).fill("Phạm Thị Mai")
    page.get_by_label("Ngày sinh", exact=True).fill("1992-08-20")
    page.get_by_label("Giới tính").select_option("female")
    page.get_by_label("Số điện thoại di động (không bắt buộc)").fill("0987654321")
    page.get_by_label("Nơi cư trú", exact=True).fill("Số 5 phố Tràng Tiền, Phường Hoàn Kiếm")
    # what the judicial-record declaration asks: the form of the Phiếu and its purpose
    page.get_by_label("Loại Phiếu yêu cầu cấp").select_option("2")
    page.get_by_label("Mục đích sử dụng Phiếu").fill("Bổ sung hồ sơ xin việc")
    scan: FilePayload = {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    page.locator("#id_d__can_cuoc").set_input_files(files=[scan])


def test_officer_receives_at_the_counter_and_the_dossier_is_processed_to_the_result(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    signing: LocalSigning,
    page_loads: Callable[[Page, str], Any],
) -> None:
    # given the demo agencies, officers, calendar and catalogue, and the leader's certificate
    demo_loaded(at=timezone.now())
    signing.enrol("lanhdao.tuphap")
    base = live_server.url

    # when the one-stop officer signs in and finds the procedure without diacritics
    sign_in(page, base, "canbo.motcua", axe)
    count = page_loads(page, "one-stop officer: receives a dossier at the counter, one wrong ID")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    axe(page)
    page.get_by_label("Tìm thủ tục theo tên hoặc mã").fill("ly lich tu phap")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name=re.compile("Cấp Phiếu lý lịch tư pháp")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu lý lịch tư pháp")
    axe(page)
    screenshot(page, "officer-intake-form")

    # and types a personal ID whose 4th digit says male for a woman
    fill_applicant(page, "001092012345")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    # then the error is summarised and shown next to the field, and what was typed is kept
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Có lỗi cần sửa")
    expect(summary).to_contain_text("không khớp với giới tính")
    expect(page.locator("#id_personal_id-error")).to_contain_text("chữ số thứ 4")
    expect(page.get_by_label("Họ, chữ đệm và tên", exact=True)).to_have_value("Phạm Thị Mai")
    axe(page)
    screenshot(page, "officer-intake-error")

    # when they correct it (and choose the scan again)
    fill_applicant(page, "001192012345")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    # then the receipt shows the dossier code, the due date and a link to print it
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    )
    # the search page, its results, the form, the form with the wrong ID, the receipt
    assert count.stop() == 5
    dossier = Dossier.objects.get()
    assert dossier.competent_agency.code == "000.00.10.H26"  # Sở Tư pháp
    expect(page.get_by_test_id("dossier-code")).to_have_text(dossier.code)
    expect(page.get_by_role("button", name="In giấy tiếp nhận")).to_have_attribute(
        "href", f"/api/v1/dossiers/{dossier.code}/slips/01/"
    )
    axe(page)
    screenshot(page, "officer-intake-receipt")

    # and the officer hands it over to the Department of Justice
    open_from_queue(page, dossier.code, axe)
    complete_step(page, axe, "Đang giải quyết")
    sign_out(page)

    # when the specialist looks it up, verifies and drafts the certificate
    sign_in(page, base, "chuyenvien.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    screenshot(page, "officer-dossier-specialist")
    complete_step(page, axe, "Đang giải quyết")
    complete_step(page, axe, "Đang giải quyết")
    sign_out(page)

    # and the leader looks at the document, then signs what was shown
    sign_in(page, base, "lanhdao.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    page.get_by_test_id("result-draft").get_by_role("button", name="Xem trước văn bản").click()
    expect(page.get_by_test_id("results")).to_contain_text("Đang ký duyệt")
    complete_step(page, axe, "Đã có kết quả")
    sign_out(page)

    # and the one-stop officer returns the result
    sign_in(page, base, "canbo.motcua", axe)
    open_from_queue(page, dossier.code, axe)
    complete_step(page, axe, "Đã trả kết quả")

    # then the history shows every hand-over, with its actor and outcome
    history = page.get_by_role("table")
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(6)
    for text in (
        "Tiếp nhận hồ sơ",
        "Tra cứu, xác minh thông tin lý lịch tư pháp",
        "Lập Phiếu lý lịch tư pháp",
        "Ký Phiếu",
        "Trả kết quả",
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
        "Lê Thị Hương",
    ):
        expect(history).to_contain_text(text)
    expect(rows.nth(5)).to_contain_text(re.compile("Trước hạn|Đúng hạn"))
    expect(page.get_by_text("Bạn không có thao tác nào")).to_be_visible()
    screenshot(page, "officer-dossier-returned")
    dossier.refresh_from_db()
    assert dossier.status == "returned"


def test_officer_work_queue_on_a_phone(
    live_server: LiveServer,
    browser_phone: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given the demo data
    demo_loaded(at=timezone.now())

    # when the one-stop officer signs in on a phone and opens the intake form and the queue
    sign_in(browser_phone, live_server.url, "canbo.motcua", axe)
    browser_phone.goto(live_server.url + f"/can-bo/tiep-nhan/{PROCEDURE_CODE}/")
    axe(browser_phone)
    screenshot(browser_phone, "officer-intake-phone")
    browser_phone.goto(live_server.url + "/can-bo/ho-so/")

    # then the page fits the screen and passes the accessibility check
    expect(browser_phone.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    width = browser_phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    axe(browser_phone)
    screenshot(browser_phone, "officer-queue-phone")
