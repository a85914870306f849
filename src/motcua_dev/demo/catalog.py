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
from motcua_dev.demo.catalog_parts import (
    CIVIL_STATUS_LAW,
    FIELDS,
    charge,
    document,
    form,
    id_copy,
    nvqs,
    nvqs_certificate,
    one_day_steps,
    result,
    step,
)
from motcua_dev.demo.forms import (
    BUILDING_PERMIT_SCHEMA,
    CT01_SCHEMA,
    HKD_SCHEMA,
    LLTP_SCHEMA,
)
from motcua_dev.demo.forms_civil import BIRTH_SCHEMA, DEATH_SCHEMA, MARRIAGE_SCHEMA
from motcua_dev.demo.forms_military import (
    HEALTH_SCHEMA,
    NVQS_ABSENCE_SCHEMA,
    NVQS_MOVE_IN_SCHEMA,
    NVQS_MOVE_OUT_SCHEMA,
    NVQS_SUPPLEMENT_SCHEMA,
)
from motcua_dev.demo.result_documents import RESULT_DOCUMENTS

ACTOR = "system:demo"


def _procedures() -> list[dict[str, Any]]:
    return [
        nvqs(
            "1.001821",
            "Thủ tục đăng ký nghĩa vụ quân sự lần đầu",
            [
                form(
                    "phieu_tu_khai_suc_khoe",
                    "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
                    HEALTH_SCHEMA,
                ),
                id_copy(),
            ],
            "Giấy chứng nhận đăng ký nghĩa vụ quân sự",
            "Mã 1.001821 chưa xác nhận trên CSDLQG về TTHC (có thể đã đổi thành 1.013133).",
        ),
        nvqs(
            "1.001771",
            "Thủ tục đăng ký nghĩa vụ quân sự bổ sung",
            [
                form("to_khai_bo_sung", "Tờ khai đăng ký bổ sung", NVQS_SUPPLEMENT_SCHEMA),
                nvqs_certificate(),
                document("giay_to_thay_doi", "Bản sao giấy tờ chứng minh thông tin thay đổi"),
            ],
            "Cập nhật thông tin đăng ký nghĩa vụ quân sự",
            "Mã 1.001771 chưa xác nhận trên CSDLQG về TTHC (có thể đã đổi thành 1.013136).",
        ),
        nvqs(
            "1.001733",
            "Thủ tục đăng ký nghĩa vụ quân sự tạm vắng",
            [
                form("to_khai_tam_vang", "Tờ khai đăng ký tạm vắng", NVQS_ABSENCE_SCHEMA),
                nvqs_certificate(),
            ],
            "Xác nhận đăng ký tạm vắng nghĩa vụ quân sự",
            "Mã 1.001733 đã xác nhận (Quyết định 6184/QĐ-BQP).",
        ),
        nvqs(
            "1.001748",
            "Thủ tục đăng ký nghĩa vụ quân sự chuyển đến khi thay đổi nơi cư trú hoặc nơi làm việc, học tập",
            [
                form("to_khai_chuyen_den", "Tờ khai đăng ký chuyển đến", NVQS_MOVE_IN_SCHEMA),
                document(
                    "giay_gioi_thieu_di_chuyen",
                    "Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự",
                    originals=1,
                    copies=0,
                    reusable_from=[DataSource.DATA_STORE],
                ),
                document(
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
        nvqs(
            "1.001766",
            "Thủ tục đăng ký nghĩa vụ quân sự chuyển đi khi thay đổi nơi cư trú hoặc nơi làm việc, học tập",
            [
                form("to_khai_chuyen_di", "Tờ khai đăng ký chuyển đi", NVQS_MOVE_OUT_SCHEMA),
                nvqs_certificate(),
                document(
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
                result(
                    ResultKind.CERTIFICATE, "Giấy khai sinh", document=RESULT_DOCUMENTS["1.001193"]
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [
                charge(
                    0, "Lệ phí đăng ký khai sinh", wording="Miễn lệ phí đăng ký khai sinh đúng hạn."
                ),
                charge(
                    8_000,
                    "Lệ phí đăng ký khai sinh quá hạn",
                    condition=FeeCondition.LATE,
                    legal_reference="Nghị quyết của HĐND cấp tỉnh về lệ phí hộ tịch",
                    wording="Đăng ký khai sinh quá hạn: 8.000 đồng/trường hợp.",
                    note="Minh hoạ: mỗi tỉnh quy định mức thu riêng.",
                ),
            ],
            "components": [
                form("to_khai_khai_sinh", "Tờ khai đăng ký khai sinh", BIRTH_SCHEMA),
                document(
                    "giay_chung_sinh",
                    "Giấy chứng sinh hoặc giấy tờ thay thế",
                    originals=1,
                    copies=0,
                ),
            ],
            "steps": one_day_steps("Công chức tư pháp - hộ tịch"),
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
                result(
                    ResultKind.CERTIFICATE,
                    "Giấy chứng nhận kết hôn",
                    document=RESULT_DOCUMENTS["1.000894"],
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [
                charge(0, "Lệ phí", wording="Miễn lệ phí cho công dân Việt Nam cư trú trong nước.")
            ],
            "components": [
                form("to_khai_ket_hon", "Tờ khai đăng ký kết hôn", MARRIAGE_SCHEMA),
                id_copy(),
            ],
            "steps": one_day_steps("Công chức tư pháp - hộ tịch"),
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
                result(
                    ResultKind.CERTIFICATE,
                    "Trích lục khai tử",
                    document=RESULT_DOCUMENTS["1.000656"],
                )
            ],
            "legal_basis": CIVIL_STATUS_LAW,
            "fees": [charge(0, "Lệ phí", wording="Miễn lệ phí đăng ký khai tử đúng hạn.")],
            "components": [
                form("to_khai_khai_tu", "Tờ khai đăng ký khai tử", DEATH_SCHEMA),
                document("giay_bao_tu", "Giấy báo tử hoặc giấy tờ thay thế", originals=1, copies=0),
            ],
            "steps": one_day_steps("Công chức tư pháp - hộ tịch"),
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
                result(
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
                charge(
                    20_000,
                    "Lệ phí đăng ký thường trú",
                    channel_amounts={Channel.ONLINE: 10_000},
                    legal_reference="Thông tư 75/2022/TT-BTC",
                    wording="20.000 đồng/lần đăng ký; nộp trực tuyến: 10.000 đồng/lần đăng ký.",
                )
            ],
            "components": [
                form("to_khai_cu_tru", "Tờ khai thay đổi thông tin cư trú (CT01)", CT01_SCHEMA),
                document(
                    "cho_o_hop_phap",
                    "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
                    reusable_from=[DataSource.DATA_STORE],
                ),
            ],
            "steps": [
                step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                step("Thẩm định, xác minh chỗ ở", Role.SPECIALIST, 1200),
                step("Phê duyệt", Role.LEADER, 240),
                step("Cập nhật cơ sở dữ liệu, thông báo kết quả", Role.ONE_STOP_OFFICER, 120),
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
                result(
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
                form("to_khai_lltp", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", LLTP_SCHEMA),
                id_copy(),
            ],
            "steps": [
                step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                step("Tra cứu, xác minh thông tin lý lịch tư pháp", Role.SPECIALIST, 2400),
                step("Lập Phiếu lý lịch tư pháp", Role.SPECIALIST, 720),
                step("Ký Phiếu", Role.LEADER, 240),
                step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
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
                result(
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
                charge(
                    100_000,
                    "Lệ phí đăng ký hộ kinh doanh",
                    wording="100.000 đồng/lần đăng ký.",
                    note="Minh hoạ: mức thu do HĐND cấp tỉnh quy định.",
                )
            ],
            "components": [
                form("giay_de_nghi_hkd", "Giấy đề nghị đăng ký hộ kinh doanh", HKD_SCHEMA),
                id_copy(required=True),
            ],
            "steps": [
                step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                step("Thẩm định hồ sơ", Role.SPECIALIST, 600),
                step("Ký Giấy chứng nhận", Role.LEADER, 240),
                step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
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
                result(
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
                charge(
                    None,
                    "Lệ phí cấp giấy phép xây dựng",
                    legal_reference="Nghị quyết của HĐND cấp tỉnh (Thông tư 85/2019/TT-BTC)",
                    wording="Theo quy định.",
                )
            ],
            "components": [
                form(
                    "don_de_nghi_gpxd", "Đơn đề nghị cấp giấy phép xây dựng", BUILDING_PERMIT_SCHEMA
                ),
                document(
                    "giay_to_dat",
                    "Bản sao giấy tờ chứng minh quyền sử dụng đất",
                    reusable_from=[DataSource.DATA_STORE],
                ),
                document("ban_ve_thiet_ke", "Bản vẽ thiết kế xây dựng", originals=2, copies=0),
            ],
            "steps": [
                step("Tiếp nhận, kiểm tra hồ sơ", Role.ONE_STOP_OFFICER, 120, citizen=True),
                step("Kiểm tra thực địa, thẩm định hồ sơ", Role.SPECIALIST, 4800),
                step("Dự thảo giấy phép", Role.SPECIALIST, 960),
                step("Ký giấy phép", Role.LEADER, 480),
                step("Trả kết quả", Role.ONE_STOP_OFFICER, 120, citizen=True),
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
                result(
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
                document("ban_chinh", "Bản chính giấy tờ cần chứng thực", originals=1, copies=0),
                document("ban_sao", "Bản sao cần chứng thực", originals=0, copies=1),
            ],
            "steps": [
                step("Tiếp nhận, đối chiếu bản chính", Role.ONE_STOP_OFFICER, 30, citizen=True),
                step("Ký chứng thực, đóng dấu", Role.LEADER, 60),
                step("Trả kết quả", Role.ONE_STOP_OFFICER, 30, citizen=True),
            ],
            "note": "Mã 2.000815 chưa xác nhận trên CSDLQG về TTHC. Trả trong ngày; nhận sau 15 giờ "
            "thì trả trong ngày làm việc tiếp theo.",
        },
    ]


def procedure_spec(national_code: str) -> dict[str, Any]:
    """The arguments of ``procedure_draft_create`` for the demo procedure ``national_code``, a
    fresh copy the caller may change (the bench derives its own procedures from them)."""
    return next(spec for spec in _procedures() if spec["national_code"] == national_code)


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
