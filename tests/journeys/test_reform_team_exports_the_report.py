"""Journey: the reform team reads the report to the Government Office on the page, downloads it
as XLSX, and finds every figure of the file equal to the page's."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.reform.tests.exported_report import assert_same_report
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CELLS = """tables => tables.map(t => [...t.tBodies[0].rows].map(
    r => [...r.cells].map(c => c.textContent.trim())))"""


def test_the_exported_report_equals_the_page(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None], tmp_path: Path
) -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    reform_demo.load(at=at, dossiers=20)
    today = timezone.localdate(at)

    sign_in(page, live_server.url, "caicach.vanphong", axe)
    page.goto(f"{live_server.url}/can-bo/cai-cach/")
    workspace = page.get_by_role("navigation", name="Không gian làm việc của tổ công tác cải cách")
    workspace.get_by_role("link", name="Báo cáo, định mức").click()
    page.get_by_label("Đến ngày").fill(today.isoformat())
    page.get_by_role("button", name="Xem báo cáo").click()
    report = page.locator("#bao-cao")
    expect(report).to_contain_text(f"đến {today.strftime('%d/%m/%Y')}")
    plans = report.locator("table.report-section").nth(1)
    expect(plans).not_to_contain_text("Không có số liệu.")
    expect(plans).to_contain_text("Bãi bỏ thủ tục")
    axe(page)
    shown = page.locator("table.report-section").evaluate_all(CELLS)

    with page.expect_download() as download:
        report.get_by_role("link", name="Tải báo cáo (XLSX)").click()
    path = tmp_path / "bao-cao.xlsx"
    download.value.save_as(path)

    assert assert_same_report(shown, path.read_bytes()) >= 20
