"""The report to the Government Office on internal procedures (báo cáo rà soát, đơn giản hóa).

The exact template of Circular 02/2017/TT-VPCP's annexes is unconfirmed; this follows the sections
every such report carries (Decision 1085/QĐ-TTg): I. the inventory of internal procedures, II. the
simplification plan of each one with its compliance cost before and after, III. the cut in number
and in cost per agency and overall against the targets, IV. the tasks done, not yet done ("chưa")
and late ("chậm"), V. the one-stop units' workload by the operating norms.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from django.utils.translation import gettext as _

from motcua.core.templatetags.design import number_text
from motcua.reform.permissions import ReformScope
from motcua.reform.selectors import (
    TASK_STATUS_LABELS,
    CostTotals,
    TaskStatus,
    cost_summary,
    internal_procedures,
    latest_internal_plans,
    task_board,
    workload,
)


class Kind:
    """What a column holds: how the page and the PDF write it, and the XLSX cell's type."""

    TEXT = "text"
    COUNT = "count"  # int
    MONEY = "money"  # int, đồng
    HOURS = "hours"  # float, one decimal
    PERCENT = "percent"  # float, the percentage (20.5 for 20,5 %), two decimals
    DATE = "date"


#: XLSX number formats. A format code always writes "," for grouping and "." for decimals; the
#: spreadsheet shows them with the separators of the format's locale: [$-42A] is Vietnamese
#: (vi-VN), so 758055000 reads "758.055.000" and 0.2 reads "20,00%" there. A percentage is stored
#: as its fraction, as spreadsheets do, so that it adds and compares as a number.
XLSX_FORMATS = {
    Kind.COUNT: "[$-42A]#,##0",
    Kind.MONEY: "[$-42A]#,##0",
    Kind.HOURS: "[$-42A]#,##0.0",
    Kind.PERCENT: "[$-42A]0.00%",
    Kind.DATE: "dd/mm/yyyy",
}


@dataclass
class Section:
    title: str
    head: list[str]
    kinds: list[str]
    rows: list[list[object]]


@dataclass
class ReformReport:
    title: str
    subtitle: str
    sections: list[Section]


def display(value: object, kind: str) -> str:
    """A figure as the page and the PDF write it, in Vietnamese style: ``758.055.000``,
    ``20,00%``, ``1,5``, ``06/12/2026``."""
    # The report is a Vietnamese administrative document whatever the page's language.
    if kind in (Kind.COUNT, Kind.MONEY) and isinstance(value, int):
        return number_text(value, language="vi")
    if kind == Kind.HOURS and isinstance(value, int | float):
        return number_text(value, decimals=1, language="vi")
    if kind == Kind.PERCENT and isinstance(value, int | float):
        return number_text(value, decimals=2, language="vi") + "%"
    if kind == Kind.DATE and isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _totals_row(t: CostTotals) -> list[object]:
    return [
        t.agency,
        t.procedures,
        t.planned,
        t.abolished,
        t.procedures_cut_percent,
        t.cost_before,
        t.cost_after,
        t.cost_cut_percent,
        _("Đạt") if t.meets_targets else _("Chưa đạt"),
    ]


def report_build(
    *, start: date, end: date, agency: str, today: date, scope: ReformScope
) -> ReformReport:
    """The report for the period from ``start`` to ``end``, both days included (local dates,
    Asia/Ho_Chi_Minh), of ``agency`` (name) or of every agency of ``scope`` when it is empty.

    The one read behind the page, the XLSX and the PDF: they differ only in how they write it.
    Section II lists the plan that counts for each internal procedure, the same plans section III
    computes the cut from; section IV the tasks with a deadline in the period, and every late one.
    """
    procedures = [
        p for p in internal_procedures(scope=scope) if not agency or p.agency_name == agency
    ]
    inventory = Section(
        _("I. Danh mục thủ tục hành chính nội bộ"),
        [_("Mã"), _("Tên thủ tục"), _("Cơ quan ban hành"), _("Lĩnh vực"), _("Số bước")],
        [Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.COUNT],
        [[p.code, p.name, p.agency_name, p.field_name, len(p.steps)] for p in procedures],
    )
    plans = latest_internal_plans(scope=scope, agency=agency)
    plan_section = Section(
        _("II. Phương án đơn giản hóa và chi phí tuân thủ"),
        [
            _("Thủ tục"),
            _("Nội dung cắt giảm"),
            _("Kiến nghị sửa đổi"),
            _("Cơ quan chịu trách nhiệm"),
            _("Thời hạn"),
            _("Chi phí trước (đồng/năm)"),
            _("Chi phí sau (đồng/năm)"),
            _("Cắt giảm (%)"),
        ],
        [Kind.TEXT] * 4 + [Kind.DATE, Kind.MONEY, Kind.MONEY, Kind.PERCENT],
        [
            [
                r.plan.subject_name,
                "; ".join(r.cut_labels),
                r.plan.legal_change,
                r.plan.responsible_agency,
                r.plan.deadline,
                r.comparison.before.annual,
                r.comparison.after.annual,
                r.comparison.cut_percent,
            ]
            for r in plans
        ],
    )
    per_agency, overall = cost_summary(on=today, scope=scope)
    totals = Section(
        _("III. Kết quả cắt giảm so với chỉ tiêu"),
        [
            _("Cơ quan"),
            _("Số thủ tục"),
            _("Có phương án"),
            _("Bãi bỏ"),
            _("Cắt giảm số thủ tục (%)"),
            _("Chi phí trước (đồng/năm)"),
            _("Chi phí sau (đồng/năm)"),
            _("Cắt giảm chi phí (%)"),
            _("Chỉ tiêu"),
        ],
        [
            Kind.TEXT,
            *[Kind.COUNT] * 3,
            Kind.PERCENT,
            Kind.MONEY,
            Kind.MONEY,
            Kind.PERCENT,
            Kind.TEXT,
        ],
        [_totals_row(t) for t in per_agency if not agency or t.agency == agency]
        + ([] if agency else [_totals_row(overall)]),
    )
    task_rows: list[list[object]] = []
    for board in task_board(today=today, scope=scope):
        if agency and board.agency.name != agency:
            continue
        for row in board.rows:
            if not start <= row.task.deadline <= end and row.status != TaskStatus.LATE:
                continue
            task_rows.append(
                [
                    board.agency.name,
                    row.task.title,
                    row.task.original_deadline,
                    row.task.deadline,
                    len(row.extensions),
                    str(TASK_STATUS_LABELS[row.status]),
                ]
            )
    tasks = Section(
        _("IV. Tình hình thực hiện nhiệm vụ"),
        [
            _("Cơ quan"),
            _("Nhiệm vụ"),
            _("Thời hạn ban đầu"),
            _("Thời hạn hiện tại"),
            _("Số lần gia hạn"),
            _("Tình trạng"),
        ],
        [Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.DATE, Kind.COUNT, Kind.TEXT],
        task_rows,
    )
    # workload() counts dossiers received before local midnight of its end: the day after.
    loads = workload(start=start, end=end + timedelta(days=1), year=end.year)
    load_section = Section(
        _("V. Khối lượng công việc và chi phí vận hành của Bộ phận Một cửa"),
        [
            _("Bộ phận Một cửa"),
            _("Thời gian (giờ)"),
            _("Chi phí (đồng)"),
            _("Tiết kiệm nhờ nộp trực tuyến (giờ)"),
            _("Tiết kiệm nhờ nộp trực tuyến (đồng)"),
        ],
        [Kind.TEXT, Kind.HOURS, Kind.MONEY, Kind.HOURS, Kind.MONEY],
        [
            [
                w.unit,
                round(w.minutes / 60, 1),
                w.cost,
                round(w.online_saving_minutes / 60, 1),
                w.online_saving_cost,
            ]
            for w in loads
        ],
    )
    return ReformReport(
        title=_("BÁO CÁO KẾT QUẢ RÀ SOÁT, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH NỘI BỘ"),
        subtitle=_("Kỳ báo cáo: từ %(start)s đến %(end)s. Cơ quan: %(agency)s.")
        % {
            "start": start.strftime("%d/%m/%Y"),
            "end": end.strftime("%d/%m/%Y"),
            "agency": agency or _("tất cả"),
        },
        sections=[inventory, plan_section, totals, tasks, load_section],
    )


def report_rows(section: Section) -> list[list[str]]:
    """The section's rows as the page and the PDF write them."""
    return [
        [display(v, k) for v, k in zip(row, section.kinds, strict=True)] for row in section.rows
    ]


def report_xlsx(report: ReformReport) -> bytes:
    # openpyxl is loaded by the first download, not by every web worker at start.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from motcua.core.xlsx import append

    book = Workbook()
    sheet = book.create_sheet("Bao cao", 0)
    book.remove(book.worksheets[1])
    append(sheet, [report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, [report.subtitle])
    for section in report.sections:
        append(sheet, [])
        append(sheet, [section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        append(sheet, section.head)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not section.rows:
            sheet.append([_("Không có số liệu.")])
        for row in section.rows:
            values = [
                v / 100 if kind == Kind.PERCENT and isinstance(v, int | float) else v
                for v, kind in zip(row, section.kinds, strict=True)
            ]
            append(sheet, [v if isinstance(v, int | float | date) else str(v) for v in values])
            for cell, kind in zip(sheet[sheet.max_row], section.kinds, strict=False):
                if kind in XLSX_FORMATS:
                    cell.number_format = XLSX_FORMATS[kind]
    for column in "ABCDEFGHI":
        sheet.column_dimensions[column].width = 24
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(report: ReformReport) -> bytes:
    # reportlab is loaded by the first download, not by every web worker at start.
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from motcua.dossiers.paper.slips import FONT, FONT_BOLD, MOTTO, MOTTO_LINE, pdf_fonts

    pdf_fonts()
    normal = ParagraphStyle("n", fontName=FONT, fontSize=8, leading=10)
    bold = ParagraphStyle("b", fontName=FONT_BOLD, fontSize=8, leading=10)
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8)
    centre = ParagraphStyle("c", fontName=FONT_BOLD, fontSize=12, leading=15, alignment=1)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report.title,
    )
    story: list[object] = [
        Paragraph(MOTTO, centre),
        Paragraph(MOTTO_LINE, ParagraphStyle("m", parent=centre, fontSize=10)),
        Spacer(1, 6 * mm),
        Paragraph(report.title, centre),
        Paragraph(report.subtitle, ParagraphStyle("s", parent=normal, alignment=1, fontSize=9)),
    ]
    for section in report.sections:
        story.append(Paragraph(section.title, heading))
        data = [[Paragraph(str(h), bold) for h in section.head]]
        data += [[Paragraph(c, normal) for c in row] for row in report_rows(section)]
        if not section.rows:
            data.append(
                [Paragraph(_("Không có số liệu."), normal)] + [""] * (len(section.head) - 1)
            )
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, "#0b0c0c"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#f3f2f1"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return out.getvalue()
