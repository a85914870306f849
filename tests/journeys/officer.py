"""An officer in the back office: signing in and out, the work queue, and the step buttons."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from motcua_dev.demo import accounts as accounts_demo

PASSWORD = accounts_demo.DEMO_PASSWORD
NEXT_STEP = "Chuyển bước tiếp theo"


def sign_in(
    page: Page, base: str, username: str, axe: Callable[[Page], None], password: str = PASSWORD
) -> None:
    page.goto(base + "/can-bo/dang-nhap/")
    axe(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    axe(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/can-bo/dang-nhap/$"))


def open_queue(page: Page, axe: Callable[[Page], None]) -> None:
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Hồ sơ cần xử lý"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    axe(page)


def open_from_queue(page: Page, code: str, axe: Callable[[Page], None]) -> None:
    open_queue(page, axe)
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    axe(page)


def show_action(page: Page, button: str) -> None:
    """The action ``button`` in view: the suggested one is, any other is one click away, under
    "Thao tác khác"."""
    if not page.get_by_role("button", name=button, exact=True).is_visible():
        page.get_by_text("Thao tác khác", exact=True).click()


def act(page: Page, axe: Callable[[Page], None], button: str, status: str) -> None:
    """Press ``button`` on the dossier page; it is done and the dossier's status is ``status``."""
    show_action(page, button)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã thực hiện: {button}")
    expect(page.get_by_role("main").locator(".tag").first).to_have_text(status)
    axe(page)


def complete_step(page: Page, axe: Callable[[Page], None], status: str) -> None:
    act(page, axe, NEXT_STEP, status)
