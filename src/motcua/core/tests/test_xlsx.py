import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from motcua.core.xlsx import append, csv_value, put

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_like_text_is_stored_as_a_string_and_reads_back_unchanged(text: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    put(sheet, row=1, column=1, value=text)
    append(sheet, [text, 7, None])

    data = _saved(book)

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    read = load_workbook(io.BytesIO(data)).active
    assert read is not None
    for coordinate in ("A1", "A2"):
        assert read[coordinate].value == text
        assert read[coordinate].data_type == "s"
        assert read[coordinate].quotePrefix
    assert read["B2"].value == 7
    assert read["B2"].data_type == "n"


def test_plain_text_keeps_no_quote_prefix_and_uncarriable_characters_are_replaced() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    append(sheet, ["Nguyễn Văn An", "Lê\ufffeHoa\x00"])

    read = load_workbook(io.BytesIO(_saved(book))).active

    assert read is not None
    assert read["A1"].value == "Nguyễn Văn An"
    assert not read["A1"].quotePrefix
    assert read["B1"].value == "Lê\ufffdHoa\ufffd"


def test_csv_values_get_the_apostrophe_before_a_formula() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_value(v) for v in [*FORMULAS[:5], "An", 3, None]])

    row = next(csv.reader(io.StringIO(buffer.getvalue())))

    assert row[:5] == ["'" + text for text in FORMULAS[:5]]
    assert row[5:] == ["An", "3", ""]
