from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.identifiers import (
    check_agency_code,
    check_mobile_phone,
    check_personal_id,
    check_tax_code,
    has_invisible_characters,
    personal_id_birth_year,
    tax_code_check_digit,
    validate_agency_code,
    validate_mobile_phone,
    validate_personal_id,
    validate_tax_code,
)
from motcua.accounts.legacy_province_codes import LEGACY_PROVINCE_CODES

TODAY = date(2026, 3, 15)


# Personal ID (số định danh cá nhân) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "birth_date", "sex"),
    [
        ("001090012345", date(1990, 5, 12), "male"),
        ("079185123456", date(1985, 1, 1), "female"),
        ("096303000001", date(2003, 12, 31), "female"),
        ("001226000001", date(2026, 1, 2), "male"),
        ("038099999999", None, None),
        ("  001090012345 ", None, None),
    ],
)
def test_personal_id_valid(value: str, birth_date: date | None, sex: str | None) -> None:
    result = check_personal_id(value, today=TODAY, birth_date=birth_date, sex=sex)

    assert result.valid, result.reason
    assert result.value == value.strip()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        ("00109001234", "length"),
        ("0010900123456", "length"),
        ("001 090012345", "space"),
        ("00109001234A", "letter"),
        ("001-090012345", "character"),
        ("٠٠١٠٩٠٠١٢٣٤٥", "non_ascii_digit"),
        ("００１０９００１２３４５", "non_ascii_digit"),
        ("001090\u200b012345", "invisible_character"),
        ("\u2067001090012345", "invisible_character"),
        ("00109001234\u041e", "mixed_script"),
        ("003090012345", "province"),
        ("100090012345", "province"),
        ("001299012345", "future_birth_year"),
    ],
)
def test_personal_id_invalid(value: str, code: str) -> None:
    result = check_personal_id(value, today=TODAY)

    assert not result.valid
    assert result.code == code
    assert result.reason


def test_personal_id_messages_differ_by_kind_of_wrong_digit() -> None:
    arabic = check_personal_id("٠٠١٠٩٠٠١٢٣٤٥", today=TODAY).reason
    fullwidth = check_personal_id("００１０９００１２３４５", today=TODAY).reason
    space = check_personal_id("001 090012345", today=TODAY).reason
    letter = check_personal_id("00109001234A", today=TODAY).reason

    assert "Ả Rập phương Đông" in arabic
    assert "toàn độ rộng" in fullwidth
    assert "dấu cách" in space
    assert "chữ cái" in letter
    assert len({arabic, fullwidth, space, letter}) == 4


def test_personal_id_length_message_names_the_field() -> None:
    result = check_personal_id("12345", today=TODAY)

    assert result.reason.startswith("Số định danh cá nhân phải gồm đúng 12 chữ số (0–9)")


def test_personal_id_wrong_century_digit_for_birth_date() -> None:
    # digit 4 = 0 means born 1900-1999, but the declared birth is 2005
    result = check_personal_id("001005012345", today=TODAY, birth_date=date(2005, 5, 12))

    assert result.code == "century_mismatch"
    assert "chữ số thứ 4" in result.reason


def test_personal_id_wrong_year_digits_for_birth_date() -> None:
    result = check_personal_id("001091012345", today=TODAY, birth_date=date(1990, 5, 12))

    assert result.code == "birth_year_mismatch"
    assert "5–6" in result.reason


def test_personal_id_sex_mismatch() -> None:
    male = check_personal_id("001090012345", today=TODAY, sex="female")
    female = check_personal_id("001190012345", today=TODAY, sex="male")

    assert male.code == "sex_mismatch"
    assert female.code == "sex_mismatch"


def test_personal_id_future_birth_date() -> None:
    result = check_personal_id("001226000001", today=TODAY, birth_date=date(2026, 12, 1))

    assert result.code == "future_birth_date"


def test_personal_id_birth_year_decoding() -> None:
    assert personal_id_birth_year("001090012345") == 1990
    assert personal_id_birth_year("001305012345") == 2005
    assert personal_id_birth_year("001450012345") == 2150


def test_legacy_province_codes_are_the_63_of_the_appendix() -> None:
    assert len(LEGACY_PROVINCE_CODES) == 63
    assert LEGACY_PROVINCE_CODES["001"] == "Hà Nội"
    assert LEGACY_PROVINCE_CODES["096"] == "Cà Mau"
    assert "003" not in LEGACY_PROVINCE_CODES
    assert all(len(code) == 3 and code.isascii() for code in LEGACY_PROVINCE_CODES)


# Tax code (mã số thuế) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0100109106", "0100109106"),  # Viettel
        ("0101248141", "0101248141"),  # FPT
        ("0300588569", "0300588569"),  # Vinamilk
        ("0101234565", "0101234565"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106999", "0100109106-999"),
        (" 0300588569-012 ", "0300588569-012"),
    ],
)
def test_tax_code_valid(value: str, normalised: str) -> None:
    result = check_tax_code(value)

    assert result.valid, result.reason
    assert result.value == normalised


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        ("0100109107", "check_digit"),
        ("0100109105", "check_digit"),
        ("010010910", "length"),
        ("01001091061", "length"),
        ("0100109106-01", "format"),
        ("0100109106-", "format"),
        ("010010910-6001", "format"),
        ("0100109106-000", "branch"),
        ("0100109106000", "branch"),
        ("0100109106-0-1", "format"),
        ("01001O9106", "letter"),
        ("0100 109106", "space"),
        ("０１００１０９１０６", "non_ascii_digit"),
        ("0100109106\u200b", "invisible_character"),
    ],
)
def test_tax_code_invalid(value: str, code: str) -> None:
    result = check_tax_code(value)

    assert not result.valid
    assert result.code == code


def test_tax_code_check_digit_ten_is_invalid() -> None:
    # 1*5 + 2*3 = 11: the weighted sum is a multiple of 11, so 10 - 0 = 10 is no digit.
    first_nine = "000000012"

    assert tax_code_check_digit(first_nine) is None
    for last in "0123456789":
        assert not check_tax_code(first_nine + last).valid


def test_tax_code_check_digit_viettel() -> None:
    assert tax_code_check_digit("010010910") == 6


# Mobile numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("0321234567", "0321234567"),
        ("0561234567", "0561234567"),
        ("0771234567", "0771234567"),
        ("0861234567", "0861234567"),
    ],
)
def test_mobile_phone_valid(value: str, normalised: str) -> None:
    result = check_mobile_phone(value)

    assert result.valid, result.reason
    assert result.value == normalised


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        ("02438253536", "landline"),
        ("+842438253536", "landline"),
        ("091234567", "length"),
        ("09123456789", "length"),
        ("+840912345678", "length"),
        ("0112345678", "prefix"),
        ("0612345678", "prefix"),
        ("+1 912345678", "country"),
        ("0912a45678", "letter"),
        ("(091)2345678", "character"),
        ("٠٩١٢٣٤٥٦٧٨", "non_ascii_digit"),
        ("0912\u200b345678", "invisible_character"),
    ],
)
def test_mobile_phone_invalid(value: str, code: str) -> None:
    result = check_mobile_phone(value)

    assert not result.valid
    assert result.code == code


# Agency identifier code (mã định danh) --------------------------------------------------------


@pytest.mark.parametrize("value", ["000.00.12.H38", "000.00.00.G12", "123.45.67.A00"])
def test_agency_code_valid(value: str) -> None:
    assert check_agency_code(value).valid


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("000.00.12", "4 nhóm"),
        ("00.00.12.H38", "nhóm thứ nhất"),
        ("000.0.12.H38", "nhóm thứ hai"),
        ("000.00.1X.H38", "nhóm thứ ba"),
        ("000.00.12.h38", "nhóm cuối"),
        ("000.00.12.H3", "nhóm cuối"),
        ("000.00.12.H38.1", "4 nhóm"),
        ("٠٠٠.00.12.H38", "Ả Rập phương Đông"),
    ],
)
def test_agency_code_invalid(value: str, fragment: str) -> None:
    result = check_agency_code(value)

    assert not result.valid
    assert fragment in result.reason


# Django validators ------------------------------------------------------------------------------


def test_validators_raise_django_validation_error_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="12 chữ số"):
        validate_personal_id("123")
    with pytest.raises(ValidationError, match="chữ số kiểm tra"):
        validate_tax_code("0100109107")
    validate_tax_code("0100109106")


# Exact messages: the position, digit and value each message quotes -------------------------------

PID = "Số định danh cá nhân"


@pytest.mark.parametrize(
    ("value", "extra", "code", "reason"),
    [
        ("  ", {}, "required", "Vui lòng nhập số định danh cá nhân."),
        (
            "0010\u200b90012345",
            {},
            "invisible_character",
            f"{PID} chứa ký tự ẩn (ví dụ dấu cách độ rộng bằng 0) ở vị trí 5; "
            "hãy gõ lại thay vì sao chép.",
        ),
        (
            "00109\u0660012345",
            {},
            "non_ascii_digit",
            f"{PID} chứa chữ số Ả Rập phương Đông (\u0660) ở vị trí 6; chỉ dùng chữ số 0–9.",
        ),
        (
            "0010\uff190012345",
            {},
            "non_ascii_digit",
            f"{PID} chứa chữ số toàn độ rộng (\uff19) ở vị trí 5; "
            "hãy chuyển bàn phím về chế độ thường và dùng chữ số 0–9.",
        ),
        (
            "00\u0966090012345",
            {},
            "non_ascii_digit",
            f"{PID} chứa chữ số của hệ chữ khác (\u0966) ở vị trí 3; chỉ dùng chữ số 0–9.",
        ),
        (
            "0\u041e1090012345",
            {},
            "mixed_script",
            f"{PID} chứa ký tự của hệ chữ khác (\u041e) ở vị trí 2, "
            "có thể trông giống chữ số hoặc chữ cái Latinh.",
        ),
        ("0010 90012345", {}, "space", f"{PID} không được chứa dấu cách (vị trí 5)."),
        (
            "00109001234A",
            {},
            "letter",
            f"{PID} chỉ gồm chữ số, không được có chữ cái (A ở vị trí 12).",
        ),
        ("001090-12345", {}, "character", f"{PID} chứa ký tự không hợp lệ (- ở vị trí 7)."),
        (
            "0010900X2345",
            {},
            "letter",
            f"{PID} chỉ gồm chữ số, không được có chữ cái (X ở vị trí 8).",
        ),
        (
            "12345",
            {},
            "length",
            f"{PID} phải gồm đúng 12 chữ số (0–9); giá trị đã nhập có 5 chữ số.",
        ),
        (
            "999090012345",
            {},
            "province",
            f"{PID}: ba chữ số đầu (999) không phải mã tỉnh nơi đăng ký khai sinh hợp lệ.",
        ),
        ("001327000001", {}, "future_birth_year", f"{PID}: năm sinh suy ra (2027) ở tương lai."),
        (
            "001090012345",
            {"sex": "female"},
            "sex_mismatch",
            f"{PID}: chữ số thứ 4 (0) mã hóa giới tính nam, không khớp với giới tính đã khai.",
        ),
        (
            "001190012345",
            {"sex": "male"},
            "sex_mismatch",
            f"{PID}: chữ số thứ 4 (1) mã hóa giới tính nữ, không khớp với giới tính đã khai.",
        ),
        (
            "001326000001",
            {"birth_date": date(2026, 3, 16)},
            "future_birth_date",
            "Ngày sinh đã khai ở tương lai.",
        ),
        (
            "001091012345",
            {"birth_date": date(1990, 5, 12)},
            "birth_year_mismatch",
            f"{PID}: chữ số thứ 5–6 (91) phải là hai số cuối của năm sinh (1990).",
        ),
        (
            "001005012345",
            {"birth_date": date(2005, 5, 12)},
            "century_mismatch",
            f"{PID}: chữ số thứ 4 (0) ứng với thế kỷ của năm 1905, không khớp với năm sinh 2005.",
        ),
        (
            "001305012345",
            {"birth_date": date(1905, 5, 12)},
            "century_mismatch",
            f"{PID}: chữ số thứ 4 (3) ứng với thế kỷ của năm 2005, không khớp với năm sinh 1905.",
        ),
    ],
)
def test_personal_id_reason_quotes_the_position_and_digit(
    value: str, extra: dict[str, object], code: str, reason: str
) -> None:
    result = check_personal_id(value, today=TODAY, **extra)  # type: ignore[arg-type]

    assert (result.valid, result.value, result.code, result.reason) == (
        False,
        value.strip(),
        code,
        reason,
    )


def test_personal_id_birth_date_equal_to_today_is_accepted() -> None:
    result = check_personal_id("001326000001", today=TODAY, birth_date=TODAY, sex="female")
    assert (result.valid, result.value, result.code) == (True, "001326000001", "")
    # Born this year (digit 4 = 3: a woman born in the 2000s, year 26) is not in the future.
    assert check_personal_id("001326000001", today=TODAY).valid


@pytest.mark.parametrize(
    ("value", "code", "reason"),
    [
        ("", "required", "Vui lòng nhập mã số thuế."),
        (
            "0100109106-00",
            "format",
            "Mã số thuế phải có dạng 10 chữ số, hoặc 13 chữ số dạng XXXXXXXXXX-YYY.",
        ),
        (
            "010010910",
            "length",
            "Mã số thuế phải gồm 10 hoặc 13 chữ số (0–9); giá trị đã nhập có 9 chữ số.",
        ),
        ("0100109107", "check_digit", "Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10)."),
        (
            "0100109106-000",
            "branch",
            "Mã số thuế: ba số cuối của đơn vị phụ thuộc phải từ 001 đến 999.",
        ),
        ("0100 109106", "space", "Mã số thuế không được chứa dấu cách (vị trí 5)."),
        (
            "0100109107001",
            "check_digit",
            "Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10).",
        ),
        (
            "010010910X",
            "letter",
            "Mã số thuế chỉ gồm chữ số, không được có chữ cái (X ở vị trí 10).",
        ),
        (
            "01001\uff109106",
            "non_ascii_digit",
            "Mã số thuế chứa chữ số toàn độ rộng (\uff10) ở vị trí 6; "
            "hãy chuyển bàn phím về chế độ thường và dùng chữ số 0–9.",
        ),
    ],
)
def test_tax_code_reason_is_exact(value: str, code: str, reason: str) -> None:
    result = check_tax_code(value)

    assert (result.valid, result.value, result.code, result.reason) == (False, value, code, reason)


PHONE = "Số điện thoại di động"


@pytest.mark.parametrize(
    ("value", "code", "reason"),
    [
        ("", "required", "Vui lòng nhập số điện thoại di động."),
        ("+1 202 555 0100", "country", f"{PHONE} phải là số Việt Nam (mã quốc gia +84)."),
        (
            "02438253536",
            "landline",
            "02438253536 là số máy bàn; vui lòng nhập số điện thoại di động.",
        ),
        (
            "091234567",
            "length",
            f"{PHONE} phải gồm 10 chữ số bắt đầu bằng 0 (hoặc +84 và 9 chữ số); "
            "giá trị đã nhập có 9 chữ số.",
        ),
        (
            "0412345678",
            "prefix",
            f"{PHONE} phải bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
            "(đầu số 041 không phải đầu số di động).",
        ),
        ("0912_345678", "character", f"{PHONE} chứa ký tự không hợp lệ (_ ở vị trí 5)."),
        (
            "0912\u200d345678",
            "invisible_character",
            f"{PHONE} chứa ký tự ẩn (ví dụ dấu cách độ rộng bằng 0) ở vị trí 5; "
            "hãy gõ lại thay vì sao chép.",
        ),
    ],
)
def test_mobile_phone_reason_is_exact(value: str, code: str, reason: str) -> None:
    result = check_mobile_phone(value)

    assert (result.valid, result.value, result.code, result.reason) == (False, value, code, reason)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            "000.00.12",
            "Mã định danh cơ quan phải gồm 4 nhóm ngăn cách bởi dấu chấm, dạng 000.00.00.H00 "
            "(ví dụ 000.00.12.H38).",
        ),
        ("00.00.12.H38", "Mã định danh cơ quan: nhóm thứ nhất phải gồm 3 chữ số."),
        ("000.0.12.H38", "Mã định danh cơ quan: nhóm thứ hai phải gồm 2 chữ số."),
        ("000.00.1.H38", "Mã định danh cơ quan: nhóm thứ ba phải gồm 2 chữ số."),
        (
            "000.00.12.h38",
            "Mã định danh cơ quan: nhóm cuối phải gồm một chữ cái in hoa và 2 chữ số (ví dụ H38).",
        ),
        # Each group is judged on its own letters, whatever the other groups hold.
        ("0a0.00.12.H38", "Mã định danh cơ quan: nhóm thứ nhất phải gồm 3 chữ số."),
        ("000.é0.12.H38", "Mã định danh cơ quan: nhóm thứ hai phải gồm 2 chữ số."),
        ("000.00.1é.H38", "Mã định danh cơ quan: nhóm thứ ba phải gồm 2 chữ số."),
        (
            "000.00.12.Hé8",
            "Mã định danh cơ quan: nhóm cuối phải gồm một chữ cái in hoa và 2 chữ số (ví dụ H38).",
        ),
    ],
)
def test_agency_code_reason_names_the_wrong_group(value: str, reason: str) -> None:
    result = check_agency_code(value)

    assert (result.valid, result.value, result.code, result.reason) == (
        False,
        value,
        "format",
        reason,
    )


def test_validate_mobile_phone_accepts_a_mobile_and_refuses_a_landline() -> None:
    validate_mobile_phone("+84 912 345 678")  # raises on a bad number
    with pytest.raises(ValidationError) as caught:
        validate_mobile_phone("0412345678")
    assert caught.value.code == "prefix"
    assert caught.value.messages == [
        f"{PHONE} phải bắt đầu bằng 03, 05, 07, 08 hoặc 09 (đầu số 041 không phải đầu số di động)."
    ]


def test_validate_agency_code_accepts_a_code_and_refuses_a_malformed_one() -> None:
    validate_agency_code("000.00.12.H38")
    with pytest.raises(ValidationError) as caught:
        validate_agency_code("000.0.12.H38")
    assert caught.value.code == "format"
    assert caught.value.messages == ["Mã định danh cơ quan: nhóm thứ hai phải gồm 2 chữ số."]
    with pytest.raises(ValidationError) as empty:
        validate_agency_code(" ")
    assert empty.value.code == "required"


def test_agency_code_script_and_required_messages() -> None:
    cyrillic = check_agency_code("000.00.12.\u041d38")
    assert (cyrillic.value, cyrillic.code, cyrillic.reason) == (
        "000.00.12.\u041d38",
        "mixed_script",
        "Mã định danh cơ quan chứa ký tự của hệ chữ khác (\u041d) ở vị trí 11, "
        "có thể trông giống chữ số hoặc chữ cái Latinh.",
    )
    empty = check_agency_code("  ")
    assert (empty.valid, empty.value, empty.code, empty.reason) == (
        False,
        "",
        "required",
        "Vui lòng nhập mã định danh cơ quan.",
    )
    good = check_agency_code(" 000.00.12.H38 ")
    assert (good.valid, good.value, good.reason) == (True, "000.00.12.H38", "")


@pytest.mark.parametrize(
    ("value", "invisible"),
    [
        ("a\u200bb", True),  # Cf: zero-width space
        ("a\x07b", True),  # Cc: a control character
        ("a\u0301", True),  # Mn: a combining accent
        ("a\u20dd", True),  # Me: a combining enclosing circle
        ("a\u2028b", True),  # Zl: line separator
        ("a\u2029b", True),  # Zp: paragraph separator
        ("a\tb\r\n", False),  # tabs and line ends are allowed in addresses
        ("Nguyễn Văn An", False),  # precomposed Vietnamese letters
    ],
)
def test_has_invisible_characters(value: str, invisible: bool) -> None:
    assert has_invisible_characters(value) is invisible


def test_tax_code_check_digit_needs_exactly_nine_digits() -> None:
    assert tax_code_check_digit("010010910") == 6
    with pytest.raises(ValueError, match="zip"):
        tax_code_check_digit("01001091")


def test_validate_personal_id_bounds_the_birth_year_by_today() -> None:
    validate_personal_id("001090012345")  # raises when the number is refused
    with pytest.raises(ValidationError) as caught:
        validate_personal_id("001399000001")  # a woman born in 2099
    assert caught.value.code == "future_birth_year"
