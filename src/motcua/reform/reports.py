"""The report to the Government Office on internal procedures (báo cáo rà soát, đơn giản hóa).

The exact template of Circular 02/2017/TT-VPCP's annexes is unconfirmed; this follows the sections
every such report carries (Decision 1085/QĐ-TTg): I. the inventory of internal procedures, II. the
simplification plan of each one with its compliance cost before and after, III. the cut in number
and in cost per agency and overall against the targets, IV. the tasks done, not yet done ("chưa")
and late ("chậm"), V. the one-stop units' workload by the operating norms.
"""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _

from motcua.reform.selectors import (
    TASK_STATUS_LABELS,
    CostTotals,
    TaskStatus,
    cost_summary,
    internal_procedures,
    plans_list,
    task_board,
    workload,
)


@dataclass
class Section:
    title: str
    head: list[str]
    rows: list[list[object]]


@dataclass
class ReformReport:
    title: str
    subtitle: str
    sections: list[Section]


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _totals_row(t: CostTotals) -> list[object]:
    return [
        t.agency,
        t.procedures,
        t.planned,
        t.abolished,
        f"{t.procedures_cut_percent:.2f}",
        _money(t.cost_before),
        _money(t.cost_after),
        f"{t.cost_cut_percent:.2f}",
        _("Đạt") if t.meets_targets else _("Chưa đạt"),
    ]


def report_build(*, start: date, end: date, agency: str, today: date) -> ReformReport:
    """The figures for plans and tasks with a deadline in [start, end], of ``agency`` (name) or
    of every agency when it is empty."""
    procedures = [p for p in internal_procedures() if not agency or p.agency_name == agency]
    inventory = Section(
        _("I. Danh mục thủ tục hành chính nội bộ"),
        [_("Mã"), _("Tên thủ tục"), _("Cơ quan ban hành"), _("Lĩnh vực"), _("Số bước")],
        [[p.code, p.name, p.agency_name, p.field_name, len(p.steps)] for p in procedures],
    )
    plans = [r for r in plans_list(agency=agency) if start <= r.plan.deadline <= end]
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
        [
            [
                r.plan.subject_name,
                "; ".join(r.cut_labels),
                r.plan.legal_change,
                r.plan.responsible_agency,
                r.plan.deadline.strftime("%d/%m/%Y"),
                _money(r.comparison.before.annual),
                _money(r.comparison.after.annual),
                f"{r.comparison.cut_percent:.2f}",
            ]
            for r in plans
        ],
    )
    per_agency, overall = cost_summary(on=today)
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
        [_totals_row(t) for t in per_agency if not agency or t.agency == agency]
        + ([] if agency else [_totals_row(overall)]),
    )
    task_rows: list[list[object]] = []
    for board in task_board(today=today):
        if agency and board.agency.name != agency:
            continue
        for row in board.rows:
            if not start <= row.task.deadline <= end and row.status != TaskStatus.LATE:
                continue
            task_rows.append(
                [
                    board.agency.name,
                    row.task.title,
                    row.task.original_deadline.strftime("%d/%m/%Y"),
                    row.task.deadline.strftime("%d/%m/%Y"),
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
        task_rows,
    )
    loads = workload(start=start, end=end, year=end.year)
    load_section = Section(
        _("V. Khối lượng công việc và chi phí vận hành của Bộ phận Một cửa"),
        [
            _("Bộ phận Một cửa"),
            _("Thời gian (giờ)"),
            _("Chi phí (đồng)"),
            _("Tiết kiệm nhờ nộp trực tuyến (giờ)"),
            _("Tiết kiệm nhờ nộp trực tuyến (đồng)"),
        ],
        [
            [
                w.unit,
                round(w.minutes / 60, 1),
                _money(w.cost),
                round(w.online_saving_minutes / 60, 1),
                _money(w.online_saving_cost),
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


def report_xlsx(report: ReformReport) -> bytes:
    # openpyxl is loaded by the first download, not by every web worker at start.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.create_sheet("Bao cao", 0)
    book.remove(book.worksheets[1])
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([report.subtitle])
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(section.head)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in section.rows:
            sheet.append([str(v) if not isinstance(v, int | float) else v for v in row])
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

    from motcua.dossiers.slips import FONT, FONT_BOLD, MOTTO, MOTTO_LINE, pdf_fonts

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
        data += [[Paragraph(str(c), normal) for c in row] for row in section.rows]
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
