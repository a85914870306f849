"""Administrative units (đơn vị hành chính): the official list of Decision 19/2025/QĐ-TTg and
imports of a unit CSV. Atomic and audited.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.identifiers import (
    has_invisible_characters,
)
from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
)
from motcua.accounts.services.checks import raise_problems
from motcua.core.errors import FieldProblem
from motcua.core.services import audit_append
from motcua.core.text import fold, is_ascii_digits, nfc

OFFICIAL_UNITS_VALID_FROM = date(2025, 7, 1)
"""Decision 19/2025/QĐ-TTg: the administrative-unit code list in force from 1/7/2025."""

UNIT_CSV_COLUMNS = ("code", "name", "level", "division_type", "parent_code", "valid_from")


# Administrative units (đơn vị hành chính) ----------------------------------------------------


@dataclass(frozen=True)
class UnitsLoadResult:
    provinces_created: int
    communes_created: int


def administrative_units_load_official(*, at: datetime, actor: str) -> UnitsLoadResult:
    """Load the 34 provinces and 3,321 communes of Decision 19/2025/QĐ-TTg, valid from 1/7/2025.

    Reads the ``vietnam-provinces`` package. Rows already present (same code, same ``valid_from``)
    are left alone, so running it again, or after ``import-units`` changed a unit, changes nothing.
    """
    from vietnam_provinces import Province, Ward

    with transaction.atomic():
        existing = set(
            AdministrativeUnit.objects.filter(valid_from=OFFICIAL_UNITS_VALID_FROM).values_list(
                "code", flat=True
            )
        )
        provinces = [
            AdministrativeUnit(
                code=f"{int(p.code):02d}",
                name=nfc(p.name),
                level=AdministrativeUnitLevel.PROVINCE,
                division_type=p.division_type.value,
                valid_from=OFFICIAL_UNITS_VALID_FROM,
                search_text=fold(p.name),
            )
            for p in Province.iter_all()
            if f"{int(p.code):02d}" not in existing
        ]
        AdministrativeUnit.objects.bulk_create(provinces, batch_size=500)
        parents = dict(
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnitLevel.PROVINCE, valid_from=OFFICIAL_UNITS_VALID_FROM
            ).values_list("code", "pk")
        )
        communes = [
            AdministrativeUnit(
                code=f"{int(w.code):05d}",
                name=nfc(w.name),
                level=AdministrativeUnitLevel.COMMUNE,
                division_type=w.division_type.value,
                parent_id=parents[f"{int(w.province_code):02d}"],
                valid_from=OFFICIAL_UNITS_VALID_FROM,
                search_text=fold(w.name),
            )
            for w in Ward.iter_all()
            if f"{int(w.code):05d}" not in existing
        ]
        AdministrativeUnit.objects.bulk_create(communes, batch_size=500)
        result = UnitsLoadResult(provinces_created=len(provinces), communes_created=len(communes))
        if provinces or communes:
            audit_append(
                actor=actor,
                action="administrative_units.load_official",
                object_type="administrative_unit_list",
                object_id="19/2025/QĐ-TTg",
                at=at,
                data={
                    "provinces_created": result.provinces_created,
                    "communes_created": result.communes_created,
                },
            )
    return result


@dataclass
class UnitsImportResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class _UnitRow:
    line: int
    code: str
    name: str
    level: str
    division_type: str
    parent_code: str
    valid_from: date


def _parse_unit_csv(csv_text: str) -> tuple[list[_UnitRow], list[FieldProblem]]:
    problems: list[FieldProblem] = []

    def bad(line: int, column: str, message: str) -> None:
        problems.append(
            FieldProblem(
                f"dòng {line}, cột {column}",
                _("Dòng %(line)d, cột %(column)s: %(message)s")
                % {"line": line, "column": column, "message": message},
            )
        )

    reader = csv.DictReader(io.StringIO(csv_text))
    header = [nfc(h).strip() for h in (reader.fieldnames or [])]
    missing = [c for c in UNIT_CSV_COLUMNS if c not in header]
    if missing:
        for column in missing:
            bad(1, column, _("thiếu cột này ở dòng tiêu đề."))
        return [], problems
    reader.fieldnames = header
    rows: list[_UnitRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            bad(line, "?", _("dòng có nhiều ô hơn dòng tiêu đề."))
            continue
        cell = {k: nfc(v or "").strip() for k, v in raw.items() if k}
        level = cell["level"]
        if level not in AdministrativeUnitLevel.values:
            bad(line, "level", _("phải là «province» (cấp tỉnh) hoặc «commune» (cấp xã)."))
        code = cell["code"]
        width = 2 if level == AdministrativeUnitLevel.PROVINCE else 5
        if not (is_ascii_digits(code) and len(code) == width):
            bad(line, "code", _("mã phải gồm đúng %(width)d chữ số (0–9).") % {"width": width})
        elif code in seen:
            bad(
                line,
                "code",
                _("mã %(code)s đã có ở dòng %(other)d.") % {"code": code, "other": seen[code]},
            )
        else:
            seen[code] = line
        name = cell["name"]
        if not name:
            bad(line, "name", _("tên không được để trống."))
        elif len(name) > 200 or has_invisible_characters(name):
            bad(line, "name", _("tên dài quá 200 ký tự hoặc chứa ký tự ẩn."))
        if not cell["division_type"] or len(cell["division_type"]) > 50:
            bad(line, "division_type", _("loại đơn vị không được để trống (tối đa 50 ký tự)."))
        parent_code = cell["parent_code"]
        if level == AdministrativeUnitLevel.PROVINCE and parent_code:
            bad(line, "parent_code", _("đơn vị cấp tỉnh không có đơn vị cấp trên."))
        if level == AdministrativeUnitLevel.COMMUNE and not parent_code:
            bad(line, "parent_code", _("đơn vị cấp xã phải có mã tỉnh cấp trên."))
        try:
            valid_from = date.fromisoformat(cell["valid_from"])
        except ValueError:
            bad(line, "valid_from", _("ngày phải có dạng YYYY-MM-DD."))
            continue
        rows.append(
            _UnitRow(line, code, name, level, cell["division_type"], parent_code, valid_from)
        )
    if not rows and not problems:
        bad(2, "code", _("tệp không có dòng dữ liệu nào."))
    if rows:
        effective = rows[0].valid_from
        for row in rows:
            if row.valid_from != effective:
                bad(
                    row.line,
                    "valid_from",
                    _("mọi dòng phải cùng ngày hiệu lực (%(date)s như dòng %(first)d).")
                    % {"date": effective.isoformat(), "first": rows[0].line},
                )
    province_codes = {r.code for r in rows if r.level == AdministrativeUnitLevel.PROVINCE}
    for row in rows:
        if (
            row.level == AdministrativeUnitLevel.COMMUNE
            and row.parent_code
            and row.parent_code not in province_codes
        ):
            bad(
                row.line,
                "parent_code",
                _("mã tỉnh %(code)s không có trong tệp.") % {"code": row.parent_code},
            )
    return rows, problems


def administrative_units_import(*, csv_text: str, at: datetime, actor: str) -> UnitsImportResult:
    """Bring the units in line with a newer official list given as CSV, all or nothing.

    Columns: ``code,name,level,division_type,parent_code,valid_from`` (``level`` is ``province``
    or ``commune``; every row carries the same ``valid_from``, the date the list takes effect).
    A unit whose name, type, level or parent changed has its open row closed at that date and a
    new row opened; new codes are added; open units absent from the file are closed.
    """
    rows, problems = _parse_unit_csv(csv_text)
    raise_problems(_("Tệp danh mục đơn vị hành chính có lỗi; chưa ghi gì."), problems)
    effective = rows[0].valid_from
    result = UnitsImportResult()
    with transaction.atomic():
        open_units = {
            u.code: u
            for u in AdministrativeUnit.objects.select_for_update(of=("self",))
            .filter(valid_to__isnull=True)
            .select_related("parent")
        }
        in_file = {r.code for r in rows}
        to_open: list[_UnitRow] = []
        for row in rows:
            current = open_units.get(row.code)
            if current is None:
                to_open.append(row)
                result.added.append(row.code)
                continue
            current_parent = current.parent.code if current.parent else ""
            if (current.name, current.level, current.division_type, current_parent) == (
                row.name,
                row.level,
                row.division_type,
                row.parent_code,
            ):
                result.unchanged += 1
                continue
            if current.valid_from >= effective:
                problems.append(
                    FieldProblem(
                        f"dòng {row.line}, cột valid_from",
                        _(
                            "Dòng %(line)d, cột valid_from: ngày hiệu lực phải sau ngày %(date)s "
                            "của bản ghi đang hiệu lực."
                        )
                        % {"line": row.line, "date": current.valid_from.isoformat()},
                    )
                )
                continue
            to_open.append(row)
            result.changed.append(row.code)
        closing = [code for code, unit in open_units.items() if code not in in_file]
        for code in closing:
            if open_units[code].valid_from >= effective:
                problems.append(
                    FieldProblem(
                        f"mã {code}",
                        _("Không thể đóng đơn vị %(code)s trước ngày bắt đầu hiệu lực của nó.")
                        % {"code": code},
                    )
                )
        raise_problems(_("Tệp danh mục đơn vị hành chính có lỗi; chưa ghi gì."), problems)
        result.closed = sorted(closing)
        AdministrativeUnit.objects.filter(
            pk__in=[open_units[c].pk for c in [*result.changed, *closing]]
        ).update(valid_to=effective)
        new_units = {
            row.code: AdministrativeUnit(
                code=row.code,
                name=row.name,
                level=row.level,
                division_type=row.division_type,
                valid_from=effective,
                search_text=fold(row.name),
            )
            for row in to_open
        }
        # Provinces first: the new communes point at the province rows open after this import.
        AdministrativeUnit.objects.bulk_create(
            [new_units[r.code] for r in to_open if r.level == AdministrativeUnitLevel.PROVINCE]
        )
        provinces = dict(
            AdministrativeUnit.objects.filter(
                level=AdministrativeUnitLevel.PROVINCE, valid_to__isnull=True
            ).values_list("code", "pk")
        )
        communes = []
        for row in to_open:
            if row.level == AdministrativeUnitLevel.COMMUNE:
                unit = new_units[row.code]
                unit.parent_id = provinces[row.parent_code]
                communes.append(unit)
        AdministrativeUnit.objects.bulk_create(communes, batch_size=500)
        audit_append(
            actor=actor,
            action="administrative_units.import",
            object_type="administrative_unit_list",
            object_id=effective.isoformat(),
            at=at,
            data={
                "valid_from": effective.isoformat(),
                "added": result.added,
                "changed": result.changed,
                "closed": result.closed,
                "unchanged": result.unchanged,
            },
        )
    return result
