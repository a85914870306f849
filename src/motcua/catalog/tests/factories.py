"""Factories and ready-made payloads for the catalogue's tests."""

from datetime import UTC, date, datetime
from typing import Any

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel, Agency, AgencyKind
from motcua.catalog.models import Field, ProcedureVersion
from motcua.catalog.services import procedure_draft_create, procedure_version_publish

AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
ACTOR = "test"

FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name"],
    "properties": {"full_name": {"type": "string"}},
}


class FieldFactory(DjangoModelFactory[Field]):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "NVQS"
    name = "Nghĩa vụ quân sự"


class ProvinceFactory(DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    code = "01"
    name = "Thành phố Hà Nội"
    level = AdministrativeUnitLevel.PROVINCE
    division_type = "thành phố"
    valid_from = date(2025, 7, 1)


class CommuneFactory(DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit

    code = "00004"
    name = "Phường Ba Đình"
    level = AdministrativeUnitLevel.COMMUNE
    division_type = "phường"
    parent = SubFactory(ProvinceFactory)  # type: ignore[no-untyped-call]
    valid_from = date(2025, 7, 1)


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    code = Sequence(lambda n: f"000.00.{n:02d}.H26")  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Ban Chỉ huy quân sự số {n}")  # type: ignore[no-untyped-call]
    kind = AgencyKind.COMMUNE_MILITARY_COMMAND
    administrative_unit = SubFactory(CommuneFactory)  # type: ignore[no-untyped-call]
    valid_from = date(2025, 7, 1)


def draft_kwargs(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for ``procedure_draft_create`` describing a valid one-day procedure."""
    kwargs: dict[str, Any] = {
        "national_code": "1.001748",
        "name": "Thủ tục đăng ký nghĩa vụ quân sự chuyển đến",
        "field_code": "NVQS",
        "levels": ["commune"],
        "processing_time_value": 1,
        "decision_number": "6184/QĐ-BQP",
        "competent_agency_kind": AgencyKind.COMMUNE_MILITARY_COMMAND,
        "channels": ["direct"],
        "legal_basis": [
            {"number": "78/2015/QH13", "title": "Luật Nghĩa vụ quân sự", "issued_on": "2015-06-19"}
        ],
        "fees": [
            {
                "kind": "charge",
                "name": "Lệ phí",
                "amount": 0,
                "basis": "fixed",
                "unit_name": "",
                "exempt_groups": [],
                "note": "",
            }
        ],
        "components": [
            {
                "code": "to_khai",
                "name": "Tờ khai",
                "kind": "form",
                "schema": FORM_SCHEMA,
                "reusable_from": ["population_db"],
            },
            {"code": "giay_gioi_thieu", "name": "Giấy giới thiệu di chuyển", "kind": "document"},
        ],
        "steps": [
            {
                "name": "Tiếp nhận",
                "role": "one_stop_officer",
                "minutes": 60,
                "citizen_facing": True,
            },
            {"name": "Thẩm định", "role": "specialist", "minutes": 300},
            {"name": "Ký", "role": "leader", "minutes": 120},
        ],
        "at": AT,
        "actor": ACTOR,
    }
    kwargs.update(overrides)
    return kwargs


def published_version(*, valid_from: date = date(2026, 1, 1), **overrides: Any) -> ProcedureVersion:
    FieldFactory.create()
    version = procedure_draft_create(**draft_kwargs(**overrides))
    return procedure_version_publish(version=version, at=AT, actor=ACTOR, valid_from=valid_from)
