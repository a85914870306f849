"""Journey: the one-stop officer scans a Vietnamese paper document at the counter, confirms the ID
number read from it, and finds it again by a word of its text typed without accents.

The officer's answer comes before the OCR: the page says "đang xử lý" until the worker (run here
as ``motcua worker`` runs it) has read the scan with the real Tesseract (Vietnamese data).
"""

import re
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.core.outbox import outbox_run_due
from motcua.documents.models import StoredDocument
from motcua.documents.tests.samples import text_image
from motcua_dev.demo import accounts as accounts_demo
from tests.journeys.counter_dossier import received_at_the_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAL_ID = "001192012345"
LINES = ["Giấy khai sinh", "Họ và tên: Phạm Thị Mai", f"Số định danh: {PERSONAL_ID}"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_CLAMD_ADDRESS = ""


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_officer_scans_a_paper_document_and_finds_it_by_a_word(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None]
) -> None:
    dossier = received_at_the_counter(at=timezone.now())
    base = live_server.url

    page.goto(base + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.motcua")
    page.get_by_label("Mật khẩu").fill(accounts_demo.DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    # the counter: scan the applicant's paper birth certificate into her dossier
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Số hóa hồ sơ giấy"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Số hóa hồ sơ giấy")
    axe(page)
    page.get_by_label("Mã hồ sơ (không bắt buộc)").fill(dossier.code)
    page.get_by_label("Loại giấy tờ").fill("Giấy khai sinh")
    page.get_by_label("Bản quét").set_input_files(
        FilePayload(name="khai-sinh.png", mimeType="image/png", buffer=text_image(LINES))
    )
    page.get_by_role("button", name="Số hóa bản quét").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Đã số hóa và lưu bản quét; văn bản đang được nhận dạng."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Giấy khai sinh")
    expect(page.get_by_test_id("ocr-text")).to_contain_text("Đang xử lý")
    axe(page)

    # the worker reads the scan; the officer looks again
    outbox_run_due(now=timezone.now() + timedelta(minutes=1))
    page.get_by_role("link", name="Xem lại kết quả").click()
    expect(page.get_by_test_id("ocr-text")).to_contain_text("Phạm Thị Mai")
    axe(page)

    # the ID number read from the scan is offered; the officer confirms it
    expect(page.get_by_label("Số định danh cá nhân")).to_have_value(PERSONAL_ID)
    page.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    page.get_by_role("button", name="Xác nhận thông tin").click()
    expect(page.get_by_role("status")).to_contain_text("Đã xác nhận thông tin từ bản quét.")
    expect(page.get_by_test_id("confirmed-fields")).to_contain_text(
        re.compile(rf"{PERSONAL_ID}.*số hóa bởi cán bộ", re.S)
    )
    axe(page)

    # later: find it by a word of its text, typed without accents
    page.get_by_role("link", name="Số hóa bản quét khác").click()
    page.get_by_role("link", name="Tìm giấy tờ đã số hóa").click()
    page.get_by_label("Từ trong nội dung giấy tờ").fill("pham thi mai")
    page.get_by_label("Từ trong nội dung giấy tờ").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 1 giấy tờ.")
    axe(page)
    page.get_by_role("link", name="Giấy khai sinh").click()
    expect(page.get_by_role("main")).to_contain_text(dossier.code)

    stored = StoredDocument.objects.get()
    assert stored.reference == dossier.code
    assert stored.confirmed_fields["personal_id"]["source"] == "officer_digitized"
    assert stored.confirmed_fields["personal_id"]["by_name"]

    # and the rate page counts the dossier as digitized
    page.goto(base + "/can-bo/so-hoa/ty-le/")
    expect(page.get_by_role("main").get_by_role("table")).to_contain_text("100,0%")
    axe(page)
