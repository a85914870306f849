"""User text into spreadsheets as text, never as a formula (CSV injection, OWASP).

Every XLSX and CSV export writes its cells through here. A text beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is what Excel and LibreOffice would read as a formula
(``=HYPERLINK(...)``, ``@SUM(...)``, DDE ``-2+3+cmd|...``). In XLSX the cell is stored as a string
(``t="inlineStr"``, never an ``<f>`` element) with the "quote prefix" style, so the text is shown
exactly as accepted and stays text when someone edits the cell. CSV has no cell types: there such
a text gets a leading apostrophe, which spreadsheet programs treat as "this is text".

Characters XML cannot carry (see :func:`motcua.core.text.carriable`) are replaced, so that a text
stored before the edge refused them never breaks an export.
"""

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from motcua.core.text import carriable

if TYPE_CHECKING:
    # openpyxl (with numpy) is loaded by the first export, not by every web worker at start.
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CellValue = str | int | float | Decimal | date | datetime | time | None


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def write(cell: "Cell", value: CellValue) -> "Cell":
    """Put ``value`` into ``cell``; a text is stored as a string that cannot be evaluated."""
    if isinstance(value, str):
        text = carriable(value)
        cell.value = text
        # openpyxl infers a formula from a leading "="; the type is set after the value for that.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put(sheet: "Worksheet", *, row: int, column: int, value: CellValue) -> "Cell":
    """``sheet.cell(row=…, column=…, value=…)`` through :func:`write`."""
    from openpyxl.cell.cell import Cell

    cell = sheet.cell(row=row, column=column)
    if not isinstance(cell, Cell):
        raise TypeError(f"cell {cell.coordinate} is merged into another: write its first cell")
    return write(cell, value)


def append(sheet: "Worksheet", values: Iterable[CellValue]) -> None:
    """``sheet.append(values)`` through :func:`write`."""
    from openpyxl.cell.cell import Cell

    # append() places each cell in the next row, whatever row and column it was made with.
    sheet.append([write(Cell(sheet, row=1, column=1), value) for value in values])


def csv_value(value: CellValue) -> str | int | float | Decimal:
    """A cell for :mod:`csv`: a formula-like text gets the leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = carriable(value)
        return "'" + text if is_formula_like(text) else text
    if isinstance(value, date | time):
        return value.isoformat()
    return value
