"""Journey: a citizen sends feedback about a dossier at night; it is routed to the unit holding the
dossier, not answered in time, escalated up to the working group, answered and published by the
department's leader, and rated by the citizen; the public index's satisfaction group moves.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import User
from motcua.dossiers.services import dossier_transition
from motcua.feedback.models import Feedback, FeedbackStatus
from motcua.feedback.sweep import feedback_sweep
from tests.journeys import counter_dossier
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENT = "000.00.10.H26"  # Sở Tư pháp, which holds the dossier at the specialist's step


def test_feedback_is_escalated_answered_published_and_rated(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
    settings: Settings,
) -> None:
    # One answer is scored here so that the index visibly moves; with the default minimum of
    # MOTCUA_REPORTING_MIN_COUNT it would read "chưa đủ dữ liệu" (see reporting's tests).
    settings.MOTCUA_REPORTING_MIN_COUNT = 1
    # given a counter dossier handed over to the Department of Justice
    now = timezone.now()
    dossier = counter_dossier.received_at_the_counter(at=now - timedelta(days=2))
    dossier = dossier_transition(
        dossier=dossier,
        action="complete_step",
        actor=User.objects.get(username="canbo.motcua"),
        at=now - timedelta(days=2) + timedelta(hours=1),
    )
    base = live_server.url

    # when the citizen sends feedback about it from the portal (no login, any hour)
    count = page_loads(page, "citizen: sends feedback from the home page, acknowledged")
    page.goto(base + "/")
    page.get_by_role("link", name="Phản ánh, kiến nghị").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị")
    axe(page)
    page.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    page.get_by_label("Phản ánh, kiến nghị về").select_option("dossier")
    page.get_by_label("Mã hồ sơ liên quan").fill(dossier.code)
    page.get_by_label("Tiêu đề").fill("Hồ sơ lý lịch tư pháp chưa được xử lý")
    page.get_by_label("Nội dung").fill("Tôi chưa nhận được thông báo nào về hồ sơ.")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận phản ánh, kiến nghị")
    axe(page)
    code = page.get_by_test_id("feedback-code").inner_text()
    key = page.get_by_test_id("feedback-key").inner_text()
    assert code.startswith(f"PAKN.{timezone.localdate(timezone.now()):%Y%m%d}.")
    # the home page, the form, the acknowledgement with its code
    assert count.stop() == 3
    screenshot(page, "feedback-acknowledged")

    # then it is routed to the department holding the dossier, at the dossier's step
    item = Feedback.objects.get(code=code)
    assert item.agency.code == DEPARTMENT
    assert item.dossier_step == dossier.current_step
    assert item.status == FeedbackStatus.ROUTED

    # and, not answered in time (the clock moved on: its answer fell due yesterday), the worker's
    # sweep escalates it to the top of the chain, where the working group follows it
    Feedback.objects.filter(pk=item.pk).update(
        received_at=now - timedelta(days=40),
        forward_due_at=now - timedelta(days=33),
        due_at=now - timedelta(days=1),
    )
    report = feedback_sweep(now=timezone.now())
    assert (code, 1) in report.escalated
    item.refresh_from_db()
    assert item.with_working_group
    assert item.escalated_to is not None
    assert item.escalated_to.code == "000.00.00.H26"

    # the public index shows the late answer in the satisfaction group
    page.goto(f"{base}/chi-so/co-quan/{DEPARTMENT}/")
    axe(page)
    expect(page.get_by_test_id("indicator-5.2")).to_contain_text("0,00 / 6,00")
    expect(page.get_by_test_id("group-5")).to_have_text("0,00")

    # the working group sees it among its items
    sign_in(page, base, "caicach.vanphong", axe)
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Phản ánh, kiến nghị"
    ).click()
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Quá hạn")
    axe(page)
    page.get_by_role("button", name="Đăng xuất").click()

    # when the department's leader answers it, for everyone to read
    sign_in(page, base, "lanhdao.tuphap", axe)
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Phản ánh, kiến nghị"
    ).click()
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.get_by_test_id("history")).to_contain_text("Tổ công tác theo dõi")
    axe(page)
    page.get_by_label("Nội dung trả lời").fill(
        "Hồ sơ đang được thẩm định; kết quả sẽ được trả đúng hẹn đã ghi trên giấy tiếp nhận."
    )
    page.get_by_label("Công khai câu trả lời").check()
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trả lời")
    axe(page)
    screenshot(page, "feedback-answered")
    page.get_by_role("button", name="Đăng xuất").click()

    # then the answer is published, and the citizen follows it by code and key, and rates it
    page.goto(base + "/phan-anh-kien-nghi/cong-khai/")
    expect(page.get_by_test_id(f"published-{code}")).to_contain_text("đang được thẩm định")
    expect(page.get_by_test_id(f"published-{code}")).not_to_contain_text("Phạm Thị Mai")
    axe(page)
    page.goto(base + "/phan-anh-kien-nghi/tra-cuu/")
    page.get_by_label("Mã phản ánh, kiến nghị").fill(code)
    page.get_by_label("Mã tra cứu").fill(key)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("feedback-answer")).to_contain_text("đang được thẩm định")
    axe(page)
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_test_id("feedback-rating")).to_have_text("5/5")
    axe(page)

    # and the public index's satisfaction group moves: the answer was rated satisfied
    page.goto(f"{base}/chi-so/co-quan/{DEPARTMENT}/")
    expect(page.get_by_test_id("indicator-5.3")).to_contain_text("6,00 / 6,00")
    expect(page.get_by_test_id("indicator-5.2")).to_contain_text("0,00 / 6,00")  # still late
    expect(page.get_by_test_id("group-5")).to_have_text("6,00")
    axe(page)
    screenshot(page, "index-agency")
    page.goto(base + "/chi-so/")
    expect(page.get_by_role("link", name="Sở Tư pháp Thành phố Hà Nội")).to_be_visible()
    axe(page)
    page.goto(base + "/en/chi-so/")
    axe(page)
