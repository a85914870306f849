"""The register book (form 07 of Circular 03/2025/TT-VPCP, "Sổ theo dõi hồ sơ") as an XLSX file.

Pure: takes the :class:`~motcua.dossiers.slip_data.RegisterBook` built by
:func:`~motcua.dossiers.slip_data.register_book` and returns the bytes of the workbook. Moments are
written in local time (Asia/Ho_Chi_Minh) as Excel date-times; the sheet prints on A4 landscape.
"""

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.core.xlsx import put
from motcua.dossiers.slip_data import FORM_TITLES, RegisterBook

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "dd/mm/yyyy hh:mm"

#: Column headings, in the order of the circular's form, and their widths.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã hồ sơ", 28),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 26),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 30),
    ("Ngày, tháng, năm nhận hồ sơ", 17),
    ("Ngày, tháng, năm hẹn trả kết quả", 17),
    ("Ngày, tháng, năm chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Ngày, tháng, năm nhận kết quả từ cơ quan giải quyết", 17),
    ("Ngày, tháng, năm trả kết quả cho người nộp", 17),
    ("Ghi chú", 24),
)
HEADER_ROW = 5


def _local(value: datetime | None) -> datetime | None:
    """A naive local date-time (Excel has no time zones)."""
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None) if value is not None else None


def register_xlsx(book: RegisterBook) -> bytes:
    """The register book as an XLSX workbook with one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "So theo doi ho so"
    last = get_column_letter(len(COLUMNS))
    bold = Font(bold=True)
    title = FORM_TITLES["07"].upper()
    put(
        sheet,
        row=1,
        column=1,
        value=book.agency_name.upper() + (f" - {book.unit_name}" if book.unit_name else ""),
    )
    sheet["A1"].font = bold
    put(sheet, row=2, column=1, value=title)
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    put(
        sheet,
        row=3,
        column=1,
        value=f"Từ ngày {book.date_from:%d/%m/%Y} đến ngày {book.date_to:%d/%m/%Y} "
        f"(mã định danh cơ quan: {book.agency_code})",
    )
    sheet["A3"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A3:{last}3")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (heading, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, row=HEADER_ROW, column=index, value=heading)
        cell.font = bold
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(book.rows, start=1):
        values = (
            row.number,
            row.code,
            row.procedure_name,
            row.sets,
            row.applicant_name,
            row.address_phone,
            row.lead_agency,
            _local(row.received_at),
            _local(row.due_at),
            _local(row.forwarded_at),
            _local(row.result_at),
            _local(row.returned_at),
            row.note,
        )
        for index, value in enumerate(values, start=1):
            cell = put(sheet, row=HEADER_ROW + offset, column=index, value=value)
            cell.border = border
            cell.alignment = wrap
            if isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    workbook.properties.title = f"{FORM_TITLES['07']} - {book.agency_code}"
    workbook.properties.creator = "motcua"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
