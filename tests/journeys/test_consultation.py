"""Journey: the specialist consults another agency (liên thông) before moving the dossier on.

The Department of Justice's specialist asks the National Judicial Record Centre for its opinion;
completing the step is refused while the centre is within its due moment and has not answered;
an officer of the centre finds the dossier in their queue and answers; the specialist then
completes the step, and the history (on the page and in form 06) shows the request and the answer.
"""

import shutil
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import Agency, Role, User
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.dossiers.models import Dossier, DossierConsultation
from tests.journeys import counter_dossier
from tests.journeys.officer import NEXT_STEP, open_from_queue, open_queue, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE_PASSWORD = "motcua-test-2026"  # the factories' password
CENTRE = "000.00.05.G12"  # Trung tâm Lý lịch tư pháp quốc gia, in the demo data
CENTRE_NAME = "Trung tâm Lý lịch tư pháp quốc gia"
COUNTER_NAME = "Trung tâm Phục vụ hành chính công Thành phố Hà Nội"
QUESTION = "Đề nghị xác minh thông tin án tích của người nộp hồ sơ"
ANSWER = "Không có án tích trong cơ sở dữ liệu lý lịch tư pháp quốc gia"


def at_the_specialist() -> Dossier:
    """The demo data, a counter dossier, handed over to the Department of Justice's specialist."""
    received = timezone.now() - timedelta(minutes=10)
    dossier = counter_dossier.received_at_the_counter(at=received)
    return counter_dossier.walked(
        dossier, by=["canbo.motcua"], at=received, every=timedelta(minutes=2)
    )


def centre_officer() -> User:
    """An officer of the consulted agency (the demo has none)."""
    officer = UserFactory.create(username="chuyenvien.lltp", full_name="Võ Thị Thu")
    RoleAssignmentFactory.create(
        user=officer, agency=Agency.objects.get(code=CENTRE), role=Role.SPECIALIST
    )
    return officer


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip(reason="pdftotext is missing: install poppler-utils")
    pdf = tmp_path / "mau-06.pdf"
    pdf.write_bytes(content)
    done = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    return " ".join(done.stdout.decode("utf-8").split())


def test_specialist_consults_another_agency_and_moves_on_after_its_answer(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    # given a dossier at the specialist's step, and an officer of the National Judicial Record Centre
    dossier = at_the_specialist()
    centre_officer()
    base = live_server.url

    # when the specialist asks the centre for its opinion, with 2 working days to answer
    sign_in(page, base, "chuyenvien.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    # the agencies are a list to search and tick, not a Ctrl-click multi-select
    agencies = page.get_by_role("group", name="Cơ quan cần lấy ý kiến")
    page.get_by_label("Tìm cơ quan theo tên").fill("ly lich tu phap")
    centre = agencies.get_by_label(CENTRE_NAME)
    expect(agencies.locator(".checkbox:visible")).to_have_count(1)
    centre.check()
    page.get_by_label("Tìm cơ quan theo tên").fill("")
    page.get_by_label("Số ngày làm việc để trả lời").fill("2")
    page.get_by_label("Nội dung đề nghị (không bắt buộc)").fill(QUESTION)
    page.get_by_role("button", name="Gửi yêu cầu lấy ý kiến").click()

    # then the request is recorded, waiting for the centre, with its own due moment
    expect(page.get_by_role("status")).to_contain_text("Đã thực hiện: Lấy ý kiến cơ quan phối hợp")
    consultation = DossierConsultation.objects.get(dossier=dossier)
    due = f"{timezone.localtime(consultation.due_at):%H:%M %d/%m/%Y}"
    table = page.get_by_test_id("consultations")
    expect(table).to_contain_text(CENTRE_NAME)
    expect(table).to_contain_text(QUESTION)
    expect(table).to_contain_text("Đang chờ trả lời")
    expect(table).to_contain_text(due)
    axe(page)
    screenshot(page, "consultation-requested")

    # when they try to complete the step before the centre answered
    page.get_by_role("button", name=NEXT_STEP).click()

    # then it is refused, naming the open consultation and its due moment, and nothing moved
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Thao tác chưa được thực hiện")
    expect(alert).to_contain_text(
        f"Chưa thể chuyển bước: đang chờ ý kiến phối hợp của {CENTRE_NAME} (hạn {due})."
    )
    axe(page)
    screenshot(page, "consultation-refused")
    assert Dossier.objects.get(pk=dossier.pk).current_step == 2
    sign_out(page)

    # when the centre's officer signs in, the dossier waits in their queue for their opinion
    sign_in(page, base, "chuyenvien.lltp", axe, password=CENTRE_PASSWORD)
    open_queue(page, axe)
    row = page.get_by_role("row").filter(has_text=dossier.code)
    expect(row).to_contain_text("Chờ ý kiến phối hợp")
    screenshot(page, "consultation-queue")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)
    axe(page)

    # and they may answer, not move the dossier
    expect(page.get_by_role("button", name=NEXT_STEP)).to_have_count(0)
    expect(page.get_by_test_id("consultations")).to_contain_text(QUESTION)
    page.get_by_label("Ý kiến trả lời").fill(ANSWER)
    page.get_by_role("button", name="Gửi ý kiến trả lời").click()

    # then the answer is recorded once, and the form is gone
    expect(page.get_by_role("status")).to_contain_text("Đã thực hiện: Trả lời ý kiến phối hợp")
    table = page.get_by_test_id("consultations")
    expect(table).to_contain_text("Đã trả lời")
    expect(table).to_contain_text(ANSWER)
    expect(page.get_by_label("Ý kiến trả lời")).to_have_count(0)
    axe(page)
    screenshot(page, "consultation-answered")
    open_queue(page, axe)
    expect(page.get_by_role("link", name=dossier.code)).to_have_count(0)
    sign_out(page)

    # when the specialist comes back and completes the step
    sign_in(page, base, "chuyenvien.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    page.get_by_role("button", name=NEXT_STEP).click()

    # then the dossier moves on
    expect(page.get_by_role("status")).to_contain_text(f"Đã thực hiện: {NEXT_STEP}")
    axe(page)
    moved = Dossier.objects.get(pk=dossier.pk)
    assert moved.current_step == 3

    # and the history shows the request and the answer, by whom
    history = page.get_by_role("table").filter(has_text="Người thực hiện")
    request_row = history.locator("tbody tr").filter(has_text="Lấy ý kiến cơ quan phối hợp")
    expect(request_row).to_contain_text(f"Lấy ý kiến phối hợp: {CENTRE_NAME} (hạn {due})")
    expect(request_row).to_contain_text("Trần Văn Minh")
    answer_row = history.locator("tbody tr").filter(has_text="Trả lời ý kiến phối hợp")
    expect(answer_row).to_contain_text(f"Ý kiến của {CENTRE_NAME}: {ANSWER}")
    expect(answer_row).to_contain_text("Võ Thị Thu")
    screenshot(page, "consultation-history")

    # and so does the process-control slip (form 06), which names the centre among the agencies
    link = page.get_by_role("link", name="Phiếu kiểm soát quá trình giải quyết (mẫu 06, PDF)")
    response = page.request.get(base + str(link.get_attribute("href")))
    assert response.status == 200
    text = pdf_text(response.body(), tmp_path)
    assert f"Cơ quan, đơn vị phối hợp giải quyết: {COUNTER_NAME}, {CENTRE_NAME}" in text
    assert f"Giao: Trần Văn Minh 2. Nhận: {CENTRE_NAME}" in text
    assert f"Lấy ý kiến phối hợp: {CENTRE_NAME} (hạn {due}). {QUESTION}" in text
    assert "Giao: Võ Thị Thu 2. Nhận: Trần Văn Minh" in text
    assert f"Ý kiến của {CENTRE_NAME}: {ANSWER}" in text
