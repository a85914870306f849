"""Checks of the identifiers people type: personal ID, tax code, mobile number, agency code.

Each ``check_*`` function is pure: it returns an :class:`IdentifierCheck` with the normalised value
or a Vietnamese reason naming the field, and never raises for bad input. ``validate_*`` wrap them
as Django validators for forms and model fields.

Digits are matched as ``0-9`` only: ``str.isdigit`` and ``\\d`` also accept Arabic-Indic or
fullwidth digits, which look right on screen and break every later comparison.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from motcua.accounts.legacy_province_codes import LEGACY_PROVINCE_CODES

PERSONAL_ID_LENGTH = 12
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
AGENCY_CODE_PATTERN = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}")
_PHONE_SEPARATORS = " .-"


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of one check: ``value`` is the normalised form when ``valid``."""

    valid: bool
    value: str
    reason: str = ""
    code: str = ""


def _ok(value: str) -> IdentifierCheck:
    return IdentifierCheck(valid=True, value=value)


def _bad(value: str, code: str, reason: str) -> IdentifierCheck:
    return IdentifierCheck(valid=False, value=value, reason=reason, code=code)


def _is_invisible(ch: str) -> bool:
    # Cf: zero-width space/joiners, BOM, bidi marks, soft hyphen; Cc: control characters;
    # Mn: a combining mark cannot belong to an identifier made of digits and ASCII letters.
    return unicodedata.category(ch) in {"Cf", "Cc", "Mn", "Me", "Zl", "Zp"} and ch not in "\t\n\r"


def _script_problem(field: str, value: str) -> IdentifierCheck | None:
    """Invisible characters, then digits or letters of another script, with their own messages."""
    for position, ch in enumerate(value, start=1):
        if _is_invisible(ch):
            return _bad(
                value,
                "invisible_character",
                _(
                    "%(field)s chứa ký tự ẩn (ví dụ dấu cách độ rộng bằng 0) ở vị trí %(position)d; "
                    "hãy gõ lại thay vì sao chép."
                )
                % {"field": field, "position": position},
            )
    for position, ch in enumerate(value, start=1):
        if ch.isdigit() and not "0" <= ch <= "9":
            name = unicodedata.name(ch, "")
            if "ARABIC-INDIC" in name:
                message = _(
                    "%(field)s chứa chữ số Ả Rập phương Đông (%(char)s) ở vị trí %(position)d; "
                    "chỉ dùng chữ số 0–9."
                )
            elif "FULLWIDTH" in name:
                message = _(
                    "%(field)s chứa chữ số toàn độ rộng (%(char)s) ở vị trí %(position)d; "
                    "hãy chuyển bàn phím về chế độ thường và dùng chữ số 0–9."
                )
            else:
                message = _(
                    "%(field)s chứa chữ số của hệ chữ khác (%(char)s) ở vị trí %(position)d; "
                    "chỉ dùng chữ số 0–9."
                )
            return _bad(
                value,
                "non_ascii_digit",
                message % {"field": field, "char": ch, "position": position},
            )
    for position, ch in enumerate(value, start=1):
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return _bad(
                value,
                "mixed_script",
                _(
                    "%(field)s chứa ký tự của hệ chữ khác (%(char)s) ở vị trí %(position)d, "
                    "có thể trông giống chữ số hoặc chữ cái Latinh."
                )
                % {"field": field, "char": ch, "position": position},
            )
    return None


def _digits_problem(field: str, value: str, *, allowed: str = "") -> IdentifierCheck | None:
    """Spaces and letters in a field of ASCII digits; ``allowed`` lists accepted punctuation."""
    for position, ch in enumerate(value, start=1):
        if "0" <= ch <= "9" or ch in allowed:
            continue
        if ch.isspace():
            return _bad(
                value,
                "space",
                _("%(field)s không được chứa dấu cách (vị trí %(position)d).")
                % {"field": field, "position": position},
            )
        if ch.isalpha():
            return _bad(
                value,
                "letter",
                _(
                    "%(field)s chỉ gồm chữ số, không được có chữ cái (%(char)s ở vị trí %(position)d)."
                )
                % {"field": field, "char": ch, "position": position},
            )
        return _bad(
            value,
            "character",
            _("%(field)s chứa ký tự không hợp lệ (%(char)s ở vị trí %(position)d).")
            % {"field": field, "char": ch, "position": position},
        )
    return None


def has_invisible_characters(value: str) -> bool:
    """True when ``value`` holds a zero-width, control or bidi character (names, addresses)."""
    return any(_is_invisible(ch) for ch in value)


def personal_id_birth_year(value: str) -> int:
    """The birth year encoded in a well-formed personal ID: century from digit 4, year from 5–6."""
    return 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])


def check_personal_id(
    value: str, *, today: date, birth_date: date | None = None, sex: str | None = None
) -> IdentifierCheck:
    """Check a personal identification number (số định danh cá nhân, số CCCD / căn cước).

    Digits 1–3: birth-registration province (Circular 07/2016 appendix); digit 4: century and sex
    (even = male, odd = female; 0/1 = 1900s, 2/3 = 2000s, ...); digits 5–6: birth year;
    digits 7–12: random. ``sex`` is ``"male"`` or ``"female"``; ``today`` bounds the birth year.
    """
    field = _("Số định danh cá nhân")
    value = value.strip()
    if not value:
        return _bad(value, "required", _("Vui lòng nhập số định danh cá nhân."))
    problem = _script_problem(field, value) or _digits_problem(field, value)
    if problem:
        return problem
    if len(value) != PERSONAL_ID_LENGTH:
        return _bad(
            value,
            "length",
            _(
                "Số định danh cá nhân phải gồm đúng 12 chữ số (0–9); giá trị đã nhập có %(count)d chữ số."
            )
            % {"count": len(value)},
        )
    province = value[:3]
    if province not in LEGACY_PROVINCE_CODES:
        return _bad(
            value,
            "province",
            _(
                "Số định danh cá nhân: ba chữ số đầu (%(code)s) không phải mã tỉnh nơi đăng ký "
                "khai sinh hợp lệ."
            )
            % {"code": province},
        )
    year = personal_id_birth_year(value)
    if year > today.year:
        return _bad(
            value,
            "future_birth_year",
            _("Số định danh cá nhân: năm sinh suy ra (%(year)d) ở tương lai.") % {"year": year},
        )
    if sex:
        encoded_sex = "male" if int(value[3]) % 2 == 0 else "female"
        if sex != encoded_sex:
            return _bad(
                value,
                "sex_mismatch",
                _(
                    "Số định danh cá nhân: chữ số thứ 4 (%(digit)s) mã hóa giới tính %(encoded)s, "
                    "không khớp với giới tính đã khai."
                )
                % {"digit": value[3], "encoded": _("nam") if encoded_sex == "male" else _("nữ")},
            )
    if birth_date is not None:
        if birth_date > today:
            return _bad(value, "future_birth_date", _("Ngày sinh đã khai ở tương lai."))
        if birth_date.year % 100 != int(value[4:6]):
            return _bad(
                value,
                "birth_year_mismatch",
                _(
                    "Số định danh cá nhân: chữ số thứ 5–6 (%(digits)s) phải là hai số cuối của "
                    "năm sinh (%(year)d)."
                )
                % {"digits": value[4:6], "year": birth_date.year},
            )
        if birth_date.year != year:
            return _bad(
                value,
                "century_mismatch",
                _(
                    "Số định danh cá nhân: chữ số thứ 4 (%(digit)s) ứng với thế kỷ của năm %(encoded)d, "
                    "không khớp với năm sinh %(year)d."
                )
                % {"digit": value[3], "encoded": year, "year": birth_date.year},
            )
    return _ok(value)


def tax_code_check_digit(first_nine: str) -> int | None:
    """N10 of a tax code from N1..N9; ``None`` when the sum leaves no valid digit (10 − 0 = 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    digit = 10 - total % 11
    return None if digit == 10 else digit


def check_tax_code(value: str) -> IdentifierCheck:
    """Check a tax code (mã số thuế, Circular 105/2020/TT-BTC Art. 5).

    10 digits for an independent unit, or 13 as ``XXXXXXXXXX-YYY`` for a dependent unit
    (``YYY`` = 001–999). 13 digits without the dash are accepted and normalised to the dashed form.
    """
    field = _("Mã số thuế")
    value = value.strip()
    if not value:
        return _bad(value, "required", _("Vui lòng nhập mã số thuế."))
    problem = _script_problem(field, value) or _digits_problem(field, value, allowed="-")
    if problem:
        return problem
    if "-" in value and [len(part) for part in value.split("-")] != [10, 3]:
        return _bad(
            value,
            "format",
            _("Mã số thuế phải có dạng 10 chữ số, hoặc 13 chữ số dạng XXXXXXXXXX-YYY."),
        )
    digits = value.replace("-", "")
    if len(digits) not in (10, 13):
        return _bad(
            value,
            "length",
            _("Mã số thuế phải gồm 10 hoặc 13 chữ số (0–9); giá trị đã nhập có %(count)d chữ số.")
            % {"count": len(digits)},
        )
    expected = tax_code_check_digit(digits[:9])
    if expected is None or int(digits[9]) != expected:
        return _bad(
            value,
            "check_digit",
            _("Mã số thuế %(code)s sai chữ số kiểm tra (chữ số thứ 10).") % {"code": digits[:10]},
        )
    if len(digits) == 13:
        if digits[10:] == "000":
            return _bad(
                value,
                "branch",
                _("Mã số thuế: ba số cuối của đơn vị phụ thuộc phải từ 001 đến 999."),
            )
        return _ok(f"{digits[:10]}-{digits[10:]}")
    return _ok(digits)


def check_mobile_phone(value: str) -> IdentifierCheck:
    """Check a Vietnamese mobile number and normalise it to ``0xxxxxxxxx``.

    Accepts the ``0``, ``+84`` and ``84`` prefixes and spaces, dots or dashes between digits. Since
    15/9/2018 every mobile number has 10 digits and starts with 03, 05, 07, 08 or 09; 02x are landlines.
    """
    field = _("Số điện thoại di động")
    value = value.strip()
    if not value:
        return _bad(value, "required", _("Vui lòng nhập số điện thoại di động."))
    problem = _script_problem(field, value)
    if problem:
        return problem
    body = value[1:] if value.startswith("+") else value
    problem = _digits_problem(field, body, allowed=_PHONE_SEPARATORS)
    if problem:
        return problem
    digits = "".join(ch for ch in body if ch not in _PHONE_SEPARATORS)
    if value.startswith("+") and not digits.startswith("84"):
        return _bad(
            value,
            "country",
            _("Số điện thoại di động phải là số Việt Nam (mã quốc gia +84)."),
        )
    if value.startswith("+") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    # Landlines (02x, 11 digits with the area code) get their own message, not a length one.
    if digits.startswith("02"):
        return _bad(
            value,
            "landline",
            _("%(number)s là số máy bàn; vui lòng nhập số điện thoại di động.")
            % {"number": digits},
        )
    if not digits.startswith("0") or len(digits) != 10:
        return _bad(
            value,
            "length",
            _(
                "Số điện thoại di động phải gồm 10 chữ số bắt đầu bằng 0 "
                "(hoặc +84 và 9 chữ số); giá trị đã nhập có %(count)d chữ số."
            )
            % {"count": len(digits)},
        )
    if not digits.startswith(MOBILE_PREFIXES):
        return _bad(
            value,
            "prefix",
            _(
                "Số điện thoại di động phải bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
                "(đầu số %(prefix)s không phải đầu số di động)."
            )
            % {"prefix": digits[:3]},
        )
    return _ok(digits)


def check_agency_code(value: str) -> IdentifierCheck:
    """Check an agency's electronic identifier code (mã định danh điện tử of Decision 20/2020/QĐ-TTg).

    Shape ``V1V2V3.Z1Z2.Y1Y2.MX1X2`` (e.g. ``000.00.12.H38``), the head of every dossier code the
    agency issues (Circular 01/2018/TT-VPCP Art. 19).
    """
    field = _("Mã định danh cơ quan")
    value = value.strip()
    if not value:
        return _bad(value, "required", _("Vui lòng nhập mã định danh cơ quan."))
    problem = _script_problem(field, value)
    if problem:
        return problem
    if AGENCY_CODE_PATTERN.fullmatch(value):
        return _ok(value)
    parts = value.split(".")
    if len(parts) != 4:
        reason = _(
            "Mã định danh cơ quan phải gồm 4 nhóm ngăn cách bởi dấu chấm, dạng 000.00.00.H00 "
            "(ví dụ 000.00.12.H38)."
        )
    elif not (len(parts[0]) == 3 and parts[0].isascii() and parts[0].isdigit()):
        reason = _("Mã định danh cơ quan: nhóm thứ nhất phải gồm 3 chữ số.")
    elif not (len(parts[1]) == 2 and parts[1].isascii() and parts[1].isdigit()):
        reason = _("Mã định danh cơ quan: nhóm thứ hai phải gồm 2 chữ số.")
    elif not (len(parts[2]) == 2 and parts[2].isascii() and parts[2].isdigit()):
        reason = _("Mã định danh cơ quan: nhóm thứ ba phải gồm 2 chữ số.")
    else:
        reason = _(
            "Mã định danh cơ quan: nhóm cuối phải gồm một chữ cái in hoa và 2 chữ số (ví dụ H38)."
        )
    return _bad(value, "format", reason)


def _raise(result: IdentifierCheck) -> None:
    if not result.valid:
        raise ValidationError(result.reason, code=result.code or "invalid")


@deconstructible
class PersonalIdValidator:
    """Django validator for a personal ID. A form is the edge, so it may read today's date."""

    def __call__(self, value: str) -> None:
        _raise(check_personal_id(value, today=timezone.localdate()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonalIdValidator)

    def __hash__(self) -> int:
        return hash(type(self))


def validate_personal_id(value: str) -> None:
    PersonalIdValidator()(value)


def validate_tax_code(value: str) -> None:
    _raise(check_tax_code(value))


def validate_mobile_phone(value: str) -> None:
    _raise(check_mobile_phone(value))


def validate_agency_code(value: str) -> None:
    _raise(check_agency_code(value))
