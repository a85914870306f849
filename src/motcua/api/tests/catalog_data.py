"""A published procedure for the API's tests, created through the catalogue's services."""

from datetime import UTC, date, datetime

from motcua.accounts.models import AgencyKind, Role
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import field_ensure, procedure_draft_create, procedure_version_publish

AT = datetime(2025, 8, 1, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
ACTOR = "test"

FORM_SCHEMA = {
    "type": "object",
    "properties": {"full_name": {"type": "string", "title": "Họ và tên"}},
    "required": ["full_name"],
}


def publish_military_first_registration() -> ProcedureVersion:
    field_ensure(code="MX1X2-LV", name="Nghĩa vụ quân sự", at=AT, actor=ACTOR)
    draft = procedure_draft_create(
        national_code="1.001821",
        name="Đăng ký nghĩa vụ quân sự lần đầu",
        field_code="MX1X2-LV",
        levels=["commune"],
        processing_time_value=1,
        competent_agency_kind=AgencyKind.COMMUNE_MILITARY_COMMAND,
        channels=["direct"],
        fees=[{"kind": "charge", "name": "Lệ phí", "amount": 0, "basis": "fixed"}],
        legal_basis=[{"number": "78/2015/QH13", "title": "Luật Nghĩa vụ quân sự"}],
        components=[
            {"code": "to-khai", "name": "Tờ khai", "kind": "form", "schema": FORM_SCHEMA},
        ],
        steps=[{"name": "Tiếp nhận hồ sơ", "role": Role.ONE_STOP_OFFICER, "minutes": 60}],
        at=AT,
        actor=ACTOR,
    )
    return procedure_version_publish(version=draft, at=AT, actor=ACTOR, valid_from=date(2025, 7, 1))
