"""Candidate key fields read from OCR text, for the officer to confirm or correct.

Nothing here is trusted: a candidate becomes a field only when an officer confirms it, and then it
carries "digitized by officer X" provenance. Digits are matched as ``[0-9]``, never ``\\d``.
"""

import re
from datetime import date

from motcua.accounts.identifiers import check_personal_id
from motcua.core.text import fold

#: Twelve digits, possibly printed in groups ("001 203 000 123", "001.203.000.123").
_ID = re.compile(r"(?<![0-9])([0-9](?:[ .]?[0-9]){11})(?![0-9])")
_NUMERIC_DATE = re.compile(
    r"(?<![0-9])([0-9]{1,2})\s?[/.-]\s?([0-9]{1,2})\s?[/.-]\s?([0-9]{4})(?![0-9])"
)
#: "ngày 05 tháng 3 năm 2024", compared folded ("ngay 05 thang 3 nam 2024").
_WORDED_DATE = re.compile(r"ngay\s+([0-9]{1,2})\s+thang\s+([0-9]{1,2})\s+nam\s+([0-9]{4})")
MAX_CANDIDATES = 10


def _date(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def extract_fields(text: str, *, today: date) -> dict[str, list[str]]:
    """``{"personal_id": [...], "dates": ["YYYY-MM-DD", ...]}`` in order of appearance, unique."""
    ids: list[str] = []
    for match in _ID.finditer(text):
        value = re.sub(r"[ .]", "", match.group(1))
        if value not in ids and check_personal_id(value, today=today).valid:
            ids.append(value)
    dates: list[str] = []
    found = [m.groups() for m in _NUMERIC_DATE.finditer(text)]
    found += [m.groups() for m in _WORDED_DATE.finditer(fold(text))]
    for day, month, year in found:
        parsed = _date(day, month, year)
        if parsed and parsed not in dates:
            dates.append(parsed)
    return {"personal_id": ids[:MAX_CANDIDATES], "dates": dates[:MAX_CANDIDATES]}
