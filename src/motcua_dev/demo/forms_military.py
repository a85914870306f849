"""Military-service registration forms (nghĩa vụ quân sự) of the demo."""

from typing import Any

from motcua_dev.demo.forms import SEXES, choice, day, flag, form, number, text, when

# -- Nghĩa vụ quân sự (Nghị định 13/2016/NĐ-CP; Thông tư 105/2023/TT-BQP) ---------------------

_BIO = "I. Sơ yếu lý lịch"
_HISTORY = "II. Tiền sử bệnh tật"
_NOW = "III. Tình trạng sức khỏe hiện tại"
#: Questions of the health self-declaration answered có/không.
_DISEASES = {
    "had_infectious": "Đã từng mắc bệnh truyền nhiễm (lao, viêm gan, HIV...)",
    "had_heart": "Bệnh tim mạch, tăng huyết áp",
    "had_lung": "Bệnh hen phế quản, bệnh phổi",
    "had_diabetes": "Đái tháo đường, bệnh nội tiết",
    "had_mental": "Bệnh tâm thần, động kinh",
    "had_eye_ear": "Bệnh về mắt, tai mũi họng",
    "had_bone": "Bệnh cơ, xương, khớp",
    "had_skin": "Bệnh ngoài da",
    "had_surgery": "Đã từng phẫu thuật",
    "uses_drugs": "Đã từng sử dụng chất ma túy",
}

HEALTH_SCHEMA = form(
    "Phiếu tự khai sức khỏe nghĩa vụ quân sự",
    number="Phiếu tự khai sức khỏe nghĩa vụ quân sự",
    basis="Nghị định 13/2016/NĐ-CP; Thông tư 105/2023/TT-BQP",
    addressee="Ban Chỉ huy quân sự cấp xã",
    required=["full_name", "personal_id", "birth_date", "height_cm", "weight_kg"],
    properties={
        "full_name": text("Họ, chữ đệm và tên", _BIO, prefill="population.full_name"),
        "personal_id": text(
            "Số định danh cá nhân",
            _BIO,
            max_length=12,
            pattern="^[0-9]{12}$",
            prefill="population.personal_id",
        ),
        "birth_date": day("Ngày sinh", _BIO, prefill="population.birth_date"),
        "sex": choice("Giới tính", _BIO, SEXES, prefill="population.sex"),
        "ethnicity": text("Dân tộc", _BIO, max_length=50, prefill="population.ethnicity"),
        "occupation": text("Nghề nghiệp", _BIO, max_length=100),
        "workplace": text("Nơi làm việc, học tập", _BIO, max_length=300),
        "father_name": text("Họ và tên bố", _BIO),
        "father_birth_year": number("Năm sinh của bố", _BIO, minimum=1900, maximum=2100),
        "mother_name": text("Họ và tên mẹ", _BIO),
        "mother_birth_year": number("Năm sinh của mẹ", _BIO, minimum=1900, maximum=2100),
        "permanent_residence": text(
            "Nơi đăng ký thường trú",
            _BIO,
            max_length=500,
            prefill="population.permanent_residence.address",
        ),
        "current_residence": text("Chỗ ở hiện nay", _BIO, max_length=500),
        "family_history": text(
            "Tiền sử bệnh tật của gia đình",
            _HISTORY,
            max_length=500,
            description="Bệnh của bố, mẹ, anh chị em ruột nếu có; để trống nếu không có.",
        ),
        **{name: flag(title, _HISTORY) for name, title in _DISEASES.items()},
        "surgery_detail": text("Phẫu thuật gì, năm nào", _HISTORY, max_length=300),
        "height_cm": number("Chiều cao (cm)", _NOW, minimum=100, maximum=250),
        "weight_kg": number("Cân nặng (kg)", _NOW, minimum=30, maximum=200),
        "chronic_diseases": text("Bệnh mãn tính, bệnh đang điều trị", _NOW, max_length=300),
        "disabilities": text("Khuyết tật (nếu có)", _NOW, max_length=300),
    },
    conditions=[when("had_surgery", True, ["surgery_detail"])],
)

_NVQS_BASIS = "Nghị định 13/2016/NĐ-CP, sửa đổi bởi Nghị định 220/2025/NĐ-CP"
_CITIZEN = "Thông tin công dân"
_CHANGE = "Nội dung đăng ký"


def _nvqs_citizen() -> dict[str, Any]:
    return {
        "full_name": text("Họ, chữ đệm và tên", _CITIZEN, prefill="population.full_name"),
        "personal_id": text(
            "Số định danh cá nhân",
            _CITIZEN,
            max_length=12,
            pattern="^[0-9]{12}$",
            prefill="population.personal_id",
        ),
        "birth_date": day("Ngày sinh", _CITIZEN, prefill="population.birth_date"),
        "address": text(
            "Nơi cư trú", _CITIZEN, max_length=500, prefill="population.permanent_residence.address"
        ),
        "nvqs_certificate_no": text(
            "Số Giấy chứng nhận đăng ký nghĩa vụ quân sự", _CITIZEN, max_length=50
        ),
    }


_NVQS_REQUIRED = ["full_name", "personal_id", "birth_date", "address"]

NVQS_SUPPLEMENT_SCHEMA = form(
    "Tờ khai đăng ký nghĩa vụ quân sự bổ sung",
    number="Tờ khai đăng ký bổ sung",
    basis=_NVQS_BASIS,
    addressee="Ban Chỉ huy quân sự cấp xã",
    required=[*_NVQS_REQUIRED, "changed_item", "new_value", "changed_on"],
    properties={
        **_nvqs_citizen(),
        "changed_item": choice(
            "Thông tin thay đổi",
            _CHANGE,
            {
                "enum": ["position", "education", "skill", "health", "family", "other"],
                "x-enum-labels": [
                    "Chức vụ, công tác",
                    "Trình độ học vấn",
                    "Trình độ chuyên môn, kỹ thuật",
                    "Tình trạng sức khỏe",
                    "Hoàn cảnh gia đình",
                    "Thông tin khác",
                ],
            },
        ),
        "new_value": text("Nội dung thay đổi", _CHANGE, max_length=500),
        "changed_on": day("Ngày thay đổi", _CHANGE),
    },
)

NVQS_ABSENCE_SCHEMA = form(
    "Tờ khai đăng ký nghĩa vụ quân sự tạm vắng",
    number="Tờ khai đăng ký tạm vắng",
    basis=_NVQS_BASIS,
    addressee="Ban Chỉ huy quân sự cấp xã",
    required=[*_NVQS_REQUIRED, "absent_from", "absent_to", "destination", "reason"],
    properties={
        **_nvqs_citizen(),
        "absent_from": day("Vắng mặt từ ngày", _CHANGE),
        "absent_to": day("Dự kiến trở về ngày", _CHANGE),
        "destination": text("Nơi đến", _CHANGE, max_length=500),
        "reason": text("Lý do vắng mặt", _CHANGE, max_length=300),
    },
)

NVQS_MOVE_IN_SCHEMA = form(
    "Tờ khai đăng ký nghĩa vụ quân sự chuyển đến",
    number="Tờ khai đăng ký chuyển đến",
    basis=_NVQS_BASIS,
    addressee="Ban Chỉ huy quân sự cấp xã nơi chuyển đến",
    required=[*_NVQS_REQUIRED, "moved_from", "moved_on", "referral_no"],
    properties={
        **_nvqs_citizen(),
        "moved_from": text("Nơi chuyển đi (phường, xã, tỉnh)", _CHANGE, max_length=300),
        "moved_on": day("Ngày chuyển đến", _CHANGE),
        "referral_no": text(
            "Số Giấy giới thiệu di chuyển đăng ký nghĩa vụ quân sự", _CHANGE, max_length=50
        ),
        "new_workplace": text("Nơi làm việc, học tập mới (nếu có)", _CHANGE, max_length=300),
    },
)

NVQS_MOVE_OUT_SCHEMA = form(
    "Tờ khai đăng ký nghĩa vụ quân sự chuyển đi",
    number="Tờ khai đăng ký chuyển đi",
    basis=_NVQS_BASIS,
    addressee="Ban Chỉ huy quân sự cấp xã",
    required=[*_NVQS_REQUIRED, "moving_to", "moving_on", "reason"],
    properties={
        **_nvqs_citizen(),
        "moving_to": text("Nơi chuyển đến (phường, xã, tỉnh)", _CHANGE, max_length=300),
        "moving_on": day("Ngày dự kiến chuyển đi", _CHANGE),
        "reason": choice(
            "Lý do chuyển",
            _CHANGE,
            {
                "enum": ["residence", "work", "study"],
                "x-enum-labels": [
                    "Thay đổi nơi cư trú",
                    "Thay đổi nơi làm việc",
                    "Thay đổi nơi học tập",
                ],
            },
        ),
    },
)
