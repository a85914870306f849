"""Journey: from the procedure's page a citizen books a counter slot for that procedure; at the
counter the one-stop officer opens the booking from the day list, the intake form comes filled
from it, and the dossier received keeps the booking's code."""

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.appointments.models import Appointment
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier
from motcua_dev.demo import appointments as appointments_demo
from tests.journeys.citizen import CITIZEN, citizen_logs_in
from tests.journeys.counter_dossier import PDF, PROCEDURE_CODE, demo_loaded
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Trung tâm Phục vụ hành chính công Thành phố Hà Nội"


def test_a_booking_made_from_the_procedure_page_is_received_at_the_counter(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    page: Page,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
) -> None:
    at = timezone.now()
    demo_loaded(at=at)
    appointments_demo.load(at=at)
    base = live_server.url

    # when the citizen books from the procedure's page, the procedure is already filled in
    page.goto(f"{base}/thu-tuc/{PROCEDURE_CODE}/")
    page.get_by_test_id("book-a-slot").get_by_role("link", name="Đặt lịch hẹn nộp hồ sơ").click()
    citizen_logs_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt lịch hẹn nộp hồ sơ")
    expect(page.get_by_label("Mã thủ tục")).to_have_value(PROCEDURE_CODE)
    page.get_by_label("Nơi nộp hồ sơ").select_option(label=UNIT)
    page.get_by_role("button", name="Xem khung giờ còn chỗ").click()
    slots = page.get_by_test_id("booking-slots")
    slots.get_by_role("radio").first.check()
    slots.get_by_role("button", name="Đặt lịch hẹn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đặt lịch hẹn")
    booking = Appointment.objects.select_related("procedure").get()
    assert booking.procedure.code == PROCEDURE_CODE

    # and the one-stop officer, on the day, receives from the day list
    officer = new_page()
    sign_in(officer, base, "canbo.motcua", axe)
    count = page_loads(officer, "one-stop officer: receives a booked citizen from the day list")
    officer.get_by_role("link", name="Lịch hẹn").click()
    officer.get_by_label("Ngày").fill(booking.starts_at.astimezone(LOCAL_TZ).date().isoformat())
    officer.get_by_role("button", name="Xem").click()
    officer.get_by_role("link", name=f"Tiếp nhận {booking.code}").click()

    # then the intake form is the booked procedure's, filled from the citizen's VNeID identity
    expect(officer.get_by_test_id("intake-booking")).to_contain_text(booking.code)
    expect(officer.get_by_label("Số định danh cá nhân", exact=True)).to_have_value("031203004567")
    expect(officer.get_by_label("Họ, chữ đệm và tên", exact=True)).to_have_value(CITIZEN)
    expect(officer.get_by_label("Ngày sinh", exact=True)).to_have_value("2003-01-20")
    axe(officer)

    # when the officer adds what the declaration asks and the scan, and receives the dossier
    officer.get_by_label("Loại Phiếu yêu cầu cấp").select_option("2")
    officer.get_by_label("Mục đích sử dụng Phiếu").fill("Bổ sung hồ sơ xin việc")
    scan: FilePayload = {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    officer.locator("#id_d__can_cuoc").set_input_files(files=[scan])
    officer.get_by_role("button", name="Tiếp nhận hồ sơ").click()

    # then the receipt and the dossier carry the booking's code
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    )
    expect(officer.get_by_test_id("appointment-code")).to_have_text(booking.code)
    # the day list, the booking's day, the intake form filled from it, the receipt
    assert count.stop() == 4
    dossier = Dossier.objects.select_related("applicant").get()
    assert dossier.appointment_code == booking.code
    assert dossier.applicant.personal_id == "031203004567"
    axe(officer)
