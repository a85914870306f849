"""Demo data for ``make run``, created through this app's services. Idempotent.

Codes, times and fees follow the published records where we have them; every code we could not
confirm on the National Database on TTHC says so in the version's ``note``.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel, AgencyKind, Role
from motcua.catalog.models import (
    AgencyRole,
    ApplicantType,
    Channel,
    ComponentKind,
    DataSource,
    FeeBasis,
    FeeCondition,
    FeeInput,
    FeeKind,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureType,
    ResultKind,
    TimeUnit,
)
from motcua.catalog.services import (
    field_ensure,
    local_fee_policy_set,
    procedure_draft_create,
    procedure_version_publish,
)
from motcua_dev.demo.result_documents import RESULT_DOCUMENTS

ACTOR = "system:demo"

PERSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Tờ khai",
    "required": ["full_name", "personal_id", "birth_date", "address"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ, chữ đệm và tên", "maxLength": 200},
        "personal_id": {
            "type": "string",
            "title": "Số định danh cá nhân",
            "pattern": "^[0-9]{12}$",
        },
        "birth_date": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "address": {"type": "string", "title": "Nơi cư trú", "maxLength": 500},
        "phone": {"type": "string", "title": "Số điện thoại", "pattern": "^0[0-9]{9}$"},
    },
    "additionalProperties": False,
}

HEALTH_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
    "required": ["full_name", "personal_id", "birth_date", "height_cm", "weight_kg"],
    "properties": {
        "full_name": {
            "type": "string",
            "title": "Họ, chữ đệm và tên",
            "x-prefill": "population.full_name",
        },
        "personal_id": {
            "type": "string",
            "title": "Số định danh cá nhân",
            "pattern": "^[0-9]{12}$",
            "x-prefill": "population.personal_id",
        },
        "birth_date": {
            "type": "string",
            "title": "Ngày sinh",
            "format": "date",
            "x-prefill": "population.birth_date",
        },
        "height_cm": {"type": "integer", "title": "Chiều cao (cm)", "minimum": 100, "maximum": 250},
        "weight_kg": {"type": "integer", "title": "Cân nặng (kg)", "minimum": 30, "maximum": 200},
        "chronic_diseases": {"type": "string", "title": "Bệnh mãn tính, bệnh đang điều trị"},
        "disabilities": {"type": "string", "title": "Khuyết tật (nếu có)"},
    },
    "additionalProperties": False,
}


def _person_form(title: str, required: list[str], **properties: Any) -> dict[str, Any]:
    """The applicant's identity (as :data:`PERSON_SCHEMA`) followed by what this declaration
    form asks besides, as its official template lists it."""
    return {
        **PERSON_SCHEMA,
        "title": title,
        "required": [*PERSON_SCHEMA["required"], *required],
        "properties": {**PERSON_SCHEMA["properties"], **properties},
    }


#: Tờ khai thay đổi thông tin cư trú (mẫu CT01, Thông tư 66/2023/TT-BCA).
CT01_SCHEMA = _person_form(
    "Tờ khai thay đổi thông tin cư trú (CT01)",
    ["new_address"],
    new_address={
        "type": "string",
        "title": "Địa chỉ đề nghị đăng ký thường trú",
        "description": "Số nhà, đường phố, tổ dân phố, phường, xã, ví dụ: Số 18 phố Hàng Bài, "
        "Phường Hoàn Kiếm.",
        "maxLength": 500,
    },
    household_head_name={"type": "string", "title": "Chủ hộ (họ và tên)", "maxLength": 200},
    relation_to_head={
        "type": "string",
        "title": "Mối quan hệ với chủ hộ",
        "description": "Ví dụ: con, vợ, chồng; để trống nếu là chủ hộ.",
        "maxLength": 100,
    },
)

#: Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1, Thông tư 02/2023/TT-BKHĐT).
HKD_SCHEMA = _person_form(
    "Giấy đề nghị đăng ký hộ kinh doanh",
    ["business_name", "business_line", "capital", "business_location"],
    business_name={
        "type": "string",
        "title": "Tên hộ kinh doanh",
        "description": "Ví dụ: Hộ kinh doanh Phở Hà Thành.",
        "maxLength": 200,
    },
    business_line={
        "type": "string",
        "title": "Ngành, nghề kinh doanh",
        "description": "Ví dụ: Dịch vụ ăn uống (mã ngành 5610).",
        "maxLength": 500,
    },
    capital={
        "type": "integer",
        "title": "Vốn kinh doanh (đồng)",
        "description": "Ví dụ: 50000000.",
        "minimum": 0,
    },
    business_location={
        "type": "string",
        "title": "Địa điểm kinh doanh",
        "description": "Số nhà, đường phố, phường, xã, ví dụ: Số 3 phố Hàng Bạc, Phường Hoàn Kiếm.",
        "maxLength": 500,
    },
)

#: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (mẫu 03/2013/TT-LLTP). The number of copies is
#: asked with the fee (``portal.fee_forms``: the fee counts them), not here.
LLTP_SCHEMA = _person_form(
    "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
    ["form_no", "purpose"],
    form_no={
        "type": "string",
        "title": "Loại Phiếu yêu cầu cấp",
        "enum": ["1", "2"],
        "x-enum-labels": ["Phiếu lý lịch tư pháp số 1", "Phiếu lý lịch tư pháp số 2"],
    },
    purpose={
        "type": "string",
        "title": "Mục đích sử dụng Phiếu",
        "description": "Ví dụ: bổ sung hồ sơ xin việc.",
        "maxLength": 300,
    },
)


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


def _form(code: str, name: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": ComponentKind.FORM,
        "schema": schema,
        "required": True,
        "originals": 1,
        "copies": 0,
        "reusable_from": [],
        **extra,
    }


def _document(code: str, name: str, **extra: Any) -> dict[str, Any]:
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


def _charge(amount: int | None, name: str = "Lệ phí", **extra: Any) -> dict[str, Any]:
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


def _step(
    name: str, role: str, minutes: int, *, unit: str = "", citizen: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "role": role,
        "unit_description": unit,
        "minutes": minutes,
        "citizen_facing": citizen,
    }


def _one_day_steps(unit: str) -> list[dict[str, Any]]:
    """Reception, appraisal, signature, return: 8 working hours in all."""
    return [
        _step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 60, unit=unit, citizen=True),
        _step("Thẩm định, cập nhật sổ sách, dự thảo kết quả", Role.SPECIALIST, 240, unit=unit),
        _step("Phê duyệt, ký kết quả", Role.LEADER, 120, unit=unit),
        _step("Trả kết quả", Role.ONE_STOP_OFFICER, 60, unit=unit, citizen=True),
    ]


def _nvqs(
    code: str, name: str, components: list[dict[str, Any]], result: str, note: str
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
        "results": [_result(ResultKind.CERTIFICATE, result, document=RESULT_DOCUMENTS[code])],
        "legal_basis": NVQS_LAW,
        "fees": [_charge(0, "Lệ phí", wording="Lệ phí: 0 Đồng")],
        "components": components,
        "steps": _one_day_steps(unit),
        "note": note,
    }


def _id_copy(**extra: Any) -> dict[str, Any]:
    return _document(
        "can_cuoc",
        "Bản sao Thẻ căn cước hoặc Giấy khai sinh (xuất trình bản chính để đối chiếu)",
        reusable_from=[DataSource.POPULATION_DB, DataSource.VNEID],
        **extra,
    )


def _nvqs_certificate() -> dict[str, Any]:
    return _document(
        "giay_chung_nhan_nvqs",
        "Bản sao Giấy chứng nhận đăng ký nghĩa vụ quân sự",
        reusable_from=[DataSource.DATA_STORE],
    )


def _result(
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


def _procedures() -> list[dict[str, Any]]:
    return [
        _nvqs(
            "1.001821",
            "Thủ tục đăng ký nghĩa vụ quân sự lần đầu",
            [
                _form(
                    "phieu_tu_khai_suc_khoe",
                    "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
                    HEALTH_SCHEMA,
                ),
                _id_copy(),
            ],
            "Giấy chứng nhận đăng ký nghĩa vụ quân sự",
            "Mã 1.001821 chưa xác nhận trên CSDLQG về TTHC (có thể đã đổi thành 1.013133).",
        ),
        _nvqs(
            "1.001771",
            "Thủ tục đăng ký nghĩa vụ quân sự bổ sung",
            [
                _nvqs_certificate(),
                _document("giay_to_thay_doi", "Bản sao giấy tờ chứng minh thông tin thay đổi"),
            ],
            "Cập nhật thông tin đăng ký nghĩa vụ quân sự",
            "Mã 1.001771 chưa xác nhận trên CSDLQG về TTHC (có thể đã đổi thành 1.013136).",
        ),
        _nvqs(
            "1.001733",
            "Thủ tục đăng ký nghĩa vụ quân sự tạm vắng",
            [_nvqs_certificate()],
            "Xác nhận đăng ký tạm vắng nghĩa vụ quân sự",
            "Mã 1.001733 đã xác nhận (Quyết định 6184/QĐ-BQP).",
        ),
        _nvqs(
            "1.001748",
            "Thủ tục đăng ký nghĩa vụ quân sự chuyển đến khi thay đổi nơi cư trú hoặc nơi làm việc, học tập",
            [
                _document(
                    "giay_gioi_thieu_di_chuyen",
                    "Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự",
                    originals=1,
                    copies=0,
                    reusable_from=[DataSource.DATA_STORE],
                ),
                _document(
                    "phieu_quan_nhan_du_bi",
                    "Phiếu quân nhân dự bị (nếu có)",
                    required=False,
                    originals=1,
                    copies=0,
                ),
            ],
            "Đăng ký vào sổ danh sách công dân đăng ký nghĩa vụ quân sự",
            "Mã 1.001748 đã xác nhận (Quyết định 6184/QĐ-BQP).",
        ),
        _nvqs(
            "1.001766",
            "Thủ tục đăng ký nghĩa vụ quân sự chuyển đi khi thay đổi nơi cư trú hoặc nơi làm việc, học tập",
            [
                _nvqs_certificate(),
                _document(
                    "giay_to_thay_doi_noi_o",
                    "Giấy tờ chứng minh thay đổi nơi cư trú hoặc nơi làm việc, học tập",
                    reusable_from=[DataSource.POPULATION_DB],
                ),
            ],
            "Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự",
            "Mã 1.001766 CHƯA XÁC NHẬN: chọn tạm để minh hoạ, cần đối chiếu trên CSDLQG về TTHC.",
        ),
        {
            "national_code": "1.001193",
            "name": "Thủ tục đăng ký khai sinh",
            "field_code": "HOTICH",
            "levels": [Level.COMMUNE],
            "procedure_type": ProcedureType.NOT_DELEGATED,
            "decision_number": "",
            "processing_time_value": 1,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.FULL,
            "applicant_types": [ApplicantType.CITIZEN],
            "channels": [Channel.DIRECT, Channel.POST, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Giấy khai sinh",
                    document=RESULT_DOCUMENTS["1.001193"],
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [
                _charge(
                    0, "Lệ phí đăng ký khai sinh", wording="Miễn lệ phí đăng ký khai sinh đúng hạn."
                ),
                _charge(
                    8_000,
                    "Lệ phí đăng ký khai sinh quá hạn",
                    condition=FeeCondition.LATE,
                    legal_reference="Nghị quyết của HĐND cấp tỉnh về lệ phí hộ tịch",
                    wording="Đăng ký khai sinh quá hạn: 8.000 đồng/trường hợp.",
                    note="Minh hoạ: mỗi tỉnh quy định mức thu riêng.",
                ),
            ],
            "components": [
                _form("to_khai_khai_sinh", "Tờ khai đăng ký khai sinh", PERSON_SCHEMA),
                _document(
                    "giay_chung_sinh",
                    "Giấy chứng sinh hoặc giấy tờ thay thế",
                    originals=1,
                    copies=0,
                ),
            ],
            "steps": _one_day_steps("Công chức tư pháp - hộ tịch"),
            "note": "Mã 1.001193 chưa xác nhận trên CSDLQG về TTHC. Trả kết quả ngay trong ngày; "
            "nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
        },
        {
            "national_code": "1.000894",
            "name": "Thủ tục đăng ký kết hôn",
            "field_code": "HOTICH",
            "levels": [Level.COMMUNE],
            "processing_time_value": 1,
            "processing_time_text": "01 ngày làm việc; trường hợp cần xác minh thì không quá "
            "05 ngày làm việc.",
            "processing_terms": [
                {"value": 5, "unit": TimeUnit.WORKING_DAYS, "condition": "Trường hợp cần xác minh"}
            ],
            "dossier_sets": 1,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.PARTIAL,
            "applicant_types": [ApplicantType.CITIZEN],
            "channels": [Channel.DIRECT, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Giấy chứng nhận kết hôn",
                    document=RESULT_DOCUMENTS["1.000894"],
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [
                _charge(0, "Lệ phí", wording="Miễn lệ phí cho công dân Việt Nam cư trú trong nước.")
            ],
            "components": [
                _form("to_khai_ket_hon", "Tờ khai đăng ký kết hôn", PERSON_SCHEMA),
                _id_copy(),
            ],
            "steps": _one_day_steps("Công chức tư pháp - hộ tịch"),
            "conditions": "Hai bên nam, nữ phải có mặt khi đăng ký kết hôn.",
            "note": "Mã 1.000894 chưa xác nhận trên CSDLQG về TTHC. Cần xác minh thì không quá "
            "05 ngày làm việc.",
        },
        {
            "national_code": "1.000656",
            "name": "Thủ tục đăng ký khai tử",
            "field_code": "HOTICH",
            "levels": [Level.COMMUNE],
            "processing_time_value": 1,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.PARTIAL,
            "applicant_types": [ApplicantType.CITIZEN],
            "channels": [Channel.DIRECT, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Trích lục khai tử",
                    document=RESULT_DOCUMENTS["1.000656"],
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [_charge(0, "Lệ phí", wording="Miễn lệ phí đăng ký khai tử đúng hạn.")],
            "components": [
                _form("to_khai_khai_tu", "Tờ khai đăng ký khai tử", PERSON_SCHEMA),
                _document(
                    "giay_bao_tu", "Giấy báo tử hoặc giấy tờ thay thế", originals=1, copies=0
                ),
            ],
            "steps": _one_day_steps("Công chức tư pháp - hộ tịch"),
            "note": "Mã 1.000656 chưa xác nhận trên CSDLQG về TTHC.",
        },
        {
            "national_code": "1.004194",
            "name": "Đăng ký thường trú",
            "field_code": "CUTRU",
            "levels": [Level.COMMUNE],
            "processing_time_value": 7,
            "service_norm_value": 5,
            "implementing_agency": "Công an cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_POLICE,
            "online_level": OnlineLevel.FULL,
            "applicant_types": [ApplicantType.CITIZEN],
            "channels": [Channel.DIRECT, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.RECORD,
                    "Cập nhật thông tin thường trú vào Cơ sở dữ liệu về cư trú",
                    document=RESULT_DOCUMENTS["1.004194"],
                )
            ],
            "legal_basis": [
                {"number": "68/2020/QH14", "title": "Luật Cư trú", "issued_on": "2020-11-13"},
                {
                    "number": "75/2022/TT-BTC",
                    "title": "Thông tư quy định mức thu lệ phí đăng ký cư trú",
                    "issued_on": "2022-12-22",
                },
            ],
            "fees": [
                _charge(
                    20_000,
                    "Lệ phí đăng ký thường trú",
                    channel_amounts={Channel.ONLINE: 10_000},
                    legal_reference="Thông tư 75/2022/TT-BTC",
                    wording="20.000 đồng/lần đăng ký; nộp trực tuyến: 10.000 đồng/lần đăng ký.",
                )
            ],
            "components": [
                _form("to_khai_cu_tru", "Tờ khai thay đổi thông tin cư trú (CT01)", CT01_SCHEMA),
                _document(
                    "cho_o_hop_phap",
                    "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
                    reusable_from=[DataSource.DATA_STORE],
                ),
            ],
            "steps": [
                _step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                _step("Thẩm định, xác minh chỗ ở", Role.SPECIALIST, 1200),
                _step("Phê duyệt", Role.LEADER, 240),
                _step("Cập nhật cơ sở dữ liệu, thông báo kết quả", Role.ONE_STOP_OFFICER, 120),
            ],
            "note": "Mã 1.004194 chưa xác nhận trên CSDLQG về TTHC.",
        },
        {
            "national_code": "2.001417",
            "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
            "tại Việt Nam",
            "name_en": "Criminal record certificate for Vietnamese citizens and foreigners "
            "residing in Viet Nam",
            "field_code": "LLTP",
            "levels": [Level.PROVINCE],
            "processing_time_value": 10,
            "processing_time_text": "10 ngày làm việc",
            # Luật Lý lịch tư pháp, Art. 48: the provincial police look up and verify.
            "agency_roles": [
                {"name": "Sở Tư pháp", "role": AgencyRole.RECEIVES},
                {"name": "Sở Tư pháp", "role": AgencyRole.DECIDES},
                {"name": "Công an cấp tỉnh", "role": AgencyRole.COORDINATES},
            ],
            "service_norm_value": 8,
            "implementing_agency": "Sở Tư pháp",
            "competent_agency_kind": AgencyKind.PROVINCIAL_DEPARTMENT,
            "online_level": OnlineLevel.FULL,
            "applicant_types": [ApplicantType.CITIZEN, ApplicantType.FOREIGNER],
            "channels": [Channel.DIRECT, Channel.POST, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Phiếu lý lịch tư pháp số 1 hoặc số 2",
                    document=RESULT_DOCUMENTS["2.001417"],
                )
            ],
            "legal_basis": [
                {
                    "number": "28/2009/QH12",
                    "title": "Luật Lý lịch tư pháp",
                    "issued_on": "2009-06-17",
                }
            ],
            "fees": [
                {
                    "kind": FeeKind.FEE,
                    "name": "Phí cung cấp thông tin lý lịch tư pháp",
                    "amount": 200_000,
                    "basis": FeeBasis.FIXED,
                    "unit_name": "",
                    "exempt_groups": [
                        "Trẻ em",
                        "Người cao tuổi",
                        "Người khuyết tật",
                        "Người thuộc hộ nghèo",
                    ],
                    "wording": "200.000 đồng/lần/người. Trường hợp yêu cầu cấp trên 02 Phiếu lý "
                    "lịch tư pháp trong một lần thì từ Phiếu thứ 3 trở đi thu thêm 5.000 "
                    "đồng/Phiếu.",
                },
                {
                    "kind": FeeKind.FEE,
                    "name": "Phiếu lý lịch tư pháp thứ 3 trở đi",
                    "amount": 5_000,
                    "basis": FeeBasis.PER_ITEM,
                    "item_input": FeeInput.COPIES,
                    "from_item": 3,
                    "unit_name": "Phiếu",
                    "exempt_groups": [
                        "Trẻ em",
                        "Người cao tuổi",
                        "Người khuyết tật",
                        "Người thuộc hộ nghèo",
                    ],
                },
            ],
            "components": [
                _form("to_khai_lltp", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", LLTP_SCHEMA),
                _id_copy(),
            ],
            "steps": [
                _step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                _step("Tra cứu, xác minh thông tin lý lịch tư pháp", Role.SPECIALIST, 2400),
                _step("Lập Phiếu lý lịch tư pháp", Role.SPECIALIST, 720),
                _step("Ký Phiếu", Role.LEADER, 240),
                _step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
            ],
            "note": "Mã 2.001417 chưa xác nhận trên CSDLQG về TTHC.",
        },
        {
            "national_code": "2.000575",
            "name": "Đăng ký thành lập hộ kinh doanh",
            "field_code": "HKD",
            "levels": [Level.COMMUNE],
            "processing_time_value": 3,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.PARTIAL,
            "applicant_types": [ApplicantType.CITIZEN, ApplicantType.BUSINESS],
            "channels": [Channel.DIRECT, Channel.POST, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Giấy chứng nhận đăng ký hộ kinh doanh",
                    document=RESULT_DOCUMENTS["2.000575"],
                )
            ],
            "legal_basis": [
                {
                    "number": "01/2021/NĐ-CP",
                    "title": "Nghị định về đăng ký doanh nghiệp",
                    "issued_on": "2021-01-04",
                }
            ],
            "fees": [
                _charge(
                    100_000,
                    "Lệ phí đăng ký hộ kinh doanh",
                    wording="100.000 đồng/lần đăng ký.",
                    note="Minh hoạ: mức thu do HĐND cấp tỉnh quy định.",
                )
            ],
            "components": [
                _form("giay_de_nghi_hkd", "Giấy đề nghị đăng ký hộ kinh doanh", HKD_SCHEMA),
                _id_copy(required=True),
            ],
            "steps": [
                _step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                _step("Thẩm định hồ sơ", Role.SPECIALIST, 600),
                _step("Ký Giấy chứng nhận", Role.LEADER, 240),
                _step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
            ],
            "note": "Mã 2.000575 chưa xác nhận trên CSDLQG về TTHC.",
        },
        {
            "national_code": "1.009994",
            "name": "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
            "field_code": "XAYDUNG",
            "levels": [Level.COMMUNE],
            "processing_time_value": 15,
            "service_norm_value": 12,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.PARTIAL,
            "applicant_types": [ApplicantType.CITIZEN, ApplicantType.ORGANISATION],
            "channels": [Channel.DIRECT, Channel.ONLINE],
            "results": [
                _result(
                    ResultKind.CERTIFICATE,
                    "Giấy phép xây dựng",
                    validity="Hết hiệu lực nếu sau 12 tháng chưa khởi công",
                    document=RESULT_DOCUMENTS["1.009994"],
                )
            ],
            "legal_basis": [
                {"number": "50/2014/QH13", "title": "Luật Xây dựng", "issued_on": "2014-06-18"},
                {
                    "number": "15/2021/NĐ-CP",
                    "title": "Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng",
                    "issued_on": "2021-03-03",
                },
            ],
            "fees": [
                _charge(
                    None,
                    "Lệ phí cấp giấy phép xây dựng",
                    legal_reference="Nghị quyết của HĐND cấp tỉnh (Thông tư 85/2019/TT-BTC)",
                    wording="Theo quy định.",
                )
            ],
            "components": [
                _form("don_de_nghi_gpxd", "Đơn đề nghị cấp giấy phép xây dựng", PERSON_SCHEMA),
                _document(
                    "giay_to_dat",
                    "Bản sao giấy tờ chứng minh quyền sử dụng đất",
                    reusable_from=[DataSource.DATA_STORE],
                ),
                _document("ban_ve_thiet_ke", "Bản vẽ thiết kế xây dựng", originals=2, copies=0),
            ],
            "steps": [
                _step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                _step("Kiểm tra thực địa, thẩm định hồ sơ", Role.SPECIALIST, 4800),
                _step("Dự thảo giấy phép", Role.SPECIALIST, 960),
                _step("Ký giấy phép", Role.LEADER, 480),
                _step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
            ],
            "note": "Mã 1.009994 chưa xác nhận trên CSDLQG về TTHC.",
        },
        {
            "national_code": "2.000815",
            "name": "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức "
            "có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
            "field_code": "CHUNGTHUC",
            "levels": [Level.COMMUNE],
            "processing_time_value": 4,
            "processing_time_unit": TimeUnit.WORKING_HOURS,
            "implementing_agency": "Ủy ban nhân dân cấp xã",
            "competent_agency_kind": AgencyKind.COMMUNE_PEOPLES_COMMITTEE,
            "online_level": OnlineLevel.NONE,
            "applicant_types": [ApplicantType.CITIZEN, ApplicantType.ORGANISATION],
            "channels": [Channel.DIRECT],
            "results": [
                _result(
                    ResultKind.CONFIRMATION,
                    "Bản sao được chứng thực",
                    document=RESULT_DOCUMENTS["2.000815"],
                )
            ],
            "legal_basis": [
                {
                    "number": "23/2015/NĐ-CP",
                    "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính",
                    "issued_on": "2015-02-16",
                }
            ],
            "fees": [
                {
                    "kind": FeeKind.FEE,
                    "name": "Phí chứng thực bản sao từ bản chính: trang thứ nhất và thứ hai",
                    "amount": 2_000,
                    "basis": FeeBasis.PER_ITEM,
                    "item_input": FeeInput.PAGES,
                    "unit_name": "trang",
                    "maximum": 4_000,
                    "legal_reference": "Thông tư 226/2016/TT-BTC",
                    "wording": "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, "
                    "nhưng mức thu tối đa không quá 200.000 đồng/bản.",
                },
                {
                    "kind": FeeKind.FEE,
                    "name": "Phí chứng thực bản sao từ bản chính: từ trang thứ ba",
                    "amount": 1_000,
                    "basis": FeeBasis.PER_ITEM,
                    "item_input": FeeInput.PAGES,
                    "from_item": 3,
                    "unit_name": "trang",
                    "maximum": 196_000,
                    "legal_reference": "Thông tư 226/2016/TT-BTC",
                },
            ],
            "components": [
                _document("ban_chinh", "Bản chính giấy tờ cần chứng thực", originals=1, copies=0),
                _document("ban_sao", "Bản sao cần chứng thực", originals=0, copies=1),
            ],
            "steps": [
                _step("Tiếp nhận, đối chiếu bản chính", Role.ONE_STOP_OFFICER, 30, citizen=True),
                _step("Ký chứng thực, đóng dấu", Role.LEADER, 60),
                _step("Trả kết quả", Role.ONE_STOP_OFFICER, 30, citizen=True),
            ],
            "note": "Mã 2.000815 chưa xác nhận trên CSDLQG về TTHC. Trả trong ngày; nhận sau 15 giờ "
            "thì trả trong ngày làm việc tiếp theo.",
        },
    ]


def _demo_province_code(on: date) -> str:
    province = (
        AdministrativeUnit.objects.filter(
            level=AdministrativeUnitLevel.PROVINCE, valid_from__lte=on
        )
        .order_by("code")
        .first()
    )
    return province.code if province else "01"


def load(*, at: datetime) -> None:
    """Create this app's demo data as of ``at``; running it again changes nothing."""
    for code, name in FIELDS.items():
        field_ensure(code=code, name=name, at=at, actor=ACTOR)
    existing = {p.code for p in Procedure.objects.all()}
    for spec in _procedures():
        if spec["national_code"] in existing:
            continue
        version = procedure_draft_create(**spec, at=at, actor=ACTOR)
        procedure_version_publish(version=version, at=at, actor=ACTOR)
    today = timezone.localdate(at)
    judicial = Procedure.objects.get(national_code="2.001417", local_suffix="")
    start = date(today.year, 1, 1)
    local_fee_policy_set(
        administrative_unit_code=_demo_province_code(today),
        procedure=judicial,
        amount=0,
        decision_number="DEMO-01/QĐ-UBND",
        valid_from=start,
        valid_to=start + timedelta(days=365 * 2),
        note="Minh hoạ: 0 đồng tại địa phương này (quyết định giả định, không phải văn bản thật).",
        at=at,
        actor=ACTOR,
    )
