"""Journey: a citizen with a prefilled identity applies for the military-service first
registration without help, counted in page loads from the procedure's page.

What once stopped people, each checked in the browser: radios with their label beside them and a
target of at least 24 px; the consented values shown once (the form's own field only when the
citizen types the value); the check page naming the registry once; the form reopened without
its key keeping the consented data (the draft belongs to the account); "Nơi giải quyết" as a
searchable picker of the places served, prefilled from the residence, naming the competent
agency; a procedure of the province asking for no ward.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import FloatRect, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier
from motcua.portal.models import ApplicationDraft
from motcua.registry.tests.simulators import RegistrySim
from tests.journeys.citizen import citizen_logs_in, citizen_submits
from tests.journeys.counter_dossier import demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "1.001821"  # Thủ tục đăng ký nghĩa vụ quân sự lần đầu (commune)
JUDICIAL = "2.001417"  # Cấp Phiếu lý lịch tư pháp (province)
HOAN_KIEM = "00070"
#: The target of issue 21: from the procedure's page to "received", logged in.
MAX_LOADS = 6


def _box(locator: Locator) -> FloatRect:
    box = locator.bounding_box()
    assert box is not None
    return box


def assert_radio_beside_its_label(radio: Locator, label: Locator) -> None:
    """A target of at least 24×24 px (WCAG 2.2, 2.5.8), the label to its right on its line."""
    button, text = _box(radio), _box(label)
    assert button["width"] >= 24, button
    assert button["height"] >= 24, button
    assert text["x"] >= button["x"] + button["width"] - 1, (button, text)
    middle = button["y"] + button["height"] / 2
    assert text["y"] <= middle <= text["y"] + text["height"], (button, text)


def test_citizen_applies_for_the_first_military_registration_in_few_page_loads(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
    new_page: Callable[..., Page],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
) -> None:
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/dang-nhap/")
    citizen_logs_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    page.wait_for_load_state("load")

    # from the procedure's page, logged in
    count = page_loads(page, "citizen: military-service first registration, logged in")
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()

    # the consented values are shown once, each with its choice beside its label
    panel = page.locator("section.prefill")
    name_item = panel.get_by_role("group", name=re.compile("^Họ, chữ đệm và tên"))
    expect(name_item).to_contain_text("Lê Hoàng Cường")
    use = name_item.get_by_role("radio", name="Dùng dữ liệu này")
    own = name_item.get_by_role("radio", name="Tôi tự nhập")
    assert_radio_beside_its_label(use, name_item.locator(f"label[for='{use.get_attribute('id')}']"))
    assert_radio_beside_its_label(own, name_item.locator(f"label[for='{own.get_attribute('id')}']"))
    typed = page.get_by_label("Họ, chữ đệm và tên", exact=True)
    expect(typed).to_have_value("Lê Hoàng Cường")
    expect(typed).to_be_hidden()
    for label in ("Số định danh cá nhân", "Ngày sinh"):
        expect(page.get_by_label(label, exact=True)).to_be_hidden()
    expect(page.get_by_label(re.compile("^Bản sao Thẻ căn cước"))).to_be_hidden()
    # choosing to type it shows the field, in the same place; using the value hides it again
    own.check()
    expect(typed).to_be_visible()
    expect(name_item.locator(".prefill__own")).to_contain_text("Họ, chữ đệm và tên")
    use.check()
    expect(typed).to_be_hidden()
    screenshot(page, "citizen-form-consented")

    # "Nơi giải quyết": the residence's ward is chosen, its competent agency named
    place = page.get_by_label("Phường, xã nơi có cơ quan giải quyết")
    expect(place).to_have_value(HOAN_KIEM)
    expect(page.locator("#co-quan-giai-quyet")).to_contain_text("Cơ quan giải quyết:")
    assert place.locator("option").count() < 10, "only the places served are offered"
    search = page.get_by_label("Tìm phường, xã theo tên")
    competent = page.locator("#co-quan-giai-quyet")
    search.fill("ba dinh")
    expect(place).to_have_value("00004")
    # the competent agency follows the place as it is picked, without a page load
    expect(competent).to_contain_text(re.compile("Ban Chỉ huy quân sự .*Ba Đình"))
    expect(competent).not_to_contain_text("Hoàn Kiếm")
    search.fill("hoan kiem")
    expect(place).to_have_value(HOAN_KIEM)
    expect(competent).to_contain_text(re.compile("Ban Chỉ huy quân sự .*Hoàn Kiếm"))
    search.fill("khong co noi nay")
    expect(page.locator(".place-search__none").first).to_have_text("Không có nơi nào khớp.")
    search.fill("")

    # the return method's radios are as large, their labels beside them
    method = page.get_by_test_id("return-method")
    counter = method.get_by_role("radio").first
    assert_radio_beside_its_label(
        counter, method.locator(f"label[for='{counter.get_attribute('id')}']")
    )

    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_role("button", name="Tiếp tục").click()

    # the check page names the registry once, and the competent agency
    main = page.get_by_role("main")
    expect(main).to_contain_text("Lấy từ Cơ sở dữ liệu quốc gia về dân cư")
    expect(main).not_to_contain_text(
        "Cơ sở dữ liệu quốc gia về dân cư: Cơ sở dữ liệu quốc gia về dân cư"
    )
    expect(main).to_contain_text("Cơ quan giải quyết")
    code = citizen_submits(page)
    loads = count.stop()
    assert loads <= MAX_LOADS, loads
    dossier = Dossier.objects.get(code=code)
    assert dossier.administrative_unit_code == HOAN_KIEM
    assert dossier.form_provenance["phieu_tu_khai_suc_khoe.full_name"]["verified"] is True
    assert not ApplicationDraft.objects.exists(), "a submitted draft is gone"


def test_the_form_reopened_without_its_key_keeps_the_consented_data(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
    new_page: Callable[..., Page],
) -> None:
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")
    citizen_logs_in(page)
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()
    expect(page).to_have_url(re.compile(r"\?khoa=[0-9a-f]{32}$"))
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )

    # when the citizen opens the form again from its plain address (a bookmark, another tab)
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")

    # then the consented data and the answers are still there
    expect(page.locator("section.prefill")).to_contain_text("Lê Hoàng Cường")
    expect(page.get_by_role("button", name="Đồng ý và lấy dữ liệu")).to_have_count(0)
    expect(page.get_by_label("Chiều cao (cm)")).to_have_value("172")

    # and on another device, signed in to the same account
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")
    citizen_logs_in(phone)
    expect(phone.locator("section.prefill")).to_contain_text("Lê Hoàng Cường")
    expect(phone.get_by_label("Cân nặng (kg)")).to_have_value("64")
    item = phone.locator("section.prefill").get_by_role(
        "group", name=re.compile("^Họ, chữ đệm và tên")
    )
    use = item.get_by_role("radio", name="Dùng dữ liệu này")
    assert_radio_beside_its_label(use, item.locator(f"label[for='{use.get_attribute('id')}']"))
    phone.get_by_role("button", name="Tiếp tục").click()
    citizen_submits(phone)

    # once submitted, the form starts afresh
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")
    expect(page.get_by_role("button", name="Đồng ý và lấy dữ liệu")).to_be_visible()


def test_a_procedure_of_the_province_asks_for_no_ward(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    page: Page,
) -> None:
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/thu-tuc/{JUDICIAL}/nop-ho-so/")
    citizen_logs_in(page)

    expect(page.get_by_label("Phường, xã nơi có cơ quan giải quyết")).to_have_count(0)
    city = page.get_by_label("Tỉnh, thành phố nơi có cơ quan giải quyết")
    expect(city).to_have_value("01")
    expect(page.get_by_role("main")).to_contain_text(
        "Thủ tục này do cấp tỉnh giải quyết: chỉ cần chọn tỉnh, thành phố."
    )
    expect(page.locator("#co-quan-giai-quyet")).to_contain_text("Sở Tư pháp")


def test_my_dossiers_puts_what_needs_the_citizen_first_and_keeps_drafts(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    browser_phone: Page,
) -> None:
    # given a citizen (on a phone) with a dossier whose agency asks for a supplement
    page = browser_phone
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")
    citizen_logs_in(page)
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_role("button", name="Tiếp tục").click()
    code = citizen_submits(page)
    Dossier.objects.filter(code=code).update(status="supplement_requested")
    # and an application started and left
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/nop-ho-so/")
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()
    page.get_by_label("Chiều cao (cm)").fill("180")
    page.get_by_label("Cân nặng (kg)").fill("70")
    page.get_by_role("button", name="Tiếp tục").click()

    # when they open "Hồ sơ của tôi"
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()

    # then the supplement asked is the first thing on the page, before the list
    inbox = page.get_by_test_id("inbox")
    expect(inbox.get_by_role("link").first).to_have_text(re.compile(f"^Bổ sung hồ sơ: {code}$"))
    inbox_box = inbox.bounding_box()
    listing = page.get_by_role("heading", name="Tất cả hồ sơ").bounding_box()
    assert inbox_box is not None
    assert listing is not None
    assert inbox_box["y"] < listing["y"]
    # and the application in progress is kept, and continues where it was left
    drafts = page.get_by_test_id("drafts")
    expect(drafts).to_contain_text("Thủ tục đăng ký nghĩa vụ quân sự lần đầu")
    drafts.get_by_role("link", name=re.compile("^Tiếp tục nộp")).click()
    expect(page.get_by_label("Chiều cao (cm)")).to_have_value("180")
    expect(page.locator("section.prefill")).to_contain_text("Lê Hoàng Cường")


def test_a_citizen_finds_an_office_its_hours_phone_and_map(
    live_server: LiveServer,
    browser_phone: Page,
) -> None:
    page = browser_phone
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Nơi nộp hồ sơ").click()
    page.get_by_label("Tìm theo tên, địa chỉ, phường, xã").fill("hoan kiem")
    page.get_by_role("main").get_by_role("button", name="Tìm kiếm").click()

    offices = page.get_by_test_id("offices")
    expect(offices.get_by_role("heading")).to_have_text(
        ["Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm"]
    )
    expect(offices).to_contain_text("Thứ Hai – Thứ Sáu")
    expect(offices.get_by_role("link", name="024 3333 1002")).to_have_attribute(
        "href", "tel:02433331002"
    )
    expect(offices.get_by_role("link", name=re.compile("^Xem bản đồ"))).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/search\?query=")
    )


def tab_to(page: Page, target: Locator, *, limit: int = 120) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    for _press in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} was not reached with {limit} presses of Tab")


def test_the_application_is_completed_with_the_keyboard_only(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
) -> None:
    demo_loaded(at=timezone.now())
    page.goto(f"{live_server.url}/thu-tuc/{FIRST}/")
    tab_to(page, page.get_by_role("button", name="Nộp hồ sơ trực tuyến"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Đăng nhập bằng VNeID (mô phỏng)"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Đăng nhập với tài khoản Lê Hoàng Cường"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Đồng ý và lấy dữ liệu"))
    page.keyboard.press("Enter")

    # the citizen declines the name and types it: the field opens where the choice is
    item = page.locator("section.prefill").get_by_role(
        "group", name=re.compile("^Họ, chữ đệm và tên")
    )
    tab_to(page, item.get_by_role("radio", name="Dùng dữ liệu này"))
    page.keyboard.press("ArrowRight")
    expect(item.get_by_role("radio", name="Tôi tự nhập")).to_be_checked()
    typed = page.get_by_label("Họ, chữ đệm và tên", exact=True)
    tab_to(page, typed)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Lê Hoàng Cường")
    tab_to(page, page.get_by_label("Chiều cao (cm)"))
    page.keyboard.type("172")
    tab_to(page, page.get_by_label("Cân nặng (kg)"))
    page.keyboard.type("64")
    tab_to(page, page.get_by_role("button", name="Tiếp tục"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiểm tra thông tin trước khi gửi hồ sơ"
    )
    tab_to(page, page.get_by_role("button", name="Xác nhận và gửi hồ sơ"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ đã được tiếp nhận")
    code = page.locator("#ma-ho-so").inner_text().strip()
    provenance = Dossier.objects.get(code=code).form_provenance
    assert provenance["phieu_tu_khai_suc_khoe.full_name"]["source"] == "applicant"
