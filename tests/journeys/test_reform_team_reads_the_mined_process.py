"""Journey: the reform team reads the process the demo's dossiers really followed.

The leader's signing step is slow and records no refusal, but the process definition marks it as
the step that signs: it is never proposed for cutting, while the assignment step that only hands
over is. Rows of the history the SLA sweep writes read in Vietnamese in the variants.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.dossiers.sla import dossier_sla_sweep
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUT = "đề xuất cắt bỏ khâu trung gian"


def test_the_mined_process_proposes_no_cut_of_the_signing_step(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None]
) -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    reform_demo.load(at=at, dossiers=30)
    dossier_sla_sweep(now=at + timedelta(days=30))

    sign_in(page, live_server.url, "caicach.vanphong", axe)
    page.goto(f"{live_server.url}/can-bo/cai-cach/quy-trinh/")
    page.get_by_role("link", name=reform_demo.MINED_CODE).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cấp bản sao trích lục hộ tịch")
    axe(page)

    table = page.locator("#bang-cac-buoc")
    signing = table.get_by_role("row").filter(has_text="Ký bản sao trích lục")
    expect(signing).to_contain_text("Bước ký số kết quả: không đề xuất cắt bỏ")
    expect(signing).not_to_contain_text(CUT)
    expect(table.get_by_role("row").filter(has_text="Phân công xử lý")).to_contain_text(CUT)
    expect(table).to_contain_text(CUT)

    variants = page.get_by_role("heading", name="Các biến thể quy trình thường gặp").locator(
        "xpath=following-sibling::ol[1]"
    )
    expect(variants).to_contain_text("Tiếp nhận hồ sơ")
    for raw in ("due_soon", "became_late", "apology_drafted", "submit"):
        expect(page.get_by_role("main")).not_to_contain_text(raw)
