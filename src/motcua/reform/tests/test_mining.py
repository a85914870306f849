"""The mined process of the demo history, its XES export read back by PM4Py, and the reports.

The history is made by the demo loader through ``dossier_submit`` and ``dossier_transition``.
PM4Py (AGPL) is a test-only dependency: it checks our export, never runs in motcua itself.
"""

import io
import subprocess
from collections import Counter
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from motcua.catalog.models import ProcessStep
from motcua.catalog.steps import process_steps_cache_clear
from motcua.dossiers.sla import dossier_sla_sweep
from motcua.reform.mining import (
    END,
    START,
    EventLog,
    discover,
    event_log,
    process_svg,
    xes_export,
)
from motcua.reform.permissions import ReformScope
from motcua.reform.reports import (
    Kind,
    ReformReport,
    Section,
    report_build,
    report_pdf,
    report_xlsx,
)
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo
from motcua_dev.testing.processes import require_tools

pytestmark = pytest.mark.django_db
DOSSIERS = 40


@pytest.fixture
def history() -> None:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    reform_demo.load(at=at, dossiers=DOSSIERS)


@pytest.mark.usefixtures("history")
def test_the_mined_process_shows_the_bottleneck_and_the_handover_step() -> None:
    log = event_log(code=reform_demo.MINED_CODE, scope=ReformScope.everything())
    d = discover(log)
    assert d.traces == DOSSIERS
    # every dossier followed the approved order (a supplement loop is rework, not a deviation)
    assert d.fitness == 1.0
    assert not d.deviations
    assert 0 < d.with_rework < DOSSIERS
    steps = {s.name: s for s in d.steps}
    assert d.bottleneck is not None
    assert d.bottleneck.name == "Ký bản sao trích lục"
    assert d.bottleneck.ratio >= 2
    # the assignment step never decides anything: the candidate to cut
    assert steps["Phân công xử lý"].passes_through
    assert not steps["Tra cứu sổ hộ tịch, dự thảo bản sao trích lục"].passes_through
    assert steps["Tra cứu sổ hộ tịch, dự thảo bản sao trích lục"].rework == d.with_rework
    officers = {(step, officer) for step, officer, *_rest in d.officer_rows()}
    assert ("Tra cứu sổ hộ tịch, dự thảo bản sao trích lục", "Vũ Thị Thu") in officers
    svg = process_svg(d)
    assert svg.startswith("<svg")
    for part in ('role="img"', "Chậm", "<title", "<desc"):
        assert part in svg


@pytest.mark.usefixtures("history")
def test_a_signing_or_deciding_step_is_never_proposed_for_cutting() -> None:
    # given: the leader signs quickly and records no refusal or supplement
    d = discover(event_log(code=reform_demo.MINED_CODE, scope=ReformScope.everything()))
    steps = {s.name: s for s in d.steps}
    signing = steps["Ký bản sao trích lục"]
    assert signing.minutes
    assert not signing.decisions  # the history alone would call it "only forwarding"
    # then: the definition's mark wins
    assert signing.signs
    assert not signing.passes_through
    drafting = steps["Tra cứu sổ hộ tịch, dự thảo bản sao trích lục"]
    assert drafting.decides_by_definition
    assert not drafting.passes_through
    assert [s.name for s in d.steps if s.passes_through] == ["Phân công xử lý"]


@pytest.mark.usefixtures("history")
def test_with_no_step_marked_the_last_leader_step_still_counts_as_signing() -> None:
    ProcessStep.objects.filter(version__procedure__national_code=reform_demo.MINED_CODE).update(
        signs_result=False, decides=False
    )
    process_steps_cache_clear()
    log = event_log(code=reform_demo.MINED_CODE, scope=ReformScope.everything())
    assert not any(s.signs_result or s.decides for s in log.steps)
    d = discover(log)
    steps = {s.name: s for s in d.steps}
    assert steps["Ký bản sao trích lục"].signs
    assert not steps["Ký bản sao trích lục"].passes_through
    assert not steps["Phân công xử lý"].signs
    assert steps["Phân công xử lý"].passes_through


@pytest.mark.usefixtures("history")
def test_variants_name_the_sla_rows_in_vietnamese() -> None:
    # given: the SLA sweep marks the open dossiers late a month on
    dossier_sla_sweep(now=timezone.now() + timedelta(days=30))
    log = event_log(code=reform_demo.MINED_CODE, scope=ReformScope.everything())
    raw = {"due_soon", "became_late", "apology_drafted", "consultation_late", "submit"}
    assert raw & {e.action for t in log.traces for e in t.events}

    d = discover(log)

    names = {a for variant in d.variants for a in variant}
    assert not names & raw
    assert "Quá hạn" in names
    assert "Tiếp nhận hồ sơ" in names
    step_names = {s.name for s in d.steps}
    assert all(n in step_names or " " in n for n in names)


@pytest.mark.usefixtures("history")
def test_the_xes_export_round_trips_through_pm4py(tmp_path: Path) -> None:
    pm4py = pytest.importorskip(
        "pm4py", reason="PM4Py is a test dependency (pip install -e .[dev])"
    )
    log = event_log(code=reform_demo.MINED_CODE, scope=ReformScope.everything())
    path = tmp_path / "log.xes"
    path.write_text("".join(xes_export(log)), encoding="utf-8")

    frame = pm4py.read_xes(str(path))

    assert frame["case:concept:name"].nunique() == DOSSIERS
    assert len(frame) == sum(len(t.events) for t in log.traces)
    ours = discover(log)
    dfg, starts, ends = pm4py.discover_dfg(frame)
    expected = Counter({k: v for k, v in ours.edges.items() if START not in k and END not in k})
    assert Counter(dict(dfg)) == expected
    assert dict(starts) == {a: n for (s, a), n in ours.edges.items() if s == START}
    assert dict(ends) == {a: n for (a, e), n in ours.edges.items() if e == END}
    first = log.traces[0].events[0]
    row = frame[frame["case:concept:name"] == log.traces[0].code].iloc[0]
    assert row["concept:name"] == first.activity
    assert row["time:timestamp"].to_pydatetime() == first.at
    assert row["org:resource"] == first.resource


@pytest.mark.usefixtures("history")
def test_the_report_exports_to_xlsx_and_pdf() -> None:
    today = timezone.localdate()
    built = report_build(
        start=today.replace(month=1, day=1),
        end=today,
        agency="",
        today=today,
        scope=ReformScope.everything(),
    )
    book = load_workbook(io.BytesIO(report_xlsx(built)))
    text = "\n".join(
        str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c
    )
    assert "I. Danh mục thủ tục hành chính nội bộ" in text
    assert "NB-STP-01" in text
    assert "Trung tâm Phục vụ hành chính công Thành phố Hà Nội" in text  # the workload section
    assert "Chậm" in text  # the demo task past its extended deadline
    pdf = report_pdf(built)
    assert pdf.startswith(b"%PDF-")
    require_tools("pdftotext", packages="poppler-utils")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "BÁO CÁO KẾT QUẢ RÀ SOÁT" in out
    assert "Toàn tổ công tác" in out


def test_report_xlsx_writes_formula_like_text_as_text() -> None:
    report = ReformReport(
        title="=1+1",
        subtitle="Kỳ báo cáo",
        sections=[
            Section(
                title="@A", head=["Tên", "Số"], kinds=[Kind.TEXT, Kind.COUNT], rows=[["-2+3", 4]]
            )
        ],
    )

    sheet = load_workbook(io.BytesIO(report_xlsx(report))).active

    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.value for cell in cells} >= {"=1+1", "@A", "-2+3", 4}
    assert all(cell.data_type != "f" for cell in cells)


def test_the_xes_export_stays_xml_with_a_name_no_xml_can_carry() -> None:
    log = EventLog(
        procedure_code="1.000001", procedure_name="Thủ\ufffe tục\x01", steps=(), traces=[]
    )

    text = "".join(xes_export(log))

    ElementTree.fromstring(text)  # noqa: S314 - our own output, parsed to prove it is XML
    assert "Thủ\ufffd tục\ufffd" in text
