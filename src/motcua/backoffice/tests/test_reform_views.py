"""The reform team's pages that the journey does not walk: the mined process, the XES download,
the report exports, and the refusal for officers without the reform-team role."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from motcua.accounts.models import Agency, Role, User
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.templatetags.design import group_thousands
from motcua.documents.tests.samples import billion_laughs_xlsx
from motcua.reform.models import InternalProcedure, OverlapFinding, ReformTask, SimplificationPlan
from motcua.reform.selectors import plan_row
from motcua.reform.services import SCAN_TOPIC
from motcua.reform.tests.exported_report import assert_same_report
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform_client() -> Client:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    reform_demo.load(at=at, dossiers=12)
    client = Client()
    assert client.login(username="caicach.vanphong", password=accounts_demo.DEMO_PASSWORD)
    return client


def test_the_mined_process_page_has_the_picture_and_the_table_behind_it(
    reform_client: Client,
) -> None:
    listing = reform_client.get("/can-bo/cai-cach/quy-trinh/")
    assert reform_demo.MINED_CODE in listing.content.decode()
    page = reform_client.get(f"/can-bo/cai-cach/quy-trinh/{reform_demo.MINED_CODE}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'id="bang-cac-buoc"' in html
    assert "Ký bản sao trích lục" in html
    assert "Chỉ chuyển tiếp, không ra quyết định" in html
    assert reform_client.get("/can-bo/cai-cach/quy-trinh/9.999999/").status_code == 404


def test_the_xes_download(reform_client: Client) -> None:
    response = reform_client.get(f"/can-bo/cai-cach/quy-trinh/{reform_demo.MINED_CODE}/xes/")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response["Content-Disposition"].endswith('.xes"')
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert body.count(b"<trace>") == 12


def test_the_report_downloads(reform_client: Client) -> None:
    today = timezone.localdate()
    query = f"start={today.replace(month=1, day=1)}&end={today}&agency=&kind="
    xlsx = reform_client.get(f"/can-bo/cai-cach/bao-cao/?{query}xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.worksheets[0]["A1"].value.startswith("BÁO CÁO KẾT QUẢ RÀ SOÁT")
    pdf = reform_client.get(f"/can-bo/cai-cach/bao-cao/?{query}pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    bad = reform_client.get("/can-bo/cai-cach/bao-cao/?start=2026-05-01&end=2026-01-01&kind=pdf")
    assert bad.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad.content.decode()


def test_a_billion_laughs_register_is_answered_400_in_vietnamese(reform_client: Client) -> None:
    before = InternalProcedure.objects.count()
    sheet = billion_laughs_xlsx(["Mã thủ tục", "Tên thủ tục", "Mã cơ quan", "Cơ quan ban hành"])
    upload = SimpleUploadedFile("danh-muc.xlsx", sheet)

    response = reform_client.post("/can-bo/cai-cach/thu-tuc-noi-bo/", {"file": upload})

    assert response.status_code == 400
    assert "khai báo DTD hoặc thực thể XML (không an toàn)" in response.content.decode()
    assert InternalProcedure.objects.count() == before


class _ReportTables(HTMLParser):
    """The cells of the report's tables on the page, section by section."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False
        self._in_report = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and "report-section" in (dict(attrs).get("class") or ""):
            self.sections.append([])
            self._in_report = True
        elif tag == "tbody" and self._in_report:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.sections[-1].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._in_report = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_every_figure_of_the_export_equals_the_page(reform_client: Client) -> None:
    # given: the demo period the page opens on
    page = reform_client.get("/can-bo/cai-cach/bao-cao/")
    html = page.content.decode()
    parser = _ReportTables()
    parser.feed(html)
    today = timezone.localdate()
    assert f"từ 01/01/{today.year} đến {today.strftime('%d/%m/%Y')}" in html

    # when: the same report is downloaded
    xlsx = reform_client.get("/can-bo/cai-cach/bao-cao/?kind=xlsx")

    # then: section by section, row by row, every cell is the same value
    figures = assert_same_report(parser.sections, xlsx.content)
    # the plan section holds the demo's plan, with its figures
    assert parser.sections[1][0][0].startswith(
        "Báo cáo tình hình, kết quả thực hiện công tác kiểm soát"
    )
    assert figures >= 20


def test_the_plan_page_shows_the_costing_inputs_and_takes_new_assumptions(
    reform_client: Client,
) -> None:
    plan = SimplificationPlan.objects.get()
    url = f"/can-bo/cai-cach/phuong-an/{plan.pk}/"
    html = reform_client.get(url).content.decode()
    assert 'id="bang-chi-phi"' in html
    assert "Sổ đăng ký thủ tục nội bộ, thủ tục NB-STC-02" in html

    bad = reform_client.post(url, {"times_per_year": "0", "subjects": "3", "hourly_rate": "1"})
    assert bad.status_code == 200
    assert "Nhập một số lớn hơn 0." in bad.content.decode()
    assert "Nêu nguồn của số liệu này." in bad.content.decode()
    plan.refresh_from_db()
    assert plan.assumptions == {}

    answer = reform_client.post(
        url,
        {
            "times_per_year": "12",
            "times_per_year_source": "Báo cáo tháng",
            "subjects": "3",
            "subjects_source": "Ba phòng chuyên môn",
            "hourly_rate": "50000",
            "hourly_rate_source": "Mức giờ công đề xuất",
        },
    )
    assert answer.status_code == 302
    html = reform_client.get(url).content.decode()
    row = plan_row(SimplificationPlan.objects.get())
    assert row.comparison.before.annual == row.comparison.before.once * 12 * 3
    assert group_thousands(row.comparison.before.annual) in html
    assert "Ba phòng chuyên môn" in html
    # the report lists the plan with the same figure
    report = reform_client.get("/can-bo/cai-cach/bao-cao/").content.decode()
    assert group_thousands(row.comparison.before.annual) in report


def test_a_scan_is_asked_of_the_worker_and_the_page_says_so(reform_client: Client) -> None:
    # A province's catalogue takes minutes to compare, past a request's timeout: the page only
    # asks for the scan.
    before = OverlapFinding.objects.count()
    response = reform_client.post("/can-bo/cai-cach/trung-lap/ra-soat/", follow=True)
    assert response.redirect_chain[-1][0] == "/can-bo/cai-cach/trung-lap/"
    assert "Đã gửi yêu cầu rà soát" in response.content.decode()
    asked = OutboxMessage.objects.get(topic=SCAN_TOPIC)
    team = User.objects.get(username="caicach.vanphong")
    assert (asked.status, asked.payload["actor"]) == ("pending", f"user:{team.pk}")
    assert OverlapFinding.objects.count() == before


def test_other_officers_are_refused(reform_client: Client) -> None:
    client = Client()
    assert client.login(username="canbo.motcua", password=accounts_demo.DEMO_PASSWORD)
    assert client.get("/can-bo/cai-cach/").status_code == 403
    assert client.post("/can-bo/cai-cach/trung-lap/ra-soat/").status_code == 403
    home = reform_client.get("/can-bo/cai-cach/")
    assert "Tổ công tác cải cách thủ tục hành chính" in home.content.decode()


@pytest.fixture
def ward_team(reform_client: Client) -> Client:
    """The reform team of a ward (UBND Phường Ba Đình): the province's departments are not theirs."""
    ward = Agency.objects.get(name="UBND Phường Ba Đình")
    user = UserFactory.create(username="caicach.badinh")
    RoleAssignmentFactory.create(user=user, agency=ward, role=Role.REFORM_TEAM)
    client = Client()
    client.force_login(user)
    return client


def test_a_ward_team_cannot_complete_a_task_of_a_city_department(
    reform_client: Client, ward_team: Client
) -> None:
    task = ReformTask.objects.get(agency__name="Sở Tài chính Thành phố Hà Nội")

    refused = ward_team.post(f"/can-bo/cai-cach/nhiem-vu/{task.pk}/hoan-thanh/")
    extended = ward_team.post(
        f"/can-bo/cai-cach/nhiem-vu/{task.pk}/gia-han/",
        {"new_deadline": "2099-01-01", "decided_on": "2026-01-01", "reason": "x"},
    )

    assert refused.status_code == 404
    assert extended.status_code == 404
    task.refresh_from_db()
    assert task.done_on is None
    assert task.deadline.year != 2099
    assert (
        AuditEntry.objects.filter(action="reform.reformtask.denied", object_id=str(task.pk)).count()
        == 2
    )
    # The city's team, above the department, still may.
    assert reform_client.post(f"/can-bo/cai-cach/nhiem-vu/{task.pk}/hoan-thanh/").status_code == 302
    task.refresh_from_db()
    assert task.done_on is not None


def test_a_ward_team_sees_and_assigns_only_within_its_scope(
    reform_client: Client, ward_team: Client
) -> None:
    finance = Agency.objects.get(name="Sở Tài chính Thành phố Hà Nội")
    plan = SimplificationPlan.objects.get()
    finding = OverlapFinding.objects.first()
    assert finding is not None

    board = ward_team.get("/can-bo/cai-cach/nhiem-vu/").content.decode()
    created = ward_team.post(
        "/can-bo/cai-cach/nhiem-vu/",
        {"title": "Nhiệm vụ lạ", "agency": finance.pk, "deadline": "2026-12-31", "source": ""},
    )

    assert "Trình phương án đơn giản hóa" not in board
    assert created.status_code == 200
    assert not ReformTask.objects.filter(title="Nhiệm vụ lạ").exists()
    assert ward_team.get(f"/can-bo/cai-cach/phuong-an/{plan.pk}/").status_code == 404
    assert (
        ward_team.post(
            f"/can-bo/cai-cach/trung-lap/{finding.pk}/", {"judgement": "merge", "note": ""}
        ).status_code
        == 404
    )
    assert "NB-STC-02" not in ward_team.get("/can-bo/cai-cach/phuong-an/").content.decode()
    assert "NB-STP-01" not in ward_team.get("/can-bo/cai-cach/thu-tuc-noi-bo/").content.decode()
    assert reform_client.get(f"/can-bo/cai-cach/phuong-an/{plan.pk}/").status_code == 200
