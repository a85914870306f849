"""Civil-status declaration forms (hộ tịch) of the demo, as Thông tư 04/2020/TT-BTP (amended by
Thông tư 04/2024/TT-BTP) prints them."""

from typing import Any

from motcua_dev.demo.forms import SEXES, choice, day, flag, form, number, text, when


def _requester(section: str, relation: str) -> dict[str, Any]:
    """The person asking (người yêu cầu), as the civil-status forms open."""
    return {
        "full_name": text("Họ, chữ đệm và tên người yêu cầu", section),
        "birth_date": day("Ngày, tháng, năm sinh người yêu cầu", section),
        "personal_id": text(
            "Số định danh cá nhân người yêu cầu", section, max_length=12, pattern="^[0-9]{12}$"
        ),
        "address": text("Nơi cư trú của người yêu cầu", section, max_length=500),
        "relation": text(relation, section, max_length=100),
    }


REQUESTER = "Người yêu cầu"
REQUESTER_REQUIRED = ["full_name", "personal_id", "address", "relation"]
BIRTH_BASIS = "Thông tư 04/2020/TT-BTP, sửa đổi bởi Thông tư 04/2024/TT-BTP"


def _copies(section: str) -> dict[str, Any]:
    return {
        "copy_wanted": flag("Đề nghị cấp bản sao", section),
        "copy_count": number("Số lượng bản sao", section, minimum=1, maximum=20),
    }


_COPIES_WHEN = when("copy_wanted", True, ["copy_count"])

# -- Hộ tịch (Thông tư 04/2020/TT-BTP; mẫu sửa đổi tại Thông tư 04/2024/TT-BTP) ----------------

_CHILD = "Người được đăng ký khai sinh"
_MOTHER = "Thông tin về người mẹ"
_FATHER = "Thông tin về người cha"

BIRTH_SCHEMA = form(
    "Tờ khai đăng ký khai sinh",
    number="Tờ khai đăng ký khai sinh (Phụ lục 1)",
    basis=BIRTH_BASIS,
    addressee="Ủy ban nhân dân phường, xã",
    required=[
        *REQUESTER_REQUIRED,
        "child_name",
        "child_birth_date",
        "child_sex",
        "child_ethnicity",
        "child_nationality",
        "child_birth_place",
        "child_home_town",
    ],
    properties={
        **_requester(REQUESTER, "Quan hệ với người được khai sinh"),
        "child_name": text("Họ, chữ đệm, tên người được khai sinh", _CHILD),
        "child_birth_date": day("Ngày, tháng, năm sinh của trẻ", _CHILD),
        "child_sex": choice("Giới tính của trẻ", _CHILD, SEXES),
        "child_ethnicity": text("Dân tộc của trẻ", _CHILD, max_length=50),
        "child_nationality": text("Quốc tịch của trẻ", _CHILD, max_length=50),
        "child_birth_place": text("Nơi sinh", _CHILD, max_length=300),
        "child_home_town": text("Quê quán", _CHILD, max_length=300),
        "mother_name": text("Họ, chữ đệm, tên người mẹ", _MOTHER),
        "mother_birth_year": number("Năm sinh của mẹ", _MOTHER, minimum=1900, maximum=2100),
        "mother_ethnicity": text("Dân tộc của mẹ", _MOTHER, max_length=50),
        "mother_nationality": text("Quốc tịch của mẹ", _MOTHER, max_length=50),
        "mother_residence": text("Nơi cư trú của mẹ", _MOTHER, max_length=500),
        "father_name": text("Họ, chữ đệm, tên người cha", _FATHER),
        "father_birth_year": number("Năm sinh của cha", _FATHER, minimum=1900, maximum=2100),
        "father_ethnicity": text("Dân tộc của cha", _FATHER, max_length=50),
        "father_nationality": text("Quốc tịch của cha", _FATHER, max_length=50),
        "father_residence": text("Nơi cư trú của cha", _FATHER, max_length=500),
        **_copies("Bản sao Giấy khai sinh"),
    },
    # the father's part stays blank when paternity is not established (Luật Hộ tịch, Art. 15)
    conditions=[_COPIES_WHEN],
)

_BRIDE = "Bên nữ"
_GROOM = "Bên nam"


def _spouse(prefix: str, section: str, who: str) -> dict[str, Any]:
    return {
        f"{prefix}_name": text(f"Họ, chữ đệm, tên {who}", section),
        f"{prefix}_birth_date": day(f"Ngày, tháng, năm sinh {who}", section),
        f"{prefix}_ethnicity": text(f"Dân tộc {who}", section, max_length=50),
        f"{prefix}_nationality": text(f"Quốc tịch {who}", section, max_length=50),
        f"{prefix}_residence": text(f"Nơi cư trú {who}", section, max_length=500),
        f"{prefix}_personal_id": text(
            f"Giấy tờ tùy thân {who} (số định danh cá nhân)",
            section,
            max_length=12,
            pattern="^[0-9]{12}$",
        ),
        f"{prefix}_marriage_no": number(f"Kết hôn lần thứ mấy ({who})", section, minimum=1),
    }


_SPOUSE_FIELDS = ("name", "birth_date", "ethnicity", "nationality", "residence", "personal_id")

MARRIAGE_SCHEMA = form(
    "Tờ khai đăng ký kết hôn",
    number="Tờ khai đăng ký kết hôn (Phụ lục 2)",
    basis=BIRTH_BASIS,
    addressee="Ủy ban nhân dân phường, xã",
    required=[
        *(f"bride_{f}" for f in _SPOUSE_FIELDS),
        *(f"groom_{f}" for f in _SPOUSE_FIELDS),
        "bride_marriage_no",
        "groom_marriage_no",
    ],
    properties={
        **_spouse("bride", _BRIDE, "bên nữ"),
        **_spouse("groom", _GROOM, "bên nam"),
        **_copies("Bản sao Giấy chứng nhận kết hôn"),
    },
    conditions=[_COPIES_WHEN],
)

_DECEASED = "Người đã chết"

DEATH_SCHEMA = form(
    "Tờ khai đăng ký khai tử",
    number="Tờ khai đăng ký khai tử (Phụ lục 3)",
    basis=BIRTH_BASIS,
    addressee="Ủy ban nhân dân phường, xã",
    required=[
        *REQUESTER_REQUIRED,
        "deceased_name",
        "deceased_birth_date",
        "deceased_sex",
        "deceased_ethnicity",
        "deceased_nationality",
        "deceased_last_residence",
        "death_date",
        "death_place",
    ],
    properties={
        **_requester(REQUESTER, "Quan hệ với người đã chết"),
        "deceased_name": text("Họ, chữ đệm, tên người đã chết", _DECEASED),
        "deceased_birth_date": day("Ngày, tháng, năm sinh người đã chết", _DECEASED),
        "deceased_sex": choice("Giới tính người đã chết", _DECEASED, SEXES),
        "deceased_ethnicity": text("Dân tộc người đã chết", _DECEASED, max_length=50),
        "deceased_nationality": text("Quốc tịch người đã chết", _DECEASED, max_length=50),
        "deceased_last_residence": text("Nơi cư trú cuối cùng", _DECEASED, max_length=500),
        "deceased_personal_id": text(
            "Giấy tờ tùy thân người đã chết", _DECEASED, max_length=12, pattern="^[0-9]{12}$"
        ),
        "death_date": day("Ngày chết", _DECEASED),
        "death_time": text(
            "Đã chết vào lúc (giờ, phút)",
            _DECEASED,
            max_length=5,
            pattern="^[0-2][0-9]:[0-5][0-9]$",
        ),
        "death_place": text("Nơi chết", _DECEASED, max_length=300),
        "death_cause": text("Nguyên nhân chết", _DECEASED, max_length=300),
        "death_notice_no": text(
            "Số Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", _DECEASED, max_length=100
        ),
        "death_notice_issuer": text("Cơ quan cấp Giấy báo tử", _DECEASED, max_length=300),
        "death_notice_date": day("Ngày cấp Giấy báo tử", _DECEASED),
        **_copies("Bản sao Trích lục khai tử"),
    },
    conditions=[_COPIES_WHEN],
)

_SUBJECT = "Người được cấp bản sao trích lục"
_RECORD = "Việc hộ tịch đã đăng ký"

EXTRACT_COPY_SCHEMA = form(
    "Tờ khai cấp bản sao trích lục hộ tịch",
    number="Tờ khai cấp bản sao trích lục hộ tịch (Phụ lục 12)",
    basis=BIRTH_BASIS,
    addressee="Sở Tư pháp, Ủy ban nhân dân phường, xã nơi lưu giữ Sổ hộ tịch",
    required=[
        *REQUESTER_REQUIRED,
        "subject_name",
        "subject_birth_date",
        "event_kind",
        "registered_at",
        "copy_count",
    ],
    properties={
        **_requester(REQUESTER, "Quan hệ với người được cấp bản sao trích lục"),
        "subject_name": text("Họ, chữ đệm, tên người được cấp bản sao trích lục", _SUBJECT),
        "subject_birth_date": day("Ngày, tháng, năm sinh người được cấp bản sao", _SUBJECT),
        "subject_sex": choice("Giới tính", _SUBJECT, SEXES),
        "subject_ethnicity": text("Dân tộc", _SUBJECT, max_length=50),
        "subject_nationality": text("Quốc tịch", _SUBJECT, max_length=50),
        "subject_residence": text("Nơi cư trú", _SUBJECT, max_length=500),
        "subject_personal_id": text(
            "Giấy tờ tùy thân", _SUBJECT, max_length=12, pattern="^[0-9]{12}$"
        ),
        "event_kind": choice(
            "Loại việc hộ tịch đã đăng ký",
            _RECORD,
            {
                "enum": ["birth", "marriage", "death", "other"],
                "x-enum-labels": ["Khai sinh", "Kết hôn", "Khai tử", "Việc hộ tịch khác"],
            },
        ),
        "event_other": text("Tên việc hộ tịch khác", _RECORD),
        "registered_at": text("Nơi đăng ký", _RECORD, max_length=300),
        "register_number": text("Số đăng ký (số, quyển số)", _RECORD, max_length=50),
        "registered_on": day("Ngày đăng ký", _RECORD),
        "copy_count": number("Số lượng bản sao đề nghị cấp", _RECORD, minimum=1, maximum=20),
    },
    conditions=[when("event_kind", "other", ["event_other"])],
)
