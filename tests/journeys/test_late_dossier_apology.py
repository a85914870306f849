"""Journey: a dossier about to be late gets its apology and a new return date (form 04), once.

The dossier was received long enough ago that it falls due by the end of the next working day;
the SLA sweep (as the worker runs it) drafts the apology; the leader of the Department of Justice
finds it flagged in the queue, writes the reason, approves, and the new date holds.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import User
from motcua.calendar.selectors import calendar_add_working_days, calendar_due_moment
from motcua.dossiers.models import Dossier, DossierApology
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.sla import dossier_sla_sweep
from motcua_dev.demo import accounts as accounts_demo
from tests.journeys import counter_dossier
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = accounts_demo.DEMO_PASSWORD
COMPETENT = "000.00.10.H26"
REASON = "Phải xác minh thêm thông tin lý lịch tại Công an tỉnh"


def reception_moment(now: datetime) -> datetime:
    """A 09:00 reception, days ago, whose 10-working-day due moment is the next working day.

    Counted with the calendar the service uses, so weekends and holidays are skipped alike.
    """
    target = calendar_add_working_days(day=timezone.localdate(now), days=1, agency_code=COMPETENT)
    for back in range(1, 40):
        day: date = timezone.localdate(now) - timedelta(days=back)
        at = timezone.make_aware(datetime.combine(day, time(9, 0)))
        due = calendar_due_moment(
            received_at=at, working_days=10, paper=True, agency_code=COMPETENT
        )
        if timezone.localdate(due) == target:
            return at
    raise AssertionError(target)


def falling_due(now: datetime) -> Dossier:
    """The demo data and a counter dossier at the specialist's step, due tomorrow (working day)."""
    counter_dossier.demo_loaded(at=now - timedelta(days=60))
    received = reception_moment(now)
    dossier = counter_dossier.received_at_the_counter(at=received, load_demo=False)
    officer = User.objects.get(username="canbo.motcua")
    return dossier_transition(
        dossier=dossier, action="complete_step", actor=officer, at=received + timedelta(hours=1)
    )


def local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def test_a_dossier_falling_due_gets_its_apology_approved_once(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given a dossier due by the end of the next working day, and the sweep the worker runs
    now = timezone.now()
    dossier = falling_due(now)
    first_due = dossier.due_at
    assert first_due is not None
    report = dossier_sla_sweep(now=timezone.now())
    assert dossier.code in [code for code, _ in report.apologies_drafted]
    draft = DossierApology.objects.get(dossier=dossier)
    proposed = draft.proposed_due_at
    assert proposed > first_due

    # when the leader signs in, the dossier is flagged in the queue (though not at their step)
    base = live_server.url
    sign_in(page, base, "lanhdao.tuphap", axe)
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Hồ sơ cần xử lý"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    row = page.get_by_role("row").filter(has_text=dossier.code)
    expect(row).to_contain_text("Chờ duyệt thư xin lỗi")
    expect(row).to_contain_text(local(first_due))
    axe(page)
    screenshot(page, "apology-queue")

    # and they open it: the draft shows the proposed date, prefilled in the form, and what the
    # system knows of the delay, never a placeholder; the reasons are left for them to write
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)
    axe(page)
    shown = page.get_by_test_id("apology")
    expect(shown).to_contain_text(f"Hạn hiện tại: {local(first_due)}")
    expect(shown).to_contain_text(f"Đề xuất hẹn lại: {local(proposed)}")
    expect(shown).to_contain_text("vì hồ sơ sắp đến hạn")
    expect(shown).to_contain_text(f"Hồ sơ sắp đến hạn trả kết quả (hạn {local(first_due)}).")
    expect(shown).not_to_contain_text("[Nêu rõ lý do")
    expect(page.get_by_label("Lý do chậm giải quyết hồ sơ")).to_have_value("")
    new_date = page.get_by_label("Ngày hẹn trả kết quả mới")
    expect(new_date).to_have_value(f"{timezone.localdate(proposed):%Y-%m-%d}")
    screenshot(page, "apology-draft")

    # when they approve without a reason, the error is next to the reason and nothing is written
    approve = page.get_by_role("button", name="Phê duyệt và hẹn lại ngày trả kết quả")
    approve.click()
    expect(page.get_by_role("alert")).to_contain_text("Nhập lý do chậm giải quyết hồ sơ")
    expect(page.locator("#id_xin-loi-reasons-error")).to_contain_text("Nhập lý do")
    axe(page)
    screenshot(page, "apology-error")
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled_once

    # and when they write the reason and approve the proposed date
    page.get_by_label("Lý do chậm giải quyết hồ sơ").fill(REASON)
    approve.click()

    # then the page shows the new date, and that it cannot be rescheduled again
    expect(page.get_by_role("status")).to_contain_text("Đã thực hiện: Phê duyệt văn bản xin lỗi")
    axe(page)
    due = page.get_by_test_id("due-at")
    expect(due).to_contain_text(local(proposed))
    expect(due).to_contain_text("không thể hẹn lại nữa")
    expect(page.get_by_test_id("apology")).to_contain_text(REASON)
    expect(page.get_by_text("chỉ được hẹn lại một lần")).to_be_visible()
    expect(approve).to_have_count(0)
    expect(page.get_by_label("Ngày hẹn trả kết quả mới")).to_have_count(0)
    screenshot(page, "apology-approved")
    dossier.refresh_from_db()
    assert dossier.due_at == proposed
    assert dossier.rescheduled_once

    # and the form 04 link answers a PDF, as does the process-control slip (form 06)
    for name, form in (
        ("Văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04, PDF)", "04"),
        ("Phiếu kiểm soát quá trình giải quyết (mẫu 06, PDF)", "06"),
    ):
        link = page.get_by_role("link", name=name)
        expect(link).to_have_attribute("href", f"/api/v1/dossiers/{dossier.code}/slips/{form}/")
        response = page.request.get(base + str(link.get_attribute("href")))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")

    # and the queue no longer flags it
    page.get_by_role("navigation", name="Trang cán bộ").get_by_role(
        "link", name="Hồ sơ cần xử lý"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    expect(page.get_by_text("Chờ duyệt thư xin lỗi")).to_have_count(0)
    axe(page)
