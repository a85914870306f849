"""The index as rows for CSV and XLSX exports (the same figures as the pages)."""

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from motcua.core.xlsx import append, csv_value
from motcua.reporting.selectors import IndexValue, ranking

Cell = str | int | float | None


def index_rows(values: Sequence[IndexValue], *, minimum: int) -> list[list[Cell]]:
    """One row per agency and indicator; counts below ``minimum`` are left empty (suppressed)."""
    rows: list[list[Cell]] = [
        [
            _("Hạng"),
            _("Mã cơ quan"),
            _("Cơ quan"),
            _("Tổng điểm"),
            _("Nhóm"),
            _("Chỉ tiêu"),
            _("Tên chỉ tiêu"),
            _("Tử số"),
            _("Mẫu số"),
            _("Tỷ lệ (%)"),
            _("Điểm"),
            _("Điểm tối đa"),
        ]
    ]
    for rank, value in ranking(values, minimum=minimum):
        agency = value.agency
        for group in value.groups:
            for item in group.indicators:
                hidden = minimum > 0 and item.suppressed(minimum)
                rate = item.rate
                rows.append(
                    [
                        rank,
                        agency.code if agency else "",
                        agency.name if agency else _("Tất cả cơ quan"),
                        value.total,
                        str(group.group.name),
                        item.indicator.code,
                        str(item.indicator.name),
                        None if hidden else item.numerator,
                        None if hidden else item.denominator,
                        None if hidden or rate is None or not item.enough else round(rate * 100, 1),
                        item.points,
                        item.indicator.points,
                    ]
                )
    return rows


def rows_csv(rows: list[list[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_value(cell) for cell in row])
    # With a BOM, spreadsheet programs read the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_xlsx(rows: list[list[Cell]], *, title: str) -> bytes:
    # openpyxl (with numpy and Pillow) is loaded by the first download, not by every web worker.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = title[:31]
    for row in rows:
        append(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
