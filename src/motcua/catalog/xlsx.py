"""Read a procedure list laid out as ministries and provinces publish it (one row a procedure).

Header row: STT | Mã thủ tục | Tên thủ tục hành chính | Lĩnh vực | Cấp thực hiện |
Thời hạn giải quyết | Phí, lệ phí | Cơ quan thực hiện | Căn cứ pháp lý. The free text of those
columns ("01 ngày làm việc", "Lệ phí: 0 Đồng", "50.000 đồng") is parsed into structured values;
every cell that cannot be parsed is named by its column letter and row number.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from motcua.accounts.models import AgencyKind
from motcua.catalog.models import FeeBasis, FeeKind, Level, TimeUnit
from motcua.catalog.payload import national_code_problem
from motcua.core.errors import FieldProblem
from motcua.core.text import fold, nfc

HEADERS = {
    "stt": "index",
    "ma thu tuc": "code",
    "ten thu tuc hanh chinh": "name",
    "linh vuc": "field",
    "cap thuc hien": "levels",
    "thoi han giai quyet": "time",
    "phi, le phi": "fees",
    "co quan thuc hien": "agency",
    "can cu phap ly": "legal_basis",
}

_TIME = re.compile(r"^(?:trong (?:vong|thoi han) )?0*(\d+)\s*(ngay lam viec|gio lam viec)\b")
_FEE = re.compile(r"^(?:(le phi|phi)\s*:?\s*)?([0-9][0-9.,\s]*)\s*(?:dong|d|vnd)\b")
_NO_FEE = {"khong", "khong co", "khong thu", "mien phi", "mien"}
_BY_REGULATION = ("theo quy dinh", "thu theo quy dinh")
_LEGAL_NUMBER = re.compile(r"\b(\d+/\d{4}/[\w\-Đđ]+)", re.UNICODE)
_AGENCY_KINDS = (
    ("ban chi huy quan su", AgencyKind.COMMUNE_MILITARY_COMMAND),
    ("cong an", AgencyKind.COMMUNE_POLICE),
    ("uy ban nhan dan cap xa", AgencyKind.COMMUNE_PEOPLES_COMMITTEE),
    ("ubnd cap xa", AgencyKind.COMMUNE_PEOPLES_COMMITTEE),
    ("uy ban nhan dan cap tinh", AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE),
    ("ubnd cap tinh", AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE),
    ("so ", AgencyKind.PROVINCIAL_DEPARTMENT),
    ("bo ", AgencyKind.MINISTRY),
)


@dataclass
class SheetRow:
    """One parsed row; ``data`` holds keyword arguments for ``procedure_draft_create``."""

    number: int
    national_code: str
    local_suffix: str
    field_name: str
    data: dict[str, Any] = field(default_factory=dict)


def parse_time(text: str) -> tuple[int, str] | None:
    """ "01 ngày làm việc" -> (1, working_days); "4 giờ làm việc" -> (4, working_hours)."""
    match = _TIME.match(fold(text))
    if not match:
        return None
    unit = TimeUnit.WORKING_DAYS if match.group(2).startswith("ngay") else TimeUnit.WORKING_HOURS
    return int(match.group(1)), unit


def _fee_cell(*, kind: str, name: str, amount: int | None, wording: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "name": name,
        "amount": amount,
        "basis": FeeBasis.FIXED,
        "unit_name": "",
        "exempt_groups": [],
        "wording": wording,
        "note": "",
    }


def parse_fees(text: str) -> list[dict[str, Any]] | None:
    """ "Lệ phí: 0 Đồng" -> one charge of 0; "50.000 đồng" -> one fee of 50000; "Không" -> one
    charge of 0 (the source says free); "Theo quy định …" -> one charge of unknown amount; an
    empty cell -> no rule (the fee is then unknown, not free); None when unreadable. The cell's
    text is kept as each rule's wording."""
    fees: list[dict[str, Any]] = []
    for part in re.split(r"[;\n]+", text):
        folded = fold(part).strip(" .-+")
        wording = nfc(part).strip()
        if not folded:
            continue
        if folded in _NO_FEE:
            fees.append(_fee_cell(kind=FeeKind.CHARGE, name=_("Lệ phí"), amount=0, wording=wording))
            continue
        if folded.startswith(_BY_REGULATION):
            fees.append(
                _fee_cell(kind=FeeKind.CHARGE, name=_("Phí, lệ phí"), amount=None, wording=wording)
            )
            continue
        match = _FEE.match(folded)
        if not match:
            return None
        digits = re.sub(r"[.,\s]", "", match.group(2))
        kind = FeeKind.CHARGE if match.group(1) == "le phi" else FeeKind.FEE
        name = wording.split(":")[0].strip() if match.group(1) else _("Phí")
        fees.append(_fee_cell(kind=kind, name=name, amount=int(digits), wording=wording))
    return fees


def parse_levels(text: str) -> list[str] | None:
    levels: list[str] = []
    for part in re.split(r"[,;/\n]+", fold(text)):
        words = part.replace("cap", "").strip()
        if not words:
            continue
        level = {"bo": Level.MINISTRY, "tinh": Level.PROVINCE, "xa": Level.COMMUNE}.get(words)
        if level is None:
            return None
        if level not in levels:
            levels.append(level)
    return levels or None


def agency_kind_for(text: str) -> str:
    folded = fold(text) + " "
    for needle, kind in _AGENCY_KINDS:
        if needle in folded:
            return str(kind)
    return ""


def parse_legal_basis(text: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for line in re.split(r"[;\n]+", nfc(text)):
        line = line.strip(" -+•\t")
        if not line:
            continue
        match = _LEGAL_NUMBER.search(line)
        entries.append(
            {
                "number": match.group(1) if match else line[:100],
                "title": line[:500],
                "issued_on": None,
            }
        )
    return entries


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def read_sheet(path: Path) -> tuple[list[SheetRow], list[FieldProblem]]:
    """The parsed rows of the first sheet, and every problem named by its cell (``F7``)."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    problems: list[FieldProblem] = []
    header_index = next((i for i, row in enumerate(rows) if row and fold(row[0]) == "stt"), None)
    if header_index is None:
        return [], [FieldProblem("A1", _("Không tìm thấy dòng tiêu đề bắt đầu bằng STT."))]
    columns: dict[str, int] = {}
    for position, title in enumerate(rows[header_index]):
        key = HEADERS.get(fold(title))
        if key:
            columns[key] = position
    for title, key in HEADERS.items():
        if key not in columns:
            problems.append(
                FieldProblem(
                    f"{header_index + 1}",
                    _("Thiếu cột %(title)s ở dòng tiêu đề %(row)s.")
                    % {"title": title, "row": header_index + 1},
                )
            )
    if problems:
        return [], problems

    parsed: list[SheetRow] = []
    for offset, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(values):
            continue

        def get(key: str, values: list[str] = values) -> str:
            position = columns[key]
            return values[position] if position < len(values) else ""

        def bad(key: str, message: str, row: int = offset) -> None:
            letter = get_column_letter(columns[key] + 1)
            problems.append(
                FieldProblem(
                    f"{letter}{row}",
                    _("Dòng %(row)s, cột %(letter)s: %(message)s")
                    % {"row": row, "letter": letter, "message": message},
                )
            )

        code = get("code")
        parts = code.split(".")
        national, suffix = ".".join(parts[:2]), ".".join(parts[2:])
        code_problem = national_code_problem(national) if code else _("Không được để trống.")
        if code_problem:
            bad("code", code_problem)
        name = get("name")
        if not name:
            bad("name", _("Không được để trống."))
        field_name = get("field")
        if not field_name:
            bad("field", _("Không được để trống."))
        levels = parse_levels(get("levels"))
        if levels is None:
            bad("levels", _("Không đọc được cấp thực hiện (Cấp Bộ, Cấp Tỉnh, Cấp Xã)."))
        time = parse_time(get("time"))
        if time is None:
            bad(
                "time",
                _(
                    'Không đọc được thời hạn "%(text)s" (ví dụ: "05 ngày làm việc", "4 giờ làm việc").'
                )
                % {"text": get("time")},
            )
        fees = parse_fees(get("fees"))
        if fees is None:
            bad(
                "fees",
                _('Không đọc được phí, lệ phí "%(text)s" (ví dụ: "Lệ phí: 0 Đồng", "50.000 đồng").')
                % {"text": get("fees")},
            )
        agency = get("agency")
        if code_problem or not name or not field_name or levels is None or time is None:
            continue
        if fees is None:
            continue
        parsed.append(
            SheetRow(
                number=offset,
                national_code=national,
                local_suffix=suffix,
                field_name=field_name,
                data={
                    "name": name,
                    "levels": levels,
                    "processing_time_value": time[0],
                    "processing_time_unit": time[1],
                    "fees": fees,
                    "implementing_agency": agency,
                    "competent_agency_kind": agency_kind_for(agency),
                    "legal_basis": parse_legal_basis(get("legal_basis")),
                },
            )
        )
    return parsed, problems
