"""A citizen on the portal, logging in through the VNeID simulator (the ``oidc_provider`` fixture)
and filing online."""

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

#: A synthetic citizen of the VNeID simulator, also in the registry simulator's population.
CITIZEN = "Lê Hoàng Cường"


def citizen_logs_in(page: Page, *, person: str = CITIZEN) -> None:
    """On the portal's login page: VNeID, then ``person``'s account in the simulator."""
    page.get_by_role("button", name="Đăng nhập bằng VNeID (mô phỏng)").click()
    page.get_by_role("button", name=f"Đăng nhập với tài khoản {person}").click()


def citizen_starts_applying(
    page: Page, live_server: LiveServer, procedure: str, *, person: str = CITIZEN
) -> None:
    """From the procedure's page, "apply online", log in, and land on the form."""
    page.goto(f"{live_server.url}/thu-tuc/{procedure}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    citizen_logs_in(page, person=person)
    expect(page).to_have_url(re.compile(rf"/thu-tuc/{re.escape(procedure)}/nop-ho-so/"))


def citizen_submits(page: Page) -> str:
    """On the check page, send the dossier; its code, from the page saying it was received."""
    page.get_by_role("button", name="Xác nhận và gửi hồ sơ").click()
    errors = page.locator(".error-summary")
    assert not errors.count(), errors.all_inner_texts()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ đã được tiếp nhận")
    return page.locator("#ma-ho-so").inner_text().strip()
