"""Demo data for ``make run``, created through this app's services. Idempotent.

Hà Nội (unit 01) with its People's Committee, the city's Public Administration Service Centre,
three departments, and two wards (Hoàn Kiếm 00070, Ba Đình 00004) each with a People's Committee,
a military command, a police station (công an phường, competent for residence) and a service centre
whose one-stop unit has an officer; plus the Ministry of Justice's national judicial records
centre. Agency identifier codes follow the shape of Decision 20/2020/QĐ-TTg but are illustrative,
not the codes these agencies really hold.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.accounts.models import (
    Agency,
    AgencyKind,
    Counter,
    OneStopUnit,
    Role,
    RoleAssignment,
    User,
)
from motcua.accounts.selectors import administrative_unit_get
from motcua.accounts.services import (
    OFFICIAL_UNITS_VALID_FROM,
    administrative_units_load_official,
    agency_create,
    counter_create,
    officer_create,
    one_stop_unit_create,
    role_assign,
)

ACTOR = "system:demo"
# A published demo password, shown on the console by `make run`; never used outside the demo.
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105
SINCE = OFFICIAL_UNITS_VALID_FROM

DEMO_LOGINS: list[tuple[str, str, str]] = [
    (
        "canbo.motcua",
        DEMO_PASSWORD,
        "Cán bộ một cửa, Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
    ),
    ("chuyenvien.tuphap", DEMO_PASSWORD, "Chuyên viên, Sở Tư pháp Thành phố Hà Nội"),
    ("lanhdao.tuphap", DEMO_PASSWORD, "Lãnh đạo, Sở Tư pháp Thành phố Hà Nội"),
    ("caicach.vanphong", DEMO_PASSWORD, "Tổ công tác cải cách, UBND Thành phố Hà Nội"),
    ("quantri", DEMO_PASSWORD, "Quản trị hệ thống (đăng nhập /admin/)"),
    (
        "canbo.hoankiem",
        DEMO_PASSWORD,
        "Cán bộ một cửa, Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
    ),
]
"""(username, password, role in Vietnamese) of each demo officer, printed by ``make run``."""


@dataclass(frozen=True)
class _AgencySpec:
    code: str
    name: str
    kind: str
    unit_code: str
    parent_code: str | None = None


_AGENCIES = [
    _AgencySpec(
        "000.00.00.H26", "UBND Thành phố Hà Nội", AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE, "01"
    ),
    _AgencySpec(
        "000.00.01.H26",
        "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE,
        "01",
        "000.00.00.H26",
    ),
    _AgencySpec(
        "000.00.10.H26",
        "Sở Tư pháp Thành phố Hà Nội",
        AgencyKind.PROVINCIAL_DEPARTMENT,
        "01",
        "000.00.00.H26",
    ),
    _AgencySpec(
        "000.00.11.H26",
        "Sở Xây dựng Thành phố Hà Nội",
        AgencyKind.PROVINCIAL_DEPARTMENT,
        "01",
        "000.00.00.H26",
    ),
    _AgencySpec(
        "000.00.12.H26",
        "Sở Tài chính Thành phố Hà Nội",
        AgencyKind.PROVINCIAL_DEPARTMENT,
        "01",
        "000.00.00.H26",
    ),
    _AgencySpec("000.00.00.G12", "Bộ Tư pháp", AgencyKind.MINISTRY, "01"),
    _AgencySpec(
        "000.00.05.G12",
        "Trung tâm Lý lịch tư pháp quốc gia",
        AgencyKind.MINISTRY_DEPARTMENT,
        "01",
        "000.00.00.G12",
    ),
]

# (ward code, ward name, second code group) of the two demo wards.
_WARDS = [("00070", "Phường Hoàn Kiếm", "31"), ("00004", "Phường Ba Đình", "32")]
for _ward_code, _ward_name, _group in _WARDS:
    _pc = f"000.00.{_group}.H26"
    _AGENCIES += [
        _AgencySpec(_pc, f"UBND {_ward_name}", AgencyKind.COMMUNE_PEOPLES_COMMITTEE, _ward_code),
        _AgencySpec(
            f"000.01.{_group}.H26",
            f"Ban Chỉ huy quân sự {_ward_name}",
            AgencyKind.COMMUNE_MILITARY_COMMAND,
            _ward_code,
            _pc,
        ),
        _AgencySpec(
            f"000.03.{_group}.H26",
            f"Công an {_ward_name}",
            AgencyKind.COMMUNE_POLICE,
            _ward_code,
            _pc,
        ),
        _AgencySpec(
            f"000.02.{_group}.H26",
            f"Trung tâm Phục vụ hành chính công {_ward_name}",
            AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE,
            _ward_code,
            _pc,
        ),
    ]

# (host agency code, one-stop unit name, address, number of counters, phone); illustrative
_ONE_STOP_UNITS = [
    (
        "000.00.01.H26",
        "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        "258 Võ Chí Công, Tây Hồ, Hà Nội",
        4,
        "024 3333 1001",
    ),
    (
        "000.02.31.H26",
        "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
        "Phường Hoàn Kiếm",
        2,
        "024 3333 1002",
    ),
    (
        "000.02.32.H26",
        "Trung tâm Phục vụ hành chính công Phường Ba Đình",
        "Phường Ba Đình",
        2,
        "024 3333 1003",
    ),
]
#: The working hours of the demo's offices (Decree 61/2018: working days, and Saturday mornings
#: where the province decides so).
_OPENING_HOURS = "Thứ Hai – Thứ Sáu: 8:00–12:00, 13:30–17:00; Thứ Bảy: 8:00–12:00"

# (username, full name, agency code, role, one-stop unit name or None)
_OFFICERS = [
    (
        "canbo.motcua",
        "Nguyễn Thị Lan",
        "000.00.01.H26",
        Role.ONE_STOP_OFFICER,
        "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
    ),
    ("chuyenvien.tuphap", "Trần Văn Minh", "000.00.10.H26", Role.SPECIALIST, None),
    ("lanhdao.tuphap", "Lê Thị Hương", "000.00.10.H26", Role.LEADER, None),
    ("caicach.vanphong", "Phạm Quốc Đạt", "000.00.00.H26", Role.REFORM_TEAM, None),
    ("quantri", "Đặng Văn Hùng", "000.00.00.H26", Role.ADMINISTRATOR, None),
    (
        "canbo.hoankiem",
        "Vũ Thị Mai",
        "000.02.31.H26",
        Role.ONE_STOP_OFFICER,
        "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
    ),
    (
        "canbo.badinh",
        "Hoàng Văn Nam",
        "000.02.32.H26",
        Role.ONE_STOP_OFFICER,
        "Trung tâm Phục vụ hành chính công Phường Ba Đình",
    ),
]


def _agencies(at: datetime) -> dict[str, Agency]:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[s.code for s in _AGENCIES])}
    for spec in _AGENCIES:
        if spec.code not in agencies:
            agencies[spec.code] = agency_create(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                administrative_unit=administrative_unit_get(code=spec.unit_code, on=SINCE),
                parent=agencies[spec.parent_code] if spec.parent_code else None,
                valid_from=SINCE,
                at=at,
                actor=ACTOR,
            )
    return agencies


def _one_stop_units(agencies: dict[str, Agency], at: datetime) -> dict[str, OneStopUnit]:
    units: dict[str, OneStopUnit] = {}
    for agency_code, name, address, counters, phone in _ONE_STOP_UNITS:
        agency = agencies[agency_code]
        unit = OneStopUnit.objects.filter(agency=agency, name=name).first()
        if unit is None:
            unit = one_stop_unit_create(
                agency=agency,
                name=name,
                address=address,
                phone=phone,
                opening_hours=_OPENING_HOURS,
                valid_from=SINCE,
                at=at,
                actor=ACTOR,
            )
        for number in range(1, counters + 1):
            if not Counter.objects.filter(one_stop_unit=unit, number=number).exists():
                counter_create(
                    one_stop_unit=unit,
                    number=number,
                    label=f"Quầy {number}",
                    at=at,
                    actor=ACTOR,
                )
        units[name] = unit
    return units


def load(*, at: datetime) -> None:
    """Create this app's demo data as of ``at``; running it again changes nothing."""
    administrative_units_load_official(at=at, actor=ACTOR)
    agencies = _agencies(at)
    units = _one_stop_units(agencies, at)
    for username, full_name, agency_code, role, unit_name in _OFFICERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = officer_create(
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                email=f"{username}@motcua.example",
                is_superuser=role == Role.ADMINISTRATOR,
                at=at,
                actor=ACTOR,
            )
        agency = agencies[agency_code]
        if not RoleAssignment.objects.filter(user=user, agency=agency, role=role).exists():
            role_assign(
                user=user,
                agency=agency,
                role=role,
                one_stop_unit=units[unit_name] if unit_name else None,
                valid_from=SINCE,
                at=at,
                actor=ACTOR,
            )
