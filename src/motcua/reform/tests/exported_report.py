"""Reading the report back from the page and from its XLSX export, to compare them cell by cell
(used by the view test and by the journey)."""

import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

EMPTY = "Không có số liệu."


def page_figure(text: str) -> object:
    """A cell of the page read back as the value it writes: 758.055.000, 20,00%, 1,5, 06/12/2026."""
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text):
        return int(text.replace(".", ""))
    if m := re.fullmatch(r"(-?\d{1,3}(?:\.\d{3})*),(\d+)%", text):
        return float(f"{m[1].replace('.', '')}.{m[2]}") / 100
    if m := re.fullmatch(r"(-?\d{1,3}(?:\.\d{3})*),(\d)", text):
        return float(f"{m[1].replace('.', '')}.{m[2]}")
    if re.fullmatch(r"\d\d/\d\d/\d{4}", text):
        return datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    return text


def xlsx_sections(content: bytes) -> list[list[list[object]]]:
    """The data rows of each section of the exported sheet (title rows and heads left out)."""
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    sections: list[list[list[object]]] = []
    i = 2
    while i < len(rows):
        if all(v is None for v in rows[i]):
            sections.append([])
            i += 3  # the blank row, the section's title, its head
            continue
        values = [v for v in rows[i] if v is not None]
        if values != [EMPTY]:
            sections[-1].append([v.date() if isinstance(v, datetime) else v for v in values])
        i += 1
    return sections


def assert_same_report(page: list[list[list[str]]], xlsx: bytes) -> int:
    """Every cell of the page's report tables equals the export's; the number of figures."""
    exported = xlsx_sections(xlsx)
    shown_sections = [[r for r in section if r != [EMPTY]] for section in page]
    assert len(shown_sections) == len(exported) == 5
    figures = 0
    for shown_section, file_section in zip(shown_sections, exported, strict=True):
        assert len(shown_section) == len(file_section)
        for shown_row, file_row in zip(shown_section, file_section, strict=True):
            assert len(shown_row) == len(file_row), (shown_row, file_row)
            for text, stored in zip(shown_row, file_row, strict=True):
                shown = page_figure(text)
                if isinstance(stored, int | float) and not isinstance(stored, bool):
                    figures += 1
                    assert isinstance(shown, int | float), (text, stored)
                    assert shown == pytest.approx(stored, abs=1e-9), (text, stored)
                elif isinstance(stored, date):
                    assert shown == stored, (text, stored)
                else:
                    assert text == str(stored)
    return figures
