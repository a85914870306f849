import csv
import io

from openpyxl import load_workbook

from motcua.reporting.exports import rows_csv, rows_xlsx

ROWS: list[list[str | int | float | None]] = [
    ["Mã cơ quan", "Cơ quan", "Điểm"],
    ["000.00.01.H26", '=HYPERLINK("http://evil.example","Sở")', 12.5],
    ["-1+1", "@SUM(A1)", None],
]


def test_index_xlsx_writes_agency_text_as_text() -> None:
    sheet = load_workbook(io.BytesIO(rows_xlsx(ROWS, title="Chỉ số"))).active

    assert sheet is not None
    assert sheet["B2"].value == ROWS[1][1]
    assert sheet["B2"].data_type == "s"
    assert sheet["A3"].data_type == "s"
    assert sheet["C2"].value == 12.5


def test_index_csv_prefixes_formula_like_text() -> None:
    text = rows_csv(ROWS).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text)))

    assert rows[1] == ["000.00.01.H26", "'" + str(ROWS[1][1]), "12.5"]
    assert rows[2] == ["'-1+1", "'@SUM(A1)", ""]
