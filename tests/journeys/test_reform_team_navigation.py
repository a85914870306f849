"""Journey: the reform team's navigation offers only pages that open for them."""

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_link_of_the_reform_team_s_navigation_opens(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None]
) -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)

    sign_in(page, live_server.url, "caicach.vanphong", axe)

    nav = page.get_by_role("navigation", name="Trang cán bộ")
    expect(nav.get_by_role("link", name="Tiếp nhận hồ sơ")).to_have_count(0)
    expect(nav.get_by_role("link", name="Số hóa hồ sơ giấy")).to_have_count(0)
    labels = nav.get_by_role("link").all_inner_texts()
    assert "Cải cách TTHC" in labels
    for label in labels:
        with page.expect_navigation() as navigation:
            page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
                "link", name=label, exact=True
            ).click()
        response = navigation.value
        assert response is not None, label
        assert response.status == 200, label
        expect(
            page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
                "link", name=label, exact=True
            )
        ).to_have_attribute("aria-current", "page")
