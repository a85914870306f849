"""The report to the Government Office: one read behind the page and the files, periods that
include their last day, the plans section III counts listed in section II, and real numbers in
the XLSX."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier
from motcua.reform.models import SimplificationPlan
from motcua.reform.permissions import ReformScope
from motcua.reform.reports import (
    XLSX_FORMATS,
    Kind,
    ReformReport,
    display,
    report_build,
    report_xlsx,
)
from motcua.reform.selectors import cost_summary, workload
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import reform as reform_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> date:
    at = timezone.now()
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    reform_demo.load(at=at, dossiers=24)
    return timezone.localdate(at)


def _section(report: ReformReport, number: str) -> list[list[object]]:
    return next(s for s in report.sections if s.title.startswith(number + ".")).rows


def test_display_writes_figures_in_vietnamese_style() -> None:
    assert display(758_055_000, Kind.MONEY) == "758.055.000"
    assert display(20.0, Kind.PERCENT) == "20,00%"
    assert display(1234.5, Kind.HOURS) == "1.234,5"
    assert display(date(2026, 12, 6), Kind.DATE) == "06/12/2026"
    assert display("Sở Tư pháp", Kind.TEXT) == "Sở Tư pháp"


def test_the_period_includes_its_last_day(today: date) -> None:
    # given: the local day of the last dossier the demo received
    last = Dossier.objects.order_by("-received_at").values_list("received_at", flat=True)[0]
    day = last.astimezone(LOCAL_TZ).date()
    start = day - timedelta(days=30)

    report = report_build(
        start=start, end=day, agency="", today=today, scope=ReformScope.everything()
    )

    # then: its workload counts that day, up to local midnight
    with_day = workload(start=start, end=day + timedelta(days=1), year=day.year)
    without_day = workload(start=start, end=day, year=day.year)
    assert [w.cost for w in with_day] != [w.cost for w in without_day]
    assert [row[2] for row in _section(report, "V")] == [w.cost for w in with_day]


def test_section_two_lists_the_plans_section_three_counts(today: date) -> None:
    # given: the demo's plan falls due after the period
    plan = SimplificationPlan.objects.get()
    assert plan.deadline > today

    report = report_build(
        start=today.replace(day=1),
        end=today,
        agency="",
        today=today,
        scope=ReformScope.everything(),
    )

    plans = _section(report, "II")
    assert [row[0] for row in plans] == [plan.subject_name]
    assert plans[0][4] == plan.deadline
    _per_agency, overall = cost_summary(on=today, scope=ReformScope.everything())
    assert overall.planned == len(plans) == 1
    # the abolished procedure's cost is the whole cut of its agency's row
    agency_row = next(r for r in _section(report, "III") if r[0] == plan.subject_agency)
    before, after = agency_row[5], agency_row[6]
    assert isinstance(before, int)
    assert isinstance(after, int)
    assert before - after == plans[0][5] - plans[0][6]  # type: ignore[operator]
    assert plans[0][7] == 100.0


def _rows(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_the_xlsx_holds_numbers_with_vietnamese_formats(today: date) -> None:
    report = report_build(
        start=today.replace(month=1, day=1),
        end=today,
        agency="",
        today=today,
        scope=ReformScope.everything(),
    )
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).worksheets[0]
    plan = SimplificationPlan.objects.get()
    row = next(r for r in sheet.iter_rows() if r[0].value == plan.subject_name)

    before, after, cut = row[5], row[6], row[7]
    assert isinstance(before.value, int)
    assert before.value > 0
    assert before.number_format == XLSX_FORMATS[Kind.MONEY] == "[$-42A]#,##0"
    assert after.value == 0
    assert isinstance(cut.value, int | float)
    assert cut.value == 1  # 100 %, stored as the fraction
    assert cut.number_format == "[$-42A]0.00%"
    deadline = row[4].value
    assert isinstance(deadline, datetime)
    assert deadline.date() == plan.deadline
    assert row[4].number_format == "dd/mm/yyyy"
    # no figure anywhere is a string of digits
    for values in _rows(sheet):
        for value in values:
            if isinstance(value, str):
                assert not value.replace(".", "").replace(",", "").isdigit(), value
