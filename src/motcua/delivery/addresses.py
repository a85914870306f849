"""Postal addresses (địa chỉ nhận bưu gửi): recipient, mobile phone, street, commune in force."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.identifiers import check_mobile_phone, has_invisible_characters
from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel
from motcua.core.errors import FieldProblem
from motcua.core.periods import in_force
from motcua.core.text import nfc

MAX_NAME = 200
MAX_STREET = 300


@dataclass(frozen=True)
class PostalAddress:
    recipient: str
    phone: str  # normalised 0xxxxxxxxx
    street: str
    commune_code: str
    commune_name: str = ""
    province_code: str = ""
    province_name: str = ""

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.street, self.commune_name, self.province_name) if p)

    def as_data(self) -> dict[str, str]:
        return asdict(self)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return nfc(str(value)).strip() if value is not None else ""


def _commune(code: str, on: date) -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.filter(
            in_force(on), code=code, level=AdministrativeUnitLevel.COMMUNE
        )
        .select_related("parent")
        .first()
    )


def address_check(
    data: Mapping[str, Any] | None, *, on: date
) -> tuple[PostalAddress | None, list[FieldProblem]]:
    """The checked address, or every problem with it at once (paths ``recipient``, ``phone``,
    ``street``, ``commune_code``), in Vietnamese. The commune must exist on ``on``."""
    data = data or {}
    problems: list[FieldProblem] = []
    recipient = _text(data, "recipient")
    if not recipient:
        problems.append(FieldProblem("recipient", _("Vui lòng nhập họ tên người nhận.")))
    elif len(recipient) > MAX_NAME or has_invisible_characters(recipient):
        problems.append(
            FieldProblem("recipient", _("Họ tên người nhận không hợp lệ (tối đa 200 ký tự)."))
        )
    phone = check_mobile_phone(_text(data, "phone"))
    if not phone.valid:
        problems.append(FieldProblem("phone", phone.reason))
    street = _text(data, "street")
    if not street:
        problems.append(
            FieldProblem("street", _("Vui lòng nhập số nhà, tên đường hoặc thôn, xóm, ấp."))
        )
    elif len(street) > MAX_STREET or has_invisible_characters(street):
        problems.append(
            FieldProblem("street", _("Số nhà, đường, thôn, xóm không hợp lệ (tối đa 300 ký tự)."))
        )
    code = _text(data, "commune_code")
    commune = None
    if not code:
        problems.append(FieldProblem("commune_code", _("Vui lòng chọn xã, phường, đặc khu.")))
    else:
        commune = _commune(code, on)
        if commune is None:
            problems.append(
                FieldProblem(
                    "commune_code",
                    _("Không có xã, phường, đặc khu mã %(code)s đang có hiệu lực ngày %(on)s.")
                    % {"code": code, "on": on.strftime("%d/%m/%Y")},
                )
            )
    if problems or commune is None:
        return None, problems
    province = commune.parent
    return (
        PostalAddress(
            recipient=recipient,
            phone=phone.value,
            street=street,
            commune_code=commune.code,
            commune_name=commune.name,
            province_code=province.code if province else "",
            province_name=province.name if province else "",
        ),
        [],
    )
