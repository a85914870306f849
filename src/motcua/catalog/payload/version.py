"""Validation of one version payload: every problem, each named by its path."""

from collections.abc import Collection, Mapping
from typing import Any

import jsonschema
from django.utils.translation import gettext as _

from motcua.accounts.models import AgencyKind, Role
from motcua.catalog.fees import fee_problems
from motcua.catalog.models import (
    COUNTED_UNITS,
    AgencyRole,
    ApplicantType,
    Channel,
    ComponentKind,
    DataSource,
    Level,
    OnlineLevel,
    PaymentStage,
    ProcedureType,
    ResultKind,
    TimeUnit,
    to_hours,
)
from motcua.catalog.payload.checker import Checker
from motcua.catalog.payload.keys import (
    AGENCY_ROLE_KEYS,
    COMPONENT_KEYS,
    LEGAL_BASIS_KEYS,
    MAX_TERM,
    MINUTES_PER_HOUR,
    PERIOD_KEYS,
    RESULT_KEYS,
    STEP_KEYS,
    TERM_KEYS,
    TIME_KEYS,
    VERSION_KEYS,
)
from motcua.catalog.result_templates import result_template_problems
from motcua.core.errors import FieldProblem

_TIME_EXAMPLE = '{"value": 5, "unit": "working_days"}'


def _term_value(c: Checker, term: Mapping[str, Any], unit: str) -> int | None:
    """The number of a term, checked against its unit, with a message naming the unit problem."""
    value = term.get("value")
    if unit not in COUNTED_UNITS:
        if value is not None:
            c.add(
                "value",
                _('Đơn vị %(unit)s không kèm số; bỏ "value" (ví dụ: {"unit": "same_day"}).')
                % {"unit": unit},
            )
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float | str) and value not in ("",):
            c.add(
                "value",
                _(
                    "%(value)s không phải số nguyên %(unit)s: thời hạn ghi bằng số nguyên "
                    '(ví dụ: {"value": 4, "unit": "working_hours"}); nếu nguồn ghi số lẻ '
                    '(2,5 giờ), hãy đổi sang đơn vị nhỏ hơn hoặc giữ nguyên văn ở "text" và '
                    "không ghi value."
                )
                % {"value": repr(value), "unit": unit},
            )
        else:
            c.add(
                "value",
                _("Đơn vị %(unit)s cần số nguyên dương (ví dụ: %(example)s).")
                % {"unit": unit, "example": _TIME_EXAMPLE},
            )
        return None
    if value < 1:
        c.add(
            "value",
            _(
                'Thời hạn phải từ 1 trở lên; "trong ngày" ghi {"unit": "same_day"}, '
                '"không quy định" ghi {"unit": "not_regulated"}.'
            ),
        )
        return None
    if value > MAX_TERM[unit]:
        c.add(
            "value",
            _("Thời hạn %(value)s %(unit)s quá dài (tối đa %(max)s); kiểm tra lại số và đơn vị.")
            % {"value": value, "unit": unit, "max": MAX_TERM[unit]},
        )
        return None
    return int(value)


def _term(
    c: Checker, term: Mapping[str, Any], *, allowed: Collection[str], unit_optional: bool
) -> tuple[int | None, str]:
    c.only(term, allowed)
    if unit_optional and term.get("unit") in ("", None):
        if term.get("value") is not None:
            c.add("unit", _("Có số mà thiếu đơn vị (ví dụ: %(e)s).") % {"e": _TIME_EXAMPLE})
        return None, ""
    unit = c.choice(term, "unit", TimeUnit.values)
    if not unit:
        return None, ""
    return _term_value(c, term, unit), unit


def _time(c: Checker, data: Mapping[str, Any], key: str, *, general: bool = False) -> int | None:
    """Working hours of a time object (None when absent, bad, or not in working time).

    The general processing time also takes the published wording (``text``) and the other terms
    (``terms``), and may state no unit where the source states no time.
    """
    value = data.get(key)
    if value is None and general:
        return None
    if not isinstance(value, dict):
        c.add(key, _("Phải là một đối tượng JSON, ví dụ: %(e)s.") % {"e": _TIME_EXAMPLE})
        return None
    sub = c.child(key)
    amount, unit = _term(
        sub,
        value,
        allowed=TIME_KEYS if general else ("value", "unit"),
        unit_optional=general,
    )
    if general:
        sub.text(value, "text", max_length=2000)
        for index, term in enumerate(sub.items(value, "terms")):
            t = sub.child(f"terms[{index}]")
            _term(t, term, allowed=TERM_KEYS, unit_optional=False)
            t.text(term, "condition")
            t.choice(term, "channel", Channel.values, blank=True)
            t.choice(term, "level", Level.values, blank=True)
            t.text(term, "agency")
            if not any(term.get(k) for k in ("condition", "channel", "level", "agency")):
                t.add(
                    "condition",
                    _(
                        "Một thời hạn khác phải ghi nó áp dụng khi nào: condition, channel, level "
                        'hoặc agency (ví dụ: "condition": "Trường hợp cần xác minh").'
                    ),
                )
        if not unit and not value.get("text"):
            sub.add(
                "unit",
                _('Ghi đơn vị (ví dụ: %(e)s) hoặc nguyên văn thời hạn ở "text".')
                % {"e": _TIME_EXAMPLE},
            )
    return to_hours(amount, unit) if unit else None


def validate_form_schema(schema: Any) -> str | None:
    """None when ``schema`` is a valid JSON Schema describing an object; else the reason."""
    if not isinstance(schema, dict):
        return _("Phải là một JSON Schema (đối tượng JSON).")
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        where = "/".join(str(p) for p in error.absolute_path)
        return _("JSON Schema không hợp lệ tại '%(where)s': %(reason)s") % {
            "where": where,
            "reason": error.message,
        }
    if schema.get("type") != "object":
        return _('JSON Schema của tờ khai phải có "type": "object".')
    return None


def validate_version(
    data: Mapping[str, Any],
    *,
    path: str,
    known_fields: Collection[str],
    known_agencies: Collection[str],
) -> list[FieldProblem]:
    """Every problem of a version payload, each named by its path under ``path``."""
    c = Checker(path)
    c.only(data, (*VERSION_KEYS, *PERIOD_KEYS))
    c.text(data, "name", required=True)
    c.text(data, "name_en")
    c.text(data, "description_en", max_length=20000)
    c.text(data, "fee_text", max_length=20000)
    source = c.text(data, "source_url", max_length=1000)
    if source and not source.startswith(("https://", "http://")):
        c.add(
            "source_url",
            _("Phải là địa chỉ trang nguồn, ví dụ: https://dichvucong.gov.vn/p/home/…"),
        )
    if data.get("dossier_sets") is not None:
        sets = c.integer(data, "dossier_sets", minimum=1)
        if sets is not None and sets > 20:
            c.add("dossier_sets", _("Số bộ hồ sơ từ 1 đến 20 (ví dụ: 1)."))
    c.text(data, "decision_number", max_length=100)
    # Several published procedures state no level: an empty list is "not stated".
    c.choices(data, "levels", Level.values)
    c.choice(data, "procedure_type", ProcedureType.values)
    field_code = c.text(data, "field", required=True, max_length=50)
    if field_code and field_code not in known_fields:
        c.add("field", _("Lĩnh vực %(code)s không tồn tại.") % {"code": field_code})
    c.text(data, "implementing_agency")
    c.choice(data, "competent_agency_kind", AgencyKind.values, blank=True)
    agencies = data.get("agencies", [])
    if not isinstance(agencies, list):
        c.add("agencies", _("Phải là một danh sách mã cơ quan."))
    else:
        for index, code in enumerate(agencies):
            if not isinstance(code, str) or code not in known_agencies:
                c.add(
                    f"agencies[{index}]",
                    _("Cơ quan có mã %(code)s không tồn tại.") % {"code": code},
                )
    statutory = _time(c, data, "processing_time", general=True)
    for index, role in enumerate(c.items(data, "agency_roles")):
        a = c.child(f"agency_roles[{index}]")
        a.only(role, AGENCY_ROLE_KEYS)
        a.text(role, "name", required=True)
        a.choice(role, "role", AgencyRole.values)
        code = role.get("agency") or ""
        if code and (not isinstance(code, str) or code not in known_agencies):
            a.add(
                "agency",
                _("Cơ quan có mã %(code)s không tồn tại; bỏ trống nếu nguồn chỉ ghi tên.")
                % {"code": code},
            )
        a.choice(role, "kind", AgencyKind.values, blank=True)
        if role.get("time") is not None:
            _time(a, role, "time")
        a.text(role, "time_text", max_length=2000)
    if data.get("service_norm") is not None:
        norm = _time(c, data, "service_norm")
        if norm is not None and statutory is not None and norm > statutory:
            c.add(
                "service_norm",
                _("Định mức nội bộ (%(norm)s giờ) dài hơn thời hạn giải quyết (%(limit)s giờ).")
                % {"norm": norm, "limit": statutory},
            )
    if data.get("online_level") not in (None, ""):
        c.choice(data, "online_level", OnlineLevel.values)
    if "payment_stage" in data:
        c.choice(data, "payment_stage", PaymentStage.values)
    c.choices(data, "applicant_types", ApplicantType.values)
    c.text(data, "conditions", max_length=20000)
    channels = c.choices(data, "channels", Channel.values)
    if data.get("online_level") == OnlineLevel.FULL and Channel.ONLINE not in channels:
        c.add("channels", _("Dịch vụ toàn trình phải có cách thức nộp trực tuyến."))
    c.text(data, "note", max_length=20000)

    for index, result in enumerate(c.items(data, "results")):
        r = c.child(f"results[{index}]")
        r.only(result, RESULT_KEYS)
        r.choice(result, "kind", ResultKind.values)
        r.text(result, "name", required=True)
        r.text(result, "template", max_length=300)
        r.text(result, "validity", max_length=300)
        for problem in result_template_problems(result.get("document")):
            r.add("document", problem)

    for index, basis in enumerate(c.items(data, "legal_basis")):
        b = c.child(f"legal_basis[{index}]")
        b.only(basis, LEGAL_BASIS_KEYS)
        b.text(basis, "number", required=True, max_length=100)
        b.text(basis, "title", required=True)
        b.iso_date(basis, "issued_on")
        b.text(basis, "article", max_length=100)
        b.text(basis, "clause", max_length=100)

    for index, fee in enumerate(c.items(data, "fees")):
        c.problems.extend(fee_problems(fee, path=c.child(f"fees[{index}]").path))

    codes: set[str] = set()
    for index, component in enumerate(c.items(data, "components")):
        k = c.child(f"components[{index}]")
        k.only(component, COMPONENT_KEYS)
        code = k.text(component, "code", required=True, max_length=50)
        if code in codes:
            k.add("code", _("Mã thành phần %(code)s bị trùng.") % {"code": code})
        codes.add(code)
        k.text(component, "name", required=True)
        kind = k.choice(component, "kind", ComponentKind.values)
        schema = component.get("schema")
        if kind == ComponentKind.FORM:
            reason = validate_form_schema(schema)
            if reason:
                k.add("schema", reason)
        elif schema is not None:
            k.add("schema", _("Chỉ tờ khai (kind = form) mới có JSON Schema."))
        k.text(component, "template", max_length=300)
        k.boolean(component, "required", True)
        k.integer(component, "originals", minimum=0, default=1)
        k.integer(component, "copies", minimum=0, default=0)
        k.choices(component, "reusable_from", DataSource.values)

    total_minutes = 0
    for index, step in enumerate(c.items(data, "steps")):
        s = c.child(f"steps[{index}]")
        s.only(step, STEP_KEYS)
        s.text(step, "name", required=True)
        s.choice(step, "role", Role.values)
        s.text(step, "unit_description", max_length=300)
        minutes = s.integer(step, "minutes", minimum=0)
        total_minutes += minutes or 0
        s.boolean(step, "citizen_facing", False)
        s.boolean(step, "signs_result", False)
        s.boolean(step, "decides", False)
    if statutory is not None and total_minutes > statutory * MINUTES_PER_HOUR:
        c.add(
            "steps",
            _(
                "Tổng thời gian các bước (%(total)s phút) vượt thời hạn giải quyết "
                "(%(limit)s giờ làm việc = %(minutes)s phút)."
            )
            % {"total": total_minutes, "limit": statutory, "minutes": statutory * MINUTES_PER_HOUR},
        )
    return c.problems
