"""Read a procedure list as the national database exports it and announcing decisions publish it.

One row a procedure. The header row is found by its titles, in any order and under the names
these tables use ("Mã thủ tục" or "Mã số TTHC", "Thời hạn giải quyết" or "Thời gian giải quyết",
...); a table without a field column takes the field from its group rows ("I. Lĩnh vực Hộ tịch").
Free text is read into structured values only where it reads exactly ("05 ngày làm việc. Trường
hợp cần xác minh ... không quá 10 ngày"); every cell that does not read is named by its column
letter and row number in the notes, and its published wording is kept as it is, never guessed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from motcua.accounts.models import AgencyKind
from motcua.catalog.models import FeeBasis, FeeKind, Level, OnlineLevel, TimeUnit
from motcua.catalog.payload import FULL_CODE, national_code_problem
from motcua.catalog.terms import parse_time_text
from motcua.core.errors import FieldProblem
from motcua.core.text import fold, nfc

HEADERS = {
    "stt": "index",
    "tt": "index",
    "ma thu tuc": "code",
    "ma tthc": "code",
    "ma so tthc": "code",
    "ma so": "code",
    "ma ho so": "code",
    "ten thu tuc hanh chinh": "name",
    "ten thu tuc": "name",
    "ten tthc": "name",
    "linh vuc": "field",
    "cap thuc hien": "levels",
    "thoi han giai quyet": "time",
    "thoi gian giai quyet": "time",
    "phi, le phi": "fees",
    "phi, le phi (neu co)": "fees",
    "phi/le phi": "fees",
    "phi, le phi (dong)": "fees",
    "co quan thuc hien": "agency",
    "co quan giai quyet": "agency",
    "dia diem thuc hien": "agency",
    "can cu phap ly": "legal_basis",
    "muc do dvc": "online_level",
    "muc do dich vu cong truc tuyen": "online_level",
    "nguon": "source",
}
#: The columns without which a row cannot be a procedure.
REQUIRED = ("name",)
_GROUP = re.compile(r"^(?:[ivxlc]+|[a-z])[.)]?\s+(?:linh vuc\s+)?(.+)$")

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
    """One parsed row: ``identity`` and ``version`` in the shape of a catalogue file."""

    number: int
    field_name: str
    identity: dict[str, Any] = field(default_factory=dict)
    version: dict[str, Any] = field(default_factory=dict)


def parse_time(text: str) -> tuple[int, str] | None:
    """ "01 ngày làm việc" -> (1, working_days); "4 giờ làm việc" -> (4, working_hours)."""
    match = _TIME.match(fold(text))
    if not match:
        return None
    unit = TimeUnit.WORKING_DAYS if match.group(2).startswith("ngay") else TimeUnit.WORKING_HOURS
    return int(match.group(1)), unit


_ONLINE = {
    "toan trinh": OnlineLevel.FULL,
    "muc do 4": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
    "muc do 3": OnlineLevel.PARTIAL,
}


def parse_online_level(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return OnlineLevel.NOT_STATED
    return next((level for key, level in _ONLINE.items() if key in folded), None)


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
        level = {
            "bo": Level.MINISTRY,
            "tinh": Level.PROVINCE,
            "xa": Level.COMMUNE,
            "huyen": Level.DISTRICT,
        }.get(words)
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


def _code_identity(code: str) -> tuple[dict[str, Any], str | None]:
    """The identity keys of a code cell, or the reason it is not a code.

    A national code (with or without its suffix) or full ký hiệu is the national code; anything
    else that does not start like one ("B-BTP-BS43") is an old number, kept as an alias.
    """
    if FULL_CODE.match(code):
        return {"national_code": code}, None
    parts = code.split(".")
    if code[:1].isdigit() and "." in code:
        national = ".".join(parts[:2])
        problem = national_code_problem(national)
        if problem:
            return {}, problem
        return {"national_code": national, "local_suffix": ".".join(parts[2:])}, None
    return {"aliases": [code]}, None


@dataclass
class Sheet:
    rows: list[SheetRow]
    problems: list[FieldProblem]
    notes: list[FieldProblem]


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:30]):
        columns: dict[str, int] = {}
        for position, title in enumerate(row):
            key = HEADERS.get(fold(title).rstrip(" :"))
            if key and key not in columns:
                columns[key] = position
        if "name" in columns and ("code" in columns or "time" in columns):
            return index, columns
    return None


def read_sheet(path: Path) -> Sheet:
    """The parsed rows of the first sheet; problems (that refuse the file) and notes (cells kept
    as published wording only), each named by its cell (``F7``)."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    found = _header(rows)
    if found is None:
        return Sheet(
            [],
            [
                FieldProblem(
                    "A1",
                    _(
                        "Không tìm thấy dòng tiêu đề: cần cột Tên thủ tục và cột Mã thủ tục "
                        "hoặc Thời hạn giải quyết (ví dụ: STT | Mã thủ tục | Tên thủ tục hành "
                        "chính | Lĩnh vực | Cấp thực hiện | Thời hạn giải quyết)."
                    ),
                )
            ],
            [],
        )
    header_index, columns = found
    problems: list[FieldProblem] = []
    notes: list[FieldProblem] = []
    parsed: list[SheetRow] = []
    group_field = ""
    for offset, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(values):
            continue

        def get(key: str, values: list[str] = values) -> str:
            position = columns.get(key)
            if position is None:
                return ""
            return values[position] if position < len(values) else ""

        def cell(key: str, message: str, row: int = offset) -> FieldProblem:
            letter = get_column_letter(columns[key] + 1)
            return FieldProblem(
                f"{letter}{row}",
                _("Dòng %(row)s, cột %(letter)s: %(message)s")
                % {"row": row, "letter": letter, "message": message},
            )

        filled = [v for v in values if v]
        if len(filled) == 1 and not get("code") and not get("time"):
            group = _GROUP.match(fold(filled[0]))
            if group or fold(filled[0]).startswith("linh vuc"):
                group_field = re.sub(r"^(?:[IVXLC]+|[A-Za-z])[.)]?\s+", "", filled[0])
                group_field = re.sub(r"^(?i:lĩnh vực)\s+", "", group_field).strip()
                continue
        code = get("code")
        identity: dict[str, Any] = {}
        if code:
            identity, code_problem = _code_identity(code)
            if code_problem:
                problems.append(cell("code", code_problem))
                continue
        name = get("name")
        if not name:
            problems.append(cell("name", _("Không được để trống.")))
            continue
        if not identity:
            decision = fold(path.stem)
            identity = {"aliases": [f"{decision}#{get('index') or offset}"]}
        field_name = get("field") or group_field
        if not field_name:
            target = "field" if "field" in columns else "name"
            problems.append(
                cell(
                    target,
                    _(
                        "Không rõ lĩnh vực: cần cột Lĩnh vực hoặc dòng nhóm phía trên "
                        '(ví dụ: "I. Lĩnh vực Hộ tịch").'
                    ),
                )
            )
            continue
        version: dict[str, Any] = {"name": name, "procedure_type": "not_delegated"}
        levels_text = get("levels")
        levels = parse_levels(levels_text) if levels_text else []
        if levels is None:
            notes.append(
                cell(
                    "levels",
                    _('Không đọc được cấp thực hiện "%(text)s" (ví dụ: "Cấp Tỉnh, Cấp Xã").')
                    % {"text": levels_text},
                )
            )
            levels = []
        version["levels"] = levels
        time_text = get("time")
        time = parse_time_text(time_text)
        if time is None:
            notes.append(
                cell(
                    "time",
                    _(
                        'Giữ nguyên văn thời hạn "%(text)s", không đọc thành số (đọc được: '
                        '"05 ngày làm việc", "4 giờ làm việc", "Trong ngày", "Không quy định", '
                        '"05 ngày làm việc. Trường hợp cần xác minh không quá 10 ngày").'
                    )
                    % {"text": time_text},
                )
            )
            version["processing_time"] = {"text": time_text}
        elif time.text:
            version["processing_time"] = time.payload()
        fee_text = get("fees")
        if fee_text:
            version["fee_text"] = fee_text
            fees = parse_fees(fee_text)
            if fees is None:
                notes.append(
                    cell(
                        "fees",
                        _(
                            'Giữ nguyên văn phí, lệ phí "%(text)s", không đọc thành số tiền '
                            '(ví dụ đọc được: "Lệ phí: 0 Đồng", "50.000 đồng").'
                        )
                        % {"text": fee_text},
                    )
                )
            else:
                version["fees"] = fees
        agency = get("agency")
        version["implementing_agency"] = agency
        version["competent_agency_kind"] = agency_kind_for(agency)
        version["legal_basis"] = parse_legal_basis(get("legal_basis"))
        if "online_level" in columns:
            online = parse_online_level(get("online_level"))
            if online is None:
                notes.append(
                    cell(
                        "online_level",
                        _('Không đọc được mức độ "%(text)s" (ví dụ: "Toàn trình", "Một phần").')
                        % {"text": get("online_level")},
                    )
                )
            else:
                version["online_level"] = online
                if online == OnlineLevel.FULL:
                    # "Toàn trình" is filing online end to end: the online channel is its meaning.
                    version["channels"] = ["online"]
        source = get("source")
        if source.startswith(("http://", "https://")):
            version["source_url"] = source
        parsed.append(
            SheetRow(number=offset, field_name=field_name, identity=identity, version=version)
        )
    return Sheet(parsed, problems, notes)
