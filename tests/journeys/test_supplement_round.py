"""Journey: a supplement round (form 02). The clock stops, and restarts from the supplement.

The one-stop officer receives the dossier at the counter and hands it over; the specialist asks
for a supplement with reasons; the applicant brings the missing paper to the counter, where the
one-stop officer records the supplement on their behalf; the dossier is back in processing with
a new due date counted from the supplement, and walks on to the returned result.
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.calendar.selectors import calendar_due_moment
from motcua.dossiers.models import Dossier
from motcua_dev.testing.signing import LocalSigning
from tests.journeys import counter_dossier
from tests.journeys.officer import (
    NEXT_STEP,
    act,
    open_from_queue,
    show_action,
    sign_in,
    sign_out,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Bản sao Thẻ căn cước bị mờ, không đọc được số định danh"


def received_at_the_counter() -> Dossier:
    """The demo data, and a dossier the one-stop officer received at the counter this morning."""
    return counter_dossier.received_at_the_counter(at=timezone.now() - timedelta(minutes=5))


def local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def test_a_supplement_stops_the_clock_and_restarts_it_from_the_supplement(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
    signing: LocalSigning,
    page_loads: Callable[[Page, str], Any],
) -> None:
    # given a dossier received at the counter, due in 10 working days, and the leader's certificate
    dossier = received_at_the_counter()
    signing.enrol("lanhdao.tuphap")
    first_due = dossier.due_at
    assert first_due is not None
    base = live_server.url
    due = page.get_by_test_id("due-at")

    # when the one-stop officer hands it over to the Department of Justice
    sign_in(page, base, "canbo.motcua", axe)
    open_from_queue(page, dossier.code, axe)
    expect(due).to_have_text(local(first_due))
    act(page, axe, NEXT_STEP, "Đang giải quyết")
    sign_out(page)

    # and the specialist asks for a supplement, with the reason
    sign_in(page, base, "chuyenvien.tuphap", axe)
    asking = page_loads(page, "specialist: asks for a supplement from the work queue")
    open_from_queue(page, dossier.code, axe)
    show_action(page, "Yêu cầu bổ sung hồ sơ")
    page.get_by_label("Lý do (Yêu cầu bổ sung hồ sơ)").fill(REASON)
    act(page, axe, "Yêu cầu bổ sung hồ sơ", "Chờ bổ sung hồ sơ")
    # the work queue, the dossier, the request sent
    assert asking.stop() == 3

    # then the clock is stopped: no due date, the moment it stopped, and the reason in the history
    dossier.refresh_from_db()
    assert dossier.due_at is None
    assert dossier.clock_stopped_at is not None
    expect(due).to_have_text(f"Tạm dừng tính thời hạn từ {local(dossier.clock_stopped_at)}")
    expect(due).not_to_contain_text(local(first_due))
    expect(page.get_by_role("table")).to_contain_text(REASON)
    expect(page.get_by_role("button", name="Yêu cầu bổ sung hồ sơ")).to_have_count(0)
    screenshot(page, "supplement-requested")
    sign_out(page)

    # when the applicant brings the paper to the counter and the one-stop officer records it
    sign_in(page, base, "canbo.motcua", axe)
    recording = page_loads(page, "one-stop officer: records a supplement brought to the counter")
    page.goto(f"{base}/can-bo/ho-so/{dossier.code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)
    axe(page)
    show_action(page, "Bổ sung hồ sơ")
    page.get_by_label("Ghi chú (Bổ sung hồ sơ, không bắt buộc)").fill(
        "Công dân nộp lại bản sao Thẻ căn cước rõ nét"
    )
    act(page, axe, "Bổ sung hồ sơ", "Đang giải quyết")
    # the dossier found by its code, the supplement recorded
    assert recording.stop() == 2

    # then the dossier is back in processing with a new due date counted from the supplement
    dossier.refresh_from_db()
    restarted = dossier.clock_started_at
    assert dossier.due_at is not None
    assert dossier.due_at == calendar_due_moment(
        received_at=restarted, working_days=10, paper=True, agency_code="000.00.10.H26"
    )
    assert dossier.due_at >= first_due
    expect(due).to_have_text(local(dossier.due_at))
    expect(page.get_by_role("table")).to_contain_text("Bổ sung hồ sơ")
    screenshot(page, "supplement-given")
    sign_out(page)

    # when the specialist and the leader finish their steps and the result is returned
    sign_in(page, base, "chuyenvien.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    expect(due).to_have_text(local(dossier.due_at))
    act(page, axe, NEXT_STEP, "Đang giải quyết")
    act(page, axe, NEXT_STEP, "Đang giải quyết")
    sign_out(page)
    sign_in(page, base, "lanhdao.tuphap", axe)
    open_from_queue(page, dossier.code, axe)
    page.get_by_test_id("result-draft").get_by_role("button", name="Xem trước văn bản").click()
    act(page, axe, NEXT_STEP, "Đã có kết quả")
    sign_out(page)
    sign_in(page, base, "canbo.motcua", axe)
    open_from_queue(page, dossier.code, axe)
    act(page, axe, NEXT_STEP, "Đã trả kết quả")

    # then the history holds the whole round, and the result was returned on time
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.nth(7)).to_contain_text(re.compile("Trước hạn|Đúng hạn"))
    screenshot(page, "supplement-returned")
    dossier.refresh_from_db()
    assert dossier.status == "returned"
    assert dossier.supplement_requested_count == 1
