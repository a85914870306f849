"""Published procedures for the portal's tests, created through the catalogue's services."""

from datetime import UTC, date, datetime
from typing import Any

from motcua.accounts.models import AgencyKind, Role
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import field_ensure, procedure_draft_create, procedure_version_publish

AT = datetime(2025, 8, 1, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
ON = date(2025, 8, 1)
ACTOR = "test"

MILITARY = ("MX1X2-LV", "Nghĩa vụ quân sự")
JUSTICE = ("TP-HT", "Hộ tịch")


def publish(
    *,
    code: str,
    name: str,
    field: tuple[str, str] = MILITARY,
    levels: tuple[str, ...] = ("commune",),
    agency_kind: str = AgencyKind.COMMUNE_MILITARY_COMMAND,
    fees: tuple[dict[str, Any], ...] = (),
    **extra: Any,
) -> ProcedureVersion:
    field_ensure(code=field[0], name=field[1], at=AT, actor=ACTOR)
    draft = procedure_draft_create(
        national_code=code,
        name=name,
        field_code=field[0],
        levels=list(levels),
        processing_time_value=extra.pop("processing_time_value", 1),
        competent_agency_kind=agency_kind,
        fees=list(fees),
        at=AT,
        actor=ACTOR,
        **extra,
    )
    return procedure_version_publish(version=draft, at=AT, actor=ACTOR, valid_from=date(2025, 7, 1))


def publish_military_first_registration() -> ProcedureVersion:
    """Đăng ký nghĩa vụ quân sự lần đầu, shaped after the national database's record."""
    return publish(
        code="1.001821",
        name="Đăng ký nghĩa vụ quân sự lần đầu",
        decision_number="6184/QĐ-BQP",
        implementing_agency="Ban Chỉ huy quân sự cấp xã",
        channels=["direct", "online"],
        applicant_types=["citizen"],
        fees=({"kind": "charge", "name": "Lệ phí đăng ký", "amount": 0, "basis": "fixed"},),
        results=[{"kind": "certificate", "name": "Giấy chứng nhận đăng ký nghĩa vụ quân sự"}],
        legal_basis=[{"number": "78/2015/QH13", "title": "Luật Nghĩa vụ quân sự"}],
        components=[
            {
                "code": "to-khai",
                "name": "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
                "kind": "document",
                "originals": 1,
                "copies": 0,
            },
            {
                "code": "cccd",
                "name": "Căn cước công dân",
                "kind": "document",
                "required": False,
                "reusable_from": ["population_db"],
            },
        ],
        steps=[
            {"name": "Tiếp nhận hồ sơ", "role": Role.ONE_STOP_OFFICER, "minutes": 60},
            {"name": "Thẩm định, ghi sổ", "role": Role.SPECIALIST, "minutes": 240},
        ],
    )
