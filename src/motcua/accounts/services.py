"""Writes of agencies, units, officers, roles and applicants. Each is atomic and audited.

``actor`` is the audit label of whoever acts (``user:<id>``, ``system``, ``cli``); see
:func:`actor_for`. ``at`` is the moment of the action, passed in by the caller.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actors import actor_audit
from motcua.accounts.identifiers import (
    check_agency_code,
    check_mobile_phone,
    check_personal_id,
    check_tax_code,
    has_invisible_characters,
)
from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    AgencyKind,
    Applicant,
    ApplicantKind,
    Counter,
    OneStopUnit,
    Role,
    RoleAssignment,
    Sex,
    User,
)
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import fold, is_ascii_digits, nfc

OFFICIAL_UNITS_VALID_FROM = date(2025, 7, 1)
"""Decision 19/2025/QĐ-TTg: the administrative-unit code list in force from 1/7/2025."""

UNIT_CSV_COLUMNS = ("code", "name", "level", "division_type", "parent_code", "valid_from")


def actor_for(user: User) -> str:
    """The audit label of a logged-in user."""
    return actor_audit(user)


def actor_label(user: User | None, *, fallback: str = "system") -> str:
    """The audit label of ``user``, or ``fallback`` for an action no user takes (the system)."""
    return actor_for(user) if user is not None else fallback


def _fail(message: str, problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(message, problems=problems)


def _clean_name(value: str, path: str, label: str, problems: list[FieldProblem]) -> str:
    cleaned = nfc(value).strip()
    if not cleaned:
        problems.append(FieldProblem(path, _("%(label)s không được để trống.") % {"label": label}))
    elif has_invisible_characters(cleaned):
        problems.append(
            FieldProblem(
                path,
                _("%(label)s chứa ký tự ẩn (ví dụ dấu cách độ rộng bằng 0).") % {"label": label},
            )
        )
    return cleaned


def _check_period(
    valid_from: date, valid_to: date | None, problems: list[FieldProblem], path: str = "valid_to"
) -> None:
    if valid_to is not None and valid_to <= valid_from:
        problems.append(FieldProblem(path, _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")))


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
    _fail(_("Tệp danh mục đơn vị hành chính có lỗi; chưa ghi gì."), problems)
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
        _fail(_("Tệp danh mục đơn vị hành chính có lỗi; chưa ghi gì."), problems)
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


# Agencies, one-stop units, counters --------------------------------------------------------


def agency_create(
    *,
    code: str,
    name: str,
    kind: str,
    administrative_unit: AdministrativeUnit,
    valid_from: date,
    at: datetime,
    actor: str,
    parent: Agency | None = None,
    valid_to: date | None = None,
) -> Agency:
    """Create an agency (cơ quan) with its electronic identifier code (mã định danh điện tử)."""
    problems: list[FieldProblem] = []
    checked = check_agency_code(code)
    if not checked.valid:
        problems.append(FieldProblem("code", checked.reason))
    name = _clean_name(name, "name", _("Tên cơ quan"), problems)
    if kind not in AgencyKind.values:
        problems.append(FieldProblem("kind", _("Loại cơ quan không hợp lệ.")))
    _check_period(valid_from, valid_to, problems)
    if parent is not None and parent.valid_to is not None and parent.valid_to <= valid_from:
        problems.append(FieldProblem("parent", _("Cơ quan cấp trên đã hết hiệu lực.")))
    with transaction.atomic():
        if checked.valid and Agency.objects.filter(code=checked.value).exists():
            problems.append(
                FieldProblem(
                    "code", _("Mã định danh %(code)s đã được dùng.") % {"code": checked.value}
                )
            )
        _fail(_("Không tạo được cơ quan."), problems)
        agency = Agency.objects.create(
            code=checked.value,
            name=name,
            kind=kind,
            administrative_unit=administrative_unit,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="agency.create",
            object_type="agency",
            object_id=str(agency.pk),
            at=at,
            data={"code": agency.code, "name": agency.name, "kind": kind},
        )
    return agency


def one_stop_unit_create(
    *,
    agency: Agency,
    name: str,
    valid_from: date,
    at: datetime,
    actor: str,
    address: str = "",
    phone: str = "",
    opening_hours: str = "",
    valid_to: date | None = None,
) -> OneStopUnit:
    """Create a one-stop unit (Bộ phận Một cửa, Trung tâm Phục vụ hành chính công) of an agency."""
    problems: list[FieldProblem] = []
    name = _clean_name(name, "name", _("Tên bộ phận một cửa"), problems)
    _check_period(valid_from, valid_to, problems)
    _fail(_("Không tạo được bộ phận một cửa."), problems)
    with transaction.atomic():
        unit = OneStopUnit.objects.create(
            agency=agency,
            name=name,
            address=nfc(address).strip(),
            phone=nfc(phone).strip(),
            opening_hours=nfc(opening_hours).strip(),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="one_stop_unit.create",
            object_type="one_stop_unit",
            object_id=str(unit.pk),
            at=at,
            data={"agency": agency.code, "name": unit.name},
        )
    return unit


def counter_create(
    *, one_stop_unit: OneStopUnit, number: int, at: datetime, actor: str, label: str = ""
) -> Counter:
    """Create a reception counter (quầy tiếp nhận) with a number unique in its one-stop unit."""
    problems: list[FieldProblem] = []
    if number < 1:
        problems.append(FieldProblem("number", _("Số quầy phải là số nguyên dương.")))
    with transaction.atomic():
        if Counter.objects.filter(one_stop_unit=one_stop_unit, number=number).exists():
            problems.append(
                FieldProblem("number", _("Quầy số %(number)d đã có.") % {"number": number})
            )
        _fail(_("Không tạo được quầy tiếp nhận."), problems)
        counter = Counter.objects.create(
            one_stop_unit=one_stop_unit, number=number, label=nfc(label).strip()
        )
        audit_append(
            actor=actor,
            action="counter.create",
            object_type="counter",
            object_id=str(counter.pk),
            at=at,
            data={"one_stop_unit": one_stop_unit.pk, "number": number},
        )
    return counter


# Officers and roles ------------------------------------------------------------------------


def officer_create(
    *,
    username: str,
    full_name: str,
    password: str,
    email: str,
    at: datetime,
    actor: str,
    is_superuser: bool = False,
) -> User:
    """Create an officer's login (cán bộ). Django's password validators apply.

    ``is_superuser`` also makes the user staff, for the administrator who uses /admin/.
    """
    problems: list[FieldProblem] = []
    username = nfc(username).strip()
    if not username:
        problems.append(FieldProblem("username", _("Tên đăng nhập không được để trống.")))
    full_name = _clean_name(full_name, "full_name", _("Họ và tên"), problems)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            problems.append(FieldProblem("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    user = User(username=username, full_name=full_name, email=email)
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        problems.extend(FieldProblem("password", str(message)) for message in error.messages)
    with transaction.atomic():
        if username and User.objects.filter(username=username).exists():
            problems.append(
                FieldProblem(
                    "username", _("Tên đăng nhập %(name)s đã được dùng.") % {"name": username}
                )
            )
        _fail(_("Không tạo được tài khoản cán bộ."), problems)
        user.is_superuser = is_superuser
        user.is_staff = is_superuser
        user.set_password(password)
        user.save()
        audit_append(
            actor=actor,
            action="user.create",
            object_type="user",
            object_id=str(user.pk),
            at=at,
            data={"username": username, "is_superuser": is_superuser},
        )
    return user


def role_assign(
    *,
    user: User,
    agency: Agency,
    role: str,
    valid_from: date,
    at: datetime,
    actor: str,
    one_stop_unit: OneStopUnit | None = None,
    valid_to: date | None = None,
) -> RoleAssignment:
    """Give an officer a role in an agency for a period (phân công).

    A one-stop officer must be placed in a one-stop unit; under Decree 118/2025 that unit may
    belong to another agency (a department's officer seconded to the provincial centre).
    The same role in the same agency may not overlap in time.
    """
    problems: list[FieldProblem] = []
    if role not in Role.values:
        problems.append(FieldProblem("role", _("Vai trò không hợp lệ.")))
    if role == Role.ONE_STOP_OFFICER and one_stop_unit is None:
        problems.append(
            FieldProblem("one_stop_unit", _("Cán bộ một cửa phải thuộc một bộ phận một cửa."))
        )
    _check_period(valid_from, valid_to, problems)
    if agency.valid_to is not None and agency.valid_to <= valid_from:
        problems.append(FieldProblem("agency", _("Cơ quan đã hết hiệu lực vào ngày phân công.")))
    with transaction.atomic():
        overlapping = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, agency=agency, role=role)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from))
        )
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lt=valid_to)
        if overlapping.exists():
            problems.append(
                FieldProblem(
                    "valid_from",
                    _("Cán bộ đã có vai trò này tại cơ quan này trong khoảng thời gian trùng."),
                )
            )
        _fail(_("Không phân công được vai trò."), problems)
        assignment = RoleAssignment.objects.create(
            user=user,
            agency=agency,
            role=role,
            one_stop_unit=one_stop_unit,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        audit_append(
            actor=actor,
            action="role_assignment.create",
            object_type="role_assignment",
            object_id=str(assignment.pk),
            at=at,
            data={
                "user": user.pk,
                "agency": agency.code,
                "role": role,
                "one_stop_unit": one_stop_unit.pk if one_stop_unit else None,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    return assignment


def role_assignment_end(
    *, assignment: RoleAssignment, valid_to: date, at: datetime, actor: str
) -> RoleAssignment:
    """End a role assignment on ``valid_to`` (exclusive): the officer no longer holds it that day."""
    if valid_to <= assignment.valid_from:
        raise ValidationFailed(
            _("Không kết thúc được phân công."),
            problems=[
                FieldProblem("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
            ],
        )
    with transaction.atomic():
        RoleAssignment.objects.filter(pk=assignment.pk).update(valid_to=valid_to)
        assignment.valid_to = valid_to
        audit_append(
            actor=actor,
            action="role_assignment.end",
            object_type="role_assignment",
            object_id=str(assignment.pk),
            at=at,
            data={"valid_to": valid_to.isoformat()},
        )
    return assignment


# Applicants --------------------------------------------------------------------------------


def applicant_create(
    *,
    kind: str,
    name: str,
    at: datetime,
    actor: str,
    personal_id: str = "",
    tax_code: str = "",
    birth_date: date | None = None,
    sex: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    user: User | None = None,
) -> Applicant:
    """Create an applicant (tổ chức, cá nhân nộp hồ sơ) with checked, normalised identifiers.

    A citizen needs a personal ID; a business needs a tax code. Names are stored NFC.
    """
    problems: list[FieldProblem] = []
    today = timezone.localdate(at)
    if kind not in ApplicantKind.values:
        problems.append(FieldProblem("kind", _("Loại người nộp hồ sơ không hợp lệ.")))
    name = _clean_name(name, "name", _("Họ tên hoặc tên tổ chức"), problems)
    if sex and sex not in Sex.values:
        problems.append(FieldProblem("sex", _("Giới tính không hợp lệ.")))
    if birth_date is not None and birth_date > today:
        problems.append(FieldProblem("birth_date", _("Ngày sinh không được ở tương lai.")))
    if personal_id or kind == ApplicantKind.CITIZEN:
        checked = check_personal_id(
            personal_id, today=today, birth_date=birth_date, sex=sex or None
        )
        if checked.valid:
            personal_id = checked.value
        else:
            problems.append(FieldProblem("personal_id", checked.reason))
    if tax_code or kind == ApplicantKind.BUSINESS:
        checked = check_tax_code(tax_code)
        if checked.valid:
            tax_code = checked.value
        else:
            problems.append(FieldProblem("tax_code", checked.reason))
    if phone:
        checked = check_mobile_phone(phone)
        if checked.valid:
            phone = checked.value
        else:
            problems.append(FieldProblem("phone", checked.reason))
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            problems.append(FieldProblem("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    with transaction.atomic():
        if personal_id and Applicant.objects.filter(personal_id=personal_id).exists():
            problems.append(
                FieldProblem("personal_id", _("Số định danh cá nhân này đã được đăng ký."))
            )
        if tax_code and Applicant.objects.filter(tax_code=tax_code).exists():
            problems.append(FieldProblem("tax_code", _("Mã số thuế này đã được đăng ký.")))
        _fail(_("Không tạo được người nộp hồ sơ."), problems)
        applicant = Applicant.objects.create(
            kind=kind,
            name=name,
            personal_id=personal_id,
            tax_code=tax_code,
            birth_date=birth_date,
            sex=sex,
            phone=phone,
            email=email,
            address=nfc(address).strip(),
            user=user,
        )
        # The identifiers themselves stay out of the audit data: it is copied and kept long.
        audit_append(
            actor=actor,
            action="applicant.create",
            object_type="applicant",
            object_id=str(applicant.pk),
            at=at,
            data={"kind": kind},
        )
    return applicant


#: Audit chain of password-login failures and lockouts (one chain: they are rare and read together).
LOGIN_CHAIN = "security:logins"


def login_failure_record(
    *, username: str, address: str, path: str, locked_out: bool, at: datetime
) -> None:
    """Audit a failed password login, and the lockout it triggered if any (never the password)."""
    with transaction.atomic():
        audit_append(
            actor=f"anonymous@{address}",
            action="login.locked_out" if locked_out else "login.failed",
            object_type="login",
            object_id=username,
            at=at,
            data={"username": username, "address": address, "path": path},
            chain=LOGIN_CHAIN,
        )


def totp_device_start(*, user: User) -> TOTPDevice:
    """The officer's authenticator being enrolled: one unconfirmed TOTP device, kept until
    confirmed (reloading the enrolment page shows the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="motcua", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str, at: datetime) -> bool:
    """Confirm the authenticator with a code it shows; audited. ``False``: wrong or expired."""
    with transaction.atomic():
        if not device.verify_token(token.strip()):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_append(
            actor=device.user.username,
            action="second_factor.enrolled",
            object_type="user",
            object_id=str(device.user_id),
            at=at,
            data={"device": "totp", "device_id": device.pk},
        )
    return True
