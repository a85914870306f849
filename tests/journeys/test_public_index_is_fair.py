"""Journey: anyone reads the Decision 766 index at /chi-so/ and is not misled by one dossier.

The Department of Justice has received a single dossier this year: it is not ranked and its
indicators read "chưa đủ dữ liệu" instead of full marks; the province filter names provinces; the
trend chart has its axes and month labels, with the table of its figures.
"""

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.reporting.aggregates import reporting_rebuild
from tests.journeys import counter_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JUSTICE = "Sở Tư pháp Thành phố Hà Nội"


def test_the_index_shows_not_enough_data_for_an_agency_with_one_dossier(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None]
) -> None:
    now = timezone.now()
    dossier = counter_dossier.received_at_the_counter(at=now)
    reporting_rebuild()
    month = f"{timezone.localtime(dossier.received_at):%m/%Y}"

    page.goto(f"{live_server.url}/chi-so/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=JUSTICE))
    expect(row).to_contain_text("Chưa đủ dữ liệu (1 hồ sơ)")
    expect(row.get_by_role("cell").first).not_to_have_text("1")
    province = page.get_by_label("Tỉnh, thành phố")
    expect(province.locator("option", has_text="Hà Nội")).to_have_count(1)
    expect(province.locator("option", has_text="01")).to_have_count(0)
    chart = page.locator("svg.trend__chart")
    expect(chart).to_contain_text(month)
    expect(chart).to_contain_text("100 %")
    expect(
        page.locator("#bang-xu-huong").get_by_role("row").filter(has_text=month)
    ).to_contain_text("dưới 5")
    axe(page)

    page.get_by_role("link", name=JUSTICE).click()
    expect(page.get_by_test_id("indicator-1.2")).to_contain_text("chưa đủ dữ liệu")
    expect(page.get_by_test_id("indicator-1.2")).to_contain_text("0,00 /")
    axe(page)
