"""The pieces the demo catalogue is built of: fields, laws, components, fees, steps, results."""

from typing import Any

from motcua.accounts.models import AgencyKind, Role
from motcua.catalog.models import (
    ApplicantType,
    Channel,
    ComponentKind,
    DataSource,
    FeeBasis,
    FeeKind,
    Level,
    OnlineLevel,
    ProcedureType,
    ResultKind,
)
from motcua_dev.demo.forms import (
    source_of_form,
)
from motcua_dev.demo.result_documents import RESULT_DOCUMENTS

FIELDS = {
    "NVQS": "Nghĩa vụ quân sự",
    "HOTICH": "Hộ tịch",
    "CUTRU": "Đăng ký, quản lý cư trú",
    "LLTP": "Lý lịch tư pháp",
    "HKD": "Thành lập và hoạt động của hộ kinh doanh",
    "XAYDUNG": "Hoạt động xây dựng",
    "CHUNGTHUC": "Chứng thực",
}

#: English names, for the /en/ pages (the published names stay Vietnamese).
NVQS_ENGLISH = {
    "1.001821": "First military service registration",
    "1.001771": "Supplementary military service registration",
    "1.001733": "Military service registration during temporary absence",
    "1.001748": "Military service registration on moving in",
    "1.001766": "Military service registration on moving out",
}

NVQS_LAW = [
    {"number": "78/2015/QH13", "title": "Luật Nghĩa vụ quân sự", "issued_on": "2015-06-19"},
    {
        "number": "13/2016/NĐ-CP",
        "title": "Nghị định quy định việc đăng ký nghĩa vụ quân sự",
        "issued_on": "2016-02-19",
    },
    {
        "number": "220/2025/NĐ-CP",
        "title": "Nghị định sửa đổi các nghị định trong lĩnh vực quốc phòng, quân sự "
        "khi tổ chức chính quyền địa phương hai cấp",
        "issued_on": "2025-08-07",
    },
]
CIVIL_STATUS_LAW = [
    {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"},
    {
        "number": "123/2015/NĐ-CP",
        "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "issued_on": "2015-11-15",
    },
]


def form(code: str, name: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": ComponentKind.FORM,
        "schema": schema,
        "template": source_of_form(schema),
        "required": True,
        "originals": 1,
        "copies": 0,
        "reusable_from": [],
        **extra,
    }


def document(code: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": ComponentKind.DOCUMENT,
        "schema": None,
        "required": True,
        "originals": 0,
        "copies": 1,
        "reusable_from": [],
        **extra,
    }


def charge(amount: int | None, name: str = "Lệ phí", **extra: Any) -> dict[str, Any]:
    return {
        "kind": FeeKind.CHARGE,
        "name": name,
        "amount": amount,
        "basis": FeeBasis.FIXED,
        "unit_name": "",
        "exempt_groups": [],
        "note": "",
        **extra,
    }


def step(
    name: str, role: str, minutes: int, *, unit: str = "", citizen: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "unit_description": unit,
        "minutes": minutes,
        "citizen_facing": citizen,
    }


def one_day_steps(unit: str) -> list[dict[str, Any]]:
    """Reception, appraisal, signature, return: 8 working hours in all."""
    return [
        step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 60, unit=unit, citizen=True),
        step("Thẩm định, cập nhật sổ sách, dự thảo kết quả", Role.SPECIALIST, 240, unit=unit),
        step("Phê duyệt, ký kết quả", Role.LEADER, 120, unit=unit),
        step("Trả kết quả", Role.ONE_STOP_OFFICER, 60, unit=unit, citizen=True),
    ]


def nvqs(
    code: str, name: str, components: list[dict[str, Any]], result_name: str, note: str
) -> dict[str, Any]:
    unit = "Ban Chỉ huy quân sự cấp xã"
    return {
        "national_code": code,
        "name": name,
        "name_en": NVQS_ENGLISH.get(code, ""),
        "field_code": "NVQS",
        "levels": [Level.COMMUNE],
        "procedure_type": ProcedureType.LAW_DETAILED,
        "decision_number": "6184/QĐ-BQP",
        "processing_time_value": 1,
        "service_norm_value": 1,
        "implementing_agency": unit,
        "competent_agency_kind": AgencyKind.COMMUNE_MILITARY_COMMAND,
        "online_level": OnlineLevel.PARTIAL,
        "applicant_types": [ApplicantType.CITIZEN],
        "channels": [Channel.DIRECT, Channel.ONLINE],
        "conditions": "Công dân nam đủ 17 tuổi trở lên; công dân nữ đủ 18 tuổi có ngành, "
        "nghề chuyên môn phù hợp yêu cầu của Quân đội.",
        "results": [result(ResultKind.CERTIFICATE, result_name, document=RESULT_DOCUMENTS[code])],
        "legal_basis": NVQS_LAW,
        "fees": [charge(0, "Lệ phí", wording="Lệ phí: 0 Đồng")],
        "components": components,
        "steps": one_day_steps(unit),
        "note": note,
    }


def id_copy(**extra: Any) -> dict[str, Any]:
    return document(
        "can_cuoc",
        "Bản sao Thẻ căn cước hoặc Giấy khai sinh (xuất trình bản chính để đối chiếu)",
        reusable_from=[DataSource.POPULATION_DB, DataSource.VNEID],
        **extra,
    )


def nvqs_certificate() -> dict[str, Any]:
    return document(
        "giay_chung_nhan_nvqs",
        "Bản sao Giấy chứng nhận đăng ký nghĩa vụ quân sự",
        reusable_from=[DataSource.DATA_STORE],
    )


def result(
    kind: str, name: str, *, validity: str = "", document: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A result; ``document`` is its template (``catalog.result_templates``), when it is drawn."""
    return {
        "kind": kind,
        "name": name,
        "template": "",
        "validity": validity,
        **({"document": document} if document else {}),
    }
