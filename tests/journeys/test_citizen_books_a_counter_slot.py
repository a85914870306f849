"""Journey: a citizen books a counter slot (đặt lịch hẹn) at a one-stop unit, on a desktop and on a
phone; the confirmation carries the booking code and its QR code; the one-stop officer finds the
booking in the unit's day list; the citizen cancels it."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.appointments.models import Appointment, AppointmentStatus
from motcua.core.localtime import LOCAL_TZ
from motcua_dev.demo import appointments as appointments_demo
from tests.journeys.citizen import citizen_logs_in
from tests.journeys.counter_dossier import demo_loaded
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Trung tâm Phục vụ hành chính công Thành phố Hà Nội"
CODE = "1.001821"


def _demo() -> None:
    at = timezone.now()
    demo_loaded(at=at)
    appointments_demo.load(at=at)


def _book(page: Page, base: str, axe: Callable[[Page], None]) -> Appointment:
    """From the office finder to the confirmation; the booking made."""
    page.goto(base + "/noi-nop-ho-so/")
    page.get_by_role("link", name=f"Đặt lịch hẹn tại đây ({UNIT})").click()
    citizen_logs_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt lịch hẹn nộp hồ sơ")
    # the office chosen in the finder is chosen here, and nothing is called an error yet
    expect(page.get_by_label("Nơi nộp hồ sơ").locator("option:checked")).to_have_text(UNIT)
    expect(page.locator(".error-summary")).to_have_count(0)
    axe(page)
    page.get_by_label("Mã thủ tục").fill(CODE)
    page.get_by_role("button", name="Xem khung giờ còn chỗ").click()
    slots = page.get_by_test_id("booking-slots")
    expect(slots.get_by_role("group")).to_contain_text(UNIT)
    axe(page)
    first = slots.get_by_role("radio").first
    chosen = first.get_attribute("value")
    first.check()
    slots.get_by_role("button", name="Đặt lịch hẹn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đặt lịch hẹn")
    booking = Appointment.objects.get()
    assert booking.starts_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M") == chosen
    expect(page.get_by_test_id("booking-code")).to_have_text(booking.code)
    expect(page.get_by_test_id("booking-qr").locator("svg")).to_be_visible()
    axe(page)
    return booking


def test_a_citizen_books_a_slot_the_officer_sees_it_the_citizen_cancels(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    page: Page,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
) -> None:
    _demo()
    count = page_loads(page, "citizen: books a counter slot from the office finder")
    booking = _book(page, live_server.url, axe)
    # the office finder, the login page and the simulator's account page, the booking page, its
    # slots, the confirmation
    assert count.stop() == 6
    screenshot(page, "citizen-booking-confirmed")

    # the one-stop officer of the unit finds it in the day list
    officer = new_page()
    sign_in(officer, live_server.url, "canbo.motcua", axe)
    officer.get_by_role("link", name="Lịch hẹn").click()
    day = booking.starts_at.astimezone(LOCAL_TZ).date().isoformat()
    officer.get_by_label("Ngày").fill(day)
    officer.get_by_role("button", name="Xem").click()
    expect(officer.get_by_test_id("appointments-day")).to_contain_text(booking.code)
    axe(officer)

    # the citizen cancels; the seat is free again
    page.get_by_role("button", name="Huỷ lịch hẹn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch hẹn đã huỷ")
    expect(page.get_by_role("status")).to_contain_text(f"Đã huỷ lịch hẹn {booking.code}")
    axe(page)
    booking.refresh_from_db()
    assert booking.status == AppointmentStatus.CANCELLED
    officer.reload()
    expect(officer.get_by_test_id("appointments-day")).to_have_count(0)


def test_on_a_phone_a_citizen_books_a_slot(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    _demo()
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    booking = _book(phone, live_server.url, axe)
    assert re.fullmatch(r"[2-9A-Z]{8}", booking.code)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(phone, "citizen-booking-confirmed-phone")
