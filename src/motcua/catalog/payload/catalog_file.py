"""Validation of a whole catalogue file (the shape of ``catalog export``)."""

from collections.abc import Collection
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.catalog.payload.checker import Checker
from motcua.catalog.payload.codes import PROCEDURE_KEYS, procedure_code_problems, procedure_codes
from motcua.catalog.payload.version import validate_version
from motcua.core.errors import FieldProblem

POLICY_KEYS = (
    "administrative_unit_code",
    "procedure",
    "channel",
    "amount",
    "decision_number",
    "valid_from",
    "valid_to",
    "note",
)


def validate_catalog(
    data: Any,
    *,
    existing_fields: Collection[str],
    existing_agencies: Collection[str],
    existing_procedures: Collection[str],
) -> list[FieldProblem]:
    """Every problem of an exported catalogue, each named by its JSON path."""
    if not isinstance(data, dict):
        return [FieldProblem("$", _("Tệp phải chứa một đối tượng JSON."))]
    c = Checker("")
    if data.get("format") != "motcua.catalog":
        c.add("format", _('Phải là "motcua.catalog".'))
    if data.get("format_version") != 1:
        c.add("format_version", _("Phiên bản định dạng không được hỗ trợ (chỉ hỗ trợ 1)."))
    c.only(data, ("format", "format_version", "fields", "procedures", "local_fee_policies"))

    field_codes: set[str] = set(existing_fields)
    seen_fields: set[str] = set()
    for index, item in enumerate(c.items(data, "fields")):
        f = c.child(f"fields[{index}]")
        f.only(item, ("code", "name"))
        code = f.text(item, "code", required=True, max_length=50)
        f.text(item, "name", required=True, max_length=300)
        if code in seen_fields:
            f.add("code", _("Mã lĩnh vực %(code)s bị trùng.") % {"code": code})
        seen_fields.add(code)
        field_codes.add(code)

    seen_codes: set[str] = set()
    known_procedures: set[str] = set(existing_procedures)
    for index, item in enumerate(c.items(data, "procedures")):
        p = c.child(f"procedures[{index}]")
        p.only(item, PROCEDURE_KEYS)
        if procedure_code_problems(p, item):
            codes = procedure_codes(item)
            for code in codes.all:
                if code in seen_codes:
                    p.add(
                        "national_code",
                        _("Mã %(code)s đã dùng cho thủ tục khác trong tệp.") % {"code": code},
                    )
                seen_codes.add(code)
            known_procedures.add(codes.key)
        numbers: set[int] = set()
        drafts = 0
        periods: list[tuple[date, date, int]] = []
        versions = p.items(item, "versions")
        if not versions and isinstance(item.get("versions"), list):
            p.add("versions", _("Thủ tục phải có ít nhất một phiên bản."))
        for v_index, version in enumerate(versions):
            v = p.child(f"versions[{v_index}]")
            number = v.integer(version, "number", minimum=1)
            if number is not None:
                if number in numbers:
                    v.add("number", _("Số phiên bản %(n)s bị trùng.") % {"n": number})
                numbers.add(number)
            status = v.choice(version, "status", ("draft", "published"))
            start = v.iso_date(version, "valid_from", required=status == "published")
            end = v.iso_date(version, "valid_to")
            if status == "draft":
                drafts += 1
                if start or end:
                    v.add("valid_from", _("Phiên bản dự thảo chưa có thời gian hiệu lực."))
            if start and end and end <= start:
                v.add("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."))
            elif status == "published" and start:
                for other_start, other_end, other_index in periods:
                    if start < other_end and other_start < (end or date.max):
                        v.add(
                            "valid_from",
                            _("Thời gian hiệu lực trùng với versions[%(i)s].") % {"i": other_index},
                        )
                periods.append((start, end or date.max, v_index))
            c.problems.extend(
                validate_version(
                    version,
                    path=v.path,
                    known_fields=field_codes,
                    known_agencies=existing_agencies,
                )
            )
        if drafts > 1:
            p.add("versions", _("Mỗi thủ tục chỉ có một phiên bản dự thảo."))

    seen_policies: set[tuple[str, str, str, date]] = set()
    for index, item in enumerate(c.items(data, "local_fee_policies")):
        lp = c.child(f"local_fee_policies[{index}]")
        unit = lp.text(item, "administrative_unit_code", required=True, max_length=5)
        if unit and not (unit.isascii() and unit.isdigit() and len(unit) in (2, 5)):
            lp.add(
                "administrative_unit_code",
                _("Mã đơn vị hành chính phải gồm 2 (tỉnh) hoặc 5 (xã) chữ số."),
            )
        procedure = item.get("procedure")
        if procedure is not None and (
            not isinstance(procedure, str) or procedure not in known_procedures
        ):
            lp.add("procedure", _("Thủ tục %(code)s không tồn tại.") % {"code": procedure})
        for name in item:
            if name not in POLICY_KEYS:
                lp.add(
                    name,
                    _("Trường không được hỗ trợ; các trường được dùng: %(keys)s.")
                    % {"keys": ", ".join(POLICY_KEYS)},
                )
        lp.choice(item, "channel", Channel.values, blank=True)
        lp.integer(item, "amount", minimum=0)
        lp.text(item, "decision_number", required=True, max_length=100)
        start = lp.iso_date(item, "valid_from", required=True)
        end = lp.iso_date(item, "valid_to")
        if start and end and end <= start:
            lp.add("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."))
        lp.text(item, "note", max_length=2000)
        if start:
            key = (unit, str(procedure), str(item.get("channel") or ""), start)
            if key in seen_policies:
                lp.add("valid_from", _("Chính sách bị trùng trong tệp."))
            seen_policies.add(key)
    return c.problems
