"""Journey: an officer signs in to the back-office, after first mistyping the password."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua_dev.demo import accounts as accounts_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_after_a_wrong_password(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given the demo agencies and officers
    accounts_demo.load(at=timezone.now())
    username, password, _role = accounts_demo.DEMO_LOGINS[0]

    # when the officer types a wrong password
    page.goto(live_server.url + "/can-bo/dang-nhap/")
    axe(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password + "-sai")
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()

    # then the error is summarised at the top, in Vietnamese, and shown next to the field
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Có lỗi cần sửa")
    expect(summary).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    expect(summary).to_be_focused()
    expect(page.locator("#id_password-error")).to_contain_text("mật khẩu không đúng")
    axe(page)
    screenshot(page, "officer-login-error")

    # when they retype it correctly
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()

    # then they see their home page with their roles
    expect(page).to_have_url(re.compile(r"/can-bo/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    expect(page.get_by_role("main").locator("table")).to_be_visible()
    axe(page)
    screenshot(page, "officer-home")

    # and can sign out
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/can-bo/dang-nhap/$"))
