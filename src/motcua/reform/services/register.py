"""The register of internal procedures (thủ tục nội bộ): imported from a JSON or XLSX file, checked
row by row; bad input is a :class:`ValidationFailed` naming every problem, and nothing is stored.
"""

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import fold, nfc
from motcua.documents.inspection import upload_inspect
from motcua.reform.models import (
    InternalProcedure,
    InternalScope,
)
from motcua.reform.permissions import ReformScope

MAX_IMPORT_BYTES = 5 * 1024 * 1024

# Column titles of the XLSX register (folded), and the key each fills.
XLSX_COLUMNS = {
    "ma thu tuc": "code",
    "ten thu tuc": "name",
    "ma co quan": "agency_code",
    "co quan ban hanh": "agency_name",
    "linh vuc": "field",
    "loai": "scope",
    "can cu phap ly": "legal_basis",
    "trinh tu thuc hien": "steps",
    "thanh phan ho so": "documents",
    "doi tuong thuc hien": "serves",
    "phi, le phi (dong)": "fee",
    "so lan di lai": "visits",
    "so lan thuc hien/nam": "times_per_year",
    "so doi tuong/nam": "subjects",
}
_SCOPES = {
    "": InternalScope.BETWEEN_AGENCIES,
    "between_agencies": InternalScope.BETWEEN_AGENCIES,
    "giua cac co quan": InternalScope.BETWEEN_AGENCIES,
    "giua cac co quan hanh chinh nha nuoc": InternalScope.BETWEEN_AGENCIES,
    "within_agency": InternalScope.WITHIN_AGENCY,
    "trong noi bo mot co quan": InternalScope.WITHIN_AGENCY,
    "noi bo co quan": InternalScope.WITHIN_AGENCY,
}


@dataclass(frozen=True)
class ImportSummary:
    created: list[str]
    updated: list[str]
    agencies: list[str]


def _number(value: Any, path: str, problems: list[FieldProblem], *, default: float = 0) -> float:
    if value in (None, ""):
        return default
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = -1
    if number < 0:
        problems.append(FieldProblem(path, _("Phải là một số không âm.")))
        return default
    return number


def _lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [nfc(str(v)).strip() for v in value if str(v).strip()]
    return [nfc(line).strip() for line in str(value or "").splitlines() if line.strip()]


def _clean_row(raw: Mapping[str, Any], path: str, problems: list[FieldProblem]) -> dict[str, Any]:
    """One procedure of an import, checked; every problem is named by ``path``."""

    def text(key: str, limit: int, *, required: bool = False) -> str:
        value = nfc(str(raw.get(key) or "")).strip()
        if required and not value:
            problems.append(FieldProblem(f"{path}.{key}", _("Trường này là bắt buộc.")))
        if len(value) > limit:
            problems.append(FieldProblem(f"{path}.{key}", _("Dài quá %(n)s ký tự.") % {"n": limit}))
        return value[:limit]

    scope_raw = str(raw.get("scope") or "")
    scope = _SCOPES.get(fold(scope_raw)) or _SCOPES.get(scope_raw)
    if scope is None:
        problems.append(FieldProblem(f"{path}.scope", _("Loại thủ tục nội bộ không hợp lệ.")))
    steps: list[dict[str, Any]] = []
    for pos, step in enumerate(raw.get("steps") or []):
        where = f"{path}.steps[{pos}]"
        if isinstance(step, str):
            parts = [p.strip() for p in step.split("|")]
            step = {"name": parts[0], "unit": parts[1] if len(parts) > 1 else ""}
            step["hours"] = parts[2] if len(parts) > 2 else 0
        if not isinstance(step, Mapping) or not str(step.get("name") or "").strip():
            problems.append(FieldProblem(f"{where}.name", _("Bước phải có tên.")))
            continue
        steps.append(
            {
                "name": nfc(str(step["name"])).strip(),
                "unit": nfc(str(step.get("unit") or "")).strip(),
                "hours": _number(step.get("hours"), f"{where}.hours", problems),
            }
        )
    documents: list[dict[str, Any]] = []
    for pos, document in enumerate(raw.get("documents") or []):
        where = f"{path}.documents[{pos}]"
        if isinstance(document, str):
            parts = [p.strip() for p in document.split("|")]
            document = {"name": parts[0]}
            if len(parts) > 1:
                document["hours"] = parts[1]
            if len(parts) > 2:
                document["cost"] = parts[2]
        if not isinstance(document, Mapping) or not str(document.get("name") or "").strip():
            problems.append(FieldProblem(f"{where}.name", _("Thành phần hồ sơ phải có tên.")))
            continue
        documents.append(
            {
                "name": nfc(str(document["name"])).strip(),
                "hours": _number(document.get("hours"), f"{where}.hours", problems, default=1),
                "cost": int(_number(document.get("cost"), f"{where}.cost", problems, default=2000)),
            }
        )
    return {
        "code": text("code", 50, required=True),
        "name": text("name", 500, required=True),
        "agency_code": text("agency_code", 50, required=True),
        "agency_name": text("agency_name", 300, required=True),
        "field_name": text("field", 300),
        "scope": scope or InternalScope.BETWEEN_AGENCIES,
        "legal_basis": _lines(raw.get("legal_basis")),
        "steps": steps,
        "documents": documents,
        "serves": text("serves", 500),
        "fee": int(_number(raw.get("fee"), f"{path}.fee", problems)),
        "visits": int(_number(raw.get("visits"), f"{path}.visits", problems, default=1)),
        "times_per_year": max(
            1,
            int(_number(raw.get("times_per_year"), f"{path}.times_per_year", problems, default=1)),
        ),
        "subjects": max(
            1, int(_number(raw.get("subjects"), f"{path}.subjects", problems, default=1))
        ),
    }


def _rows_from_json(data: bytes, problems: list[FieldProblem]) -> list[Mapping[str, Any]]:
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(FieldProblem("file", _("Tệp JSON không đọc được: %(e)s") % {"e": error}))
        return []
    rows = parsed.get("procedures") if isinstance(parsed, dict) else parsed
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        problems.append(
            FieldProblem("procedures", _("Tệp JSON phải có danh sách “procedures” các thủ tục."))
        )
        return []
    return rows


def _rows_from_xlsx(
    data: bytes, filename: str, problems: list[FieldProblem]
) -> list[Mapping[str, Any]]:
    # Through the upload gate first: openpyxl reads a sheet lazily, with an XML parser that a
    # DTD in the sheet (billion laughs) makes fail or swell while the rows are read.
    name = filename if filename.lower().endswith(".xlsx") else f"{filename}.xlsx"
    try:
        upload_inspect(name=name, data=data, allowed_types=("xlsx",), max_bytes=MAX_IMPORT_BYTES)
    except ValidationFailed as refused:
        problems.extend(FieldProblem("file", p.message) for p in refused.problems)
        return []
    try:
        return _read_xlsx(data, problems)
    except Exception:  # whatever openpyxl or its parser raises on a damaged sheet
        problems.append(FieldProblem("file", _("Tệp không phải bảng tính XLSX đọc được.")))
        return []


def _read_xlsx(data: bytes, problems: list[FieldProblem]) -> list[Mapping[str, Any]]:
    # openpyxl (with numpy and Pillow) is loaded by the import only, not by every web worker.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    keys = [XLSX_COLUMNS.get(fold(str(h or "")).strip()) for h in header]
    missing = {"code", "name", "agency_code", "agency_name"} - set(filter(None, keys))
    if missing:
        problems.append(
            FieldProblem(
                "file",
                _("Thiếu cột bắt buộc: %(cols)s.")
                % {"cols": ", ".join(sorted(k for k, v in XLSX_COLUMNS.items() if v in missing))},
            )
        )
        return []
    out: list[Mapping[str, Any]] = []
    for values in rows:
        if not any(v not in (None, "") for v in values):
            continue
        row: dict[str, Any] = {k: v for k, v in zip(keys, values, strict=False) if k}
        row["steps"] = _lines(row.get("steps"))
        row["documents"] = _lines(row.get("documents"))
        out.append(row)
    book.close()
    return out


def internal_procedures_import(
    *, data: bytes, filename: str, scope: ReformScope, actor: str, at: datetime
) -> ImportSummary:
    """Import a register of internal procedures (JSON or XLSX): all or nothing.

    A procedure already in the register (same code) is replaced by the imported one. Every row,
    and every procedure it replaces, must be of an agency of the team's ``scope``.
    """
    problems: list[FieldProblem] = []
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed(
            _("Tệp quá lớn."), problems=[FieldProblem("file", _("Tệp lớn hơn 5 MB."))]
        )
    is_json = filename.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"[")
    raw_rows = (
        _rows_from_json(data, problems) if is_json else _rows_from_xlsx(data, filename, problems)
    )
    rows = [_clean_row(r, f"procedures[{i}]", problems) for i, r in enumerate(raw_rows)]
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row["code"] in seen:
            problems.append(
                FieldProblem(
                    f"procedures[{i}].code",
                    _("Mã %(code)s trùng với dòng %(n)s.")
                    % {"code": row["code"], "n": seen[row["code"]] + 1},
                )
            )
        seen.setdefault(row["code"], i)
    if not scope.unlimited:
        codes = scope.agency_codes
        held = dict(
            InternalProcedure.objects.filter(code__in=list(seen)).values_list("code", "agency_code")
        )
        for i, row in enumerate(rows):
            if (
                row["agency_code"] not in codes
                or held.get(row["code"], row["agency_code"]) not in codes
            ):
                problems.append(
                    FieldProblem(
                        f"procedures[{i}].agency_code",
                        _("Cơ quan %(code)s không thuộc phạm vi của tổ công tác.")
                        % {"code": row["agency_code"]},
                    )
                )
    if not rows and not problems:
        problems.append(FieldProblem("procedures", _("Tệp không có thủ tục nào.")))
    if problems:
        raise ValidationFailed(
            _("Danh mục thủ tục nội bộ chưa nhập được; vui lòng sửa các lỗi sau."),
            problems=problems,
        )
    created: list[str] = []
    updated: list[str] = []
    with transaction.atomic():
        for row in rows:
            _obj, was_created = InternalProcedure.objects.update_or_create(
                code=row["code"],
                defaults={**row, "imported_from": nfc(filename)[:300], "imported_at": at},
            )
            (created if was_created else updated).append(row["code"])
        audit_append(
            actor=actor,
            action="reform.register_imported",
            object_type="reform_register",
            object_id="internal",
            at=at,
            data={"file": filename, "created": created, "updated": updated},
        )
    return ImportSummary(
        created=created, updated=updated, agencies=sorted({r["agency_name"] for r in rows})
    )
