"""Journey: the reform team reviews internal procedures, plans a cut and watches its tasks.

The reform officer imports a register of internal procedures of two departments from XLSX, runs
the overlap review and marks a finding "to merge", drafts a plan for one procedure that cuts a
step and a document and sees the compliance cost fall by the computed percentage, and finds the
task past its (twice extended) deadline shown as "chậm" with its extensions.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import Agency
from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_run_one
from motcua.reform import costs
from motcua.reform.overlap_eval import REPORTED, REPORTED_FRESH, REPORTED_UNSEEN
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors import cost_profile_for
from motcua.reform.services import SCAN_TOPIC, labour_rate_set, task_create, task_extend
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo.reform_data import REGISTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = accounts_demo.DEMO_PASSWORD
CUT_STEP = "Họp hội đồng tư vấn thẩm định"
CUT_DOCUMENT = "Bản tổng hợp, giải trình, tiếp thu ý kiến góp ý"
RATE = 35_000


def _register_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(
        [
            "Mã thủ tục",
            "Tên thủ tục",
            "Mã cơ quan",
            "Cơ quan ban hành",
            "Lĩnh vực",
            "Loại",
            "Căn cứ pháp lý",
            "Trình tự thực hiện",
            "Thành phần hồ sơ",
            "Đối tượng thực hiện",
            "Số lần đi lại",
            "Số lần thực hiện/năm",
            "Số đối tượng/năm",
        ]
    )
    for p in REGISTER:
        sheet.append(
            [
                p["code"],
                p["name"],
                p["agency_code"],
                p["agency_name"],
                p["field"],
                p["scope"],
                "\n".join(p["legal_basis"]),
                "\n".join(f"{s['name']} | {s['unit']} | {s['hours']}" for s in p["steps"]),
                "\n".join(f"{d['name']} | {d['hours']} | {d['cost']}" for d in p["documents"]),
                p["serves"],
                p["visits"],
                p["times_per_year"],
                p["subjects"],
            ]
        )
    book.save(path)
    return path


def _setup() -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    labour_rate_set(year=timezone.localdate(at).year, hourly_rate=RATE, basis="", actor="t", at=at)
    task = task_create(
        scope=ReformScope.everything(),
        title="Trình phương án đơn giản hóa thủ tục hành chính nội bộ",
        agency=Agency.objects.get(code="000.00.12.H26"),
        deadline=date(2025, 1, 1),
        source="Quyết định 1085/QĐ-TTg",
        actor="t",
        at=at,
    )
    task_extend(
        scope=ReformScope.everything(),
        task=task,
        new_deadline=date(2025, 6, 30),
        reason="Chờ sắp xếp tổ chức bộ máy",
        decided_on=date(2024, 12, 20),
        actor="t",
        at=at,
    )
    task_extend(
        scope=ReformScope.everything(),
        task=task,
        new_deadline=timezone.localdate(at) - timedelta(days=10),
        reason="Chờ văn bản hướng dẫn",
        decided_on=date(2025, 6, 25),
        actor="t",
        at=at,
    )


def test_reform_team_reviews_overlaps_plans_a_cut_and_sees_late_tasks(
    page: Page, live_server: LiveServer, axe: Callable[[Page], None], tmp_path: Path
) -> None:
    _setup()
    base = live_server.url
    page.goto(base + "/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("caicach.vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Không gian làm việc của tổ công tác cải cách").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tổ công tác cải cách thủ tục hành chính"
    )
    axe(page)

    # Import the register of two departments.
    workspace = page.get_by_role("navigation", name="Không gian làm việc của tổ công tác cải cách")
    workspace.get_by_role("link", name="Thủ tục nội bộ").click()
    axe(page)
    page.get_by_label("Tệp danh mục thủ tục nội bộ (XLSX hoặc JSON)").set_input_files(
        _register_xlsx(tmp_path / "danh-muc.xlsx")
    )
    page.get_by_role("button", name="Nhập danh mục").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Đã nhập {len(REGISTER)} thủ tục nội bộ của 2 cơ quan"
    )
    expect(page.get_by_role("cell", name="NB-STC-02")).to_be_visible()
    axe(page)

    # Review the overlaps: the same periodic report in both departments.
    workspace.get_by_role("link", name="Trùng lặp").click()
    page.get_by_role("button", name="Rà soát lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi yêu cầu rà soát")
    # A province's catalogue takes minutes to compare: the worker runs the scan, and the team
    # comes back to the page.
    asked = OutboxMessage.objects.get(topic=SCAN_TOPIC)
    assert outbox_run_one(message_id=asked.pk, now=timezone.now()).done == [asked.pk]
    page.reload()
    finding = (
        page.locator("section.reform-finding")
        .filter(has_text="NB-STP-03")
        .filter(has_text="NB-STC-02")
    )
    # Each finding explains itself in Vietnamese words, not tokens or internal references.
    expect(finding).to_contain_text("Cùng căn cứ Thông tư 02/2017/TT-VPCP; Nghị định 63/2010/NĐ-CP")
    expect(finding).to_contain_text("Cùng nội dung, tên viết khác nhau")
    expect(finding).to_contain_text("2/2 thành phần hồ sơ trùng")
    expect(finding).to_contain_text("Biểu mẫu số liệu kiểm soát thủ tục hành chính")
    expect(finding).to_contain_text("4/4 bước trùng")
    expect(finding).to_contain_text("Gửi báo cáo về Văn phòng UBND Thành phố")
    expect(finding).to_contain_text("Mã thủ tục nội bộ NB-STP-03")
    # Both are internal procedures of two departments: the review of internal procedures says so.
    expect(finding).to_contain_text(
        "Cùng một bước nội bộ giữa các cơ quan nhà nước được quy định hai lần"
    )
    expect(finding).to_contain_text("Có thủ tục nội bộ")
    # The screen quotes how well detection did, and says which figures were tuned on.
    measured = page.locator("#do-chinh-xac")
    expect(measured).to_contain_text(f"Đo trên {REPORTED.procedures} thủ tục thật")
    expect(measured).to_contain_text("(số liệu tinh chỉnh)")
    expect(measured).to_contain_text(
        f"độ chính xác {REPORTED.precision:.2f}".replace(".", ",")
        + f" ({REPORTED.true_positives}/{REPORTED.found}"
    )
    expect(measured).to_contain_text(
        f"độ phủ {REPORTED.recall:.2f}".replace(".", ",")
        + f" (tìm ra {REPORTED.true_positives}/{REPORTED.wanted}"
    )
    fresh = page.locator("#do-chinh-xac-bo-moi")
    expect(fresh).to_contain_text(
        f"Trên bộ thứ hai gồm {REPORTED_FRESH.procedures} thủ tục thật, {REPORTED_FRESH.pairs} cặp"
    )
    expect(fresh).to_contain_text("cũng đã dùng để tinh chỉnh")
    expect(fresh).to_contain_text(
        f"độ phủ {REPORTED_FRESH.recall:.2f}".replace(".", ",")
        + f" ({REPORTED_FRESH.true_positives}/{REPORTED_FRESH.wanted})"
    )
    # Both tuning figures meet the 0.85 target; only a set never tuned on can say the method does.
    expect(fresh).not_to_contain_text("Chưa đạt mục tiêu 0,85.")
    expect(measured).not_to_contain_text("Chưa đạt mục tiêu 0,85.")
    unseen = page.locator("#do-chinh-xac-chua-thay")
    expect(unseen).to_contain_text(
        f"Trên các bộ mới nhất gồm {REPORTED_UNSEEN.procedures} thủ tục thật"
    )
    expect(unseen).to_contain_text(
        f"độ phủ {REPORTED_UNSEEN.recall:.2f}".replace(".", ",")
        + f" ({REPORTED_UNSEEN.true_positives}/{REPORTED_UNSEEN.wanted})"
    )
    expect(unseen).to_contain_text("Chưa đạt mục tiêu 0,85.")
    expect(finding).not_to_contain_text("internal:")
    expect(page.get_by_role("main")).not_to_contain_text(re.compile(r"\b(dang|ky|public:)\b"))
    axe(page)
    finding.get_by_label("Kết luận").select_option("merge")
    finding.get_by_label("Ghi chú").fill("Hợp nhất thành một báo cáo chung")
    finding.get_by_role("button", name="Lưu kết luận").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết luận")
    expect(
        page.locator("section.reform-finding").filter(has_text="NB-STC-02").first
    ).to_contain_text("Đề xuất hợp nhất")

    # Draft a plan that cuts a step and a document of the appraisal of draft legal documents.
    workspace.get_by_role("link", name="Phương án đơn giản hóa").click()
    page.get_by_label("Thủ tục cần đơn giản hóa").select_option("internal:NB-STP-01")
    page.get_by_role("button", name="Soạn phương án").click()
    axe(page)
    page.get_by_label(CUT_STEP).check()
    page.get_by_label(CUT_DOCUMENT).check()
    page.get_by_label("Kiến nghị sửa đổi văn bản quy phạm pháp luật").fill(
        "Sửa quy định về hội đồng tư vấn thẩm định"
    )
    page.get_by_label("Thời hạn thực hiện").fill("2026-12-31")
    page.get_by_role("button", name="Lưu phương án và tính chi phí").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thẩm định dự thảo văn bản")
    profile = cost_profile_for(ref="internal:NB-STP-01", on=timezone.localdate())
    assert profile is not None
    expected = costs.compare(
        profile,
        [{"kind": "step", "name": CUT_STEP}, {"kind": "component", "name": CUT_DOCUMENT}],
        hourly_rate=RATE,
    )
    assert expected.cut_percent > 0
    # Vietnamese writes the decimal comma.
    percent = f"{expected.cut_percent:.2f}".replace(".", ",")
    expect(page.locator("#ty-le-cat-giam")).to_have_text(f"{percent}%")
    expect(page.get_by_role("main")).to_contain_text(CUT_STEP)
    axe(page)

    # The task past its extended deadline is "chậm", with both extensions.
    workspace.get_by_role("link", name="Nhiệm vụ").click()
    row = page.get_by_role("row").filter(has_text="Trình phương án đơn giản hóa")
    expect(row).to_contain_text("Chậm")
    expect(row).to_contain_text("quá hạn 10 ngày")
    expect(row).to_contain_text("Chờ sắp xếp tổ chức bộ máy")
    expect(row).to_contain_text("Chờ văn bản hướng dẫn")
    expect(row).to_contain_text(re.compile(r"từ 01/01/2025 đến 30/06/2025"))
    axe(page)
