"""One plain shape for a procedure version, shared by the services, the import and the export.

A version travels as a JSON-ready dict (the shape of ``catalog export``). Every write validates
that dict first with :func:`validate_version` (collecting every problem with its path), then
writes it with :func:`write_version`. Keeping one shape means the admin, the import and the demo
cannot disagree on what a valid version is.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import jsonschema
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, AgencyKind, Role
from motcua.catalog.fees import fee_build, fee_payload, fee_problems
from motcua.catalog.models import (
    COUNTED_UNITS,
    AgencyRole,
    AliasKind,
    ApplicantType,
    Channel,
    Component,
    ComponentKind,
    DataSource,
    FeeRule,
    Field,
    LegalBasis,
    Level,
    OnlineLevel,
    PaymentStage,
    Procedure,
    ProcedureType,
    ProcedureVersion,
    ProcessStep,
    ResultKind,
    TimeUnit,
    to_hours,
)
from motcua.catalog.result_templates import result_template_problems
from motcua.catalog.steps import process_steps_cache_clear
from motcua.core.errors import FieldProblem
from motcua.core.text import fold, nfc

MINUTES_PER_HOUR = 60

VERSION_KEYS = (
    "name",
    "decision_number",
    "levels",
    "procedure_type",
    "field",
    "implementing_agency",
    "competent_agency_kind",
    "agencies",
    "processing_time",
    "service_norm",
    "online_level",
    "payment_stage",
    "applicant_types",
    "conditions",
    "channels",
    "results",
    "note",
    "legal_basis",
    "fees",
    "components",
    "steps",
    "agency_roles",
    "dossier_sets",
    "fee_text",
    "source_url",
    "name_en",
    "description_en",
)
PERIOD_KEYS = ("number", "status", "valid_from", "valid_to")
TIME_KEYS = ("value", "unit", "text", "terms")
TERM_KEYS = ("value", "unit", "condition", "channel", "level", "agency")
LEGAL_BASIS_KEYS = ("number", "title", "issued_on", "article", "clause")
COMPONENT_KEYS = (
    "code",
    "name",
    "kind",
    "schema",
    "template",
    "required",
    "originals",
    "copies",
    "reusable_from",
)
STEP_KEYS = (
    "name",
    "role",
    "unit_description",
    "minutes",
    "citizen_facing",
    "signs_result",
    "decides",
)
RESULT_KEYS = ("kind", "name", "template", "validity", "document")
AGENCY_ROLE_KEYS = ("name", "role", "agency", "kind", "time", "time_text")
#: Longest time a published term may state; longer is a typing error (a year of working days).
MAX_TERM: dict[str, int] = {
    TimeUnit.WORKING_DAYS: 365,
    TimeUnit.CALENDAR_DAYS: 730,
    TimeUnit.WORKING_HOURS: 8 * 365,
}


def search_text_for(
    *, code: str, name: str, field_name: str, name_en: str = "", aliases: str = ""
) -> str:
    return fold(f"{code} {aliases} {name} {name_en} {field_name}")[:2000]


def search_name_for(name: str) -> str:
    folded = fold(name)
    return (folded[len("thu tuc ") :] if folded.startswith("thu tuc ") else folded)[:500]


def time_payload(version: ProcedureVersion) -> dict[str, Any] | None:
    """The time of a version in the export shape; None when the source states none."""
    if not (
        version.processing_time_unit or version.processing_time_text or version.processing_terms
    ):
        return None
    data: dict[str, Any] = {
        "value": version.processing_time_value,
        "unit": version.processing_time_unit,
    }
    if version.processing_time_text:
        data["text"] = version.processing_time_text
    if version.processing_terms:
        data["terms"] = [dict(t) for t in version.processing_terms]
    return data


def version_payload(version: ProcedureVersion) -> dict[str, Any]:
    """The version as a JSON-ready dict, without ids, number, status or period."""
    norm: dict[str, Any] | None = None
    if version.service_norm_value is not None:
        norm = {"value": version.service_norm_value, "unit": version.service_norm_unit}
    return {
        "name": version.name,
        "decision_number": version.decision_number,
        "levels": list(version.levels),
        "procedure_type": version.procedure_type,
        "field": version.field.code,
        "implementing_agency": version.implementing_agency,
        "competent_agency_kind": version.competent_agency_kind,
        "agencies": sorted(a.code for a in version.agencies.all()),
        "processing_time": time_payload(version),
        "service_norm": norm,
        "online_level": version.online_level,
        "payment_stage": version.payment_stage,
        "applicant_types": list(version.applicant_types),
        "conditions": version.conditions,
        "channels": list(version.channels),
        "results": [dict(r) for r in version.results],
        "note": version.note,
        "legal_basis": [
            {
                "number": lb.number,
                "title": lb.title,
                "issued_on": lb.issued_on.isoformat() if lb.issued_on else None,
                "article": lb.article,
                "clause": lb.clause,
            }
            for lb in sorted(version.legal_basis.all(), key=lambda x: x.order)
        ],
        "fees": [fee_payload(fee) for fee in sorted(version.fees.all(), key=lambda x: x.order)],
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "schema": c.schema,
                "template": c.template,
                "required": c.required,
                "originals": c.originals,
                "copies": c.copies,
                "reusable_from": list(c.reusable_from),
            }
            for c in sorted(version.components.all(), key=lambda x: x.order)
        ],
        "steps": [
            {
                "name": s.name,
                "role": s.role,
                "unit_description": s.unit_description,
                "minutes": s.minutes,
                "citizen_facing": s.citizen_facing,
                "signs_result": s.signs_result,
                "decides": s.decides,
            }
            for s in sorted(version.steps.all(), key=lambda x: x.order)
        ],
        "agency_roles": [dict(a) for a in version.agency_roles],
        "dossier_sets": version.dossier_sets,
        "fee_text": version.fee_text,
        "source_url": version.source_url,
        "name_en": version.name_en,
        "description_en": version.description_en,
    }


class _Checker:
    """Collects problems with their paths while reading untrusted JSON."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[FieldProblem] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(FieldProblem(f"{self.path}.{key}" if self.path else key, message))

    def only(self, data: Mapping[str, Any], allowed: Collection[str]) -> None:
        """Every key outside ``allowed`` is a problem: nothing in a file is dropped unread."""
        for key in data:
            if key not in allowed:
                self.add(
                    str(key),
                    _("Trường %(key)s không được hỗ trợ; các trường được nhận ở đây: %(allowed)s.")
                    % {"key": repr(key), "allowed": ", ".join(allowed)},
                )

    def text(
        self, data: Mapping[str, Any], key: str, *, required: bool = False, max_length: int = 500
    ) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(key, _("Phải là một chuỗi ký tự."))
            return ""
        text = nfc(value).strip()
        if required and not text:
            self.add(key, _("Không được để trống."))
        elif len(text) > max_length:
            self.add(key, _("Dài quá %(max)s ký tự.") % {"max": max_length})
        return text

    def integer(
        self, data: Mapping[str, Any], key: str, *, minimum: int = 0, default: int | None = None
    ) -> int | None:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(key, _("Phải là một số nguyên."))
            return None
        if value < minimum:
            self.add(key, _("Phải lớn hơn hoặc bằng %(min)s.") % {"min": minimum})
            return None
        return int(value)

    def boolean(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(key, _("Phải là true hoặc false."))
            return default
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: Collection[str], *, blank: bool = False
    ) -> str:
        value = data.get(key, "")
        if blank and value in ("", None):
            return ""
        if not isinstance(value, str) or value not in allowed:
            self.add(
                key,
                _("Giá trị %(value)s không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": repr(value), "allowed": ", ".join(sorted(allowed))},
            )
            return ""
        return value

    def choices(self, data: Mapping[str, Any], key: str, allowed: Collection[str]) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, _("Phải là một danh sách."))
            return []
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in allowed:
                self.add(
                    f"{key}[{index}]",
                    _("Giá trị %(value)s không hợp lệ; chọn một trong: %(allowed)s.")
                    % {"value": repr(item), "allowed": ", ".join(sorted(allowed))},
                )
        if len(set(map(str, value))) != len(value):
            self.add(key, _("Có giá trị bị lặp lại."))
        return [str(v) for v in value]

    def items(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, _("Phải là một danh sách."))
            return []
        good: list[Mapping[str, Any]] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(f"{key}[{index}]", _("Phải là một đối tượng JSON."))
            else:
                good.append(item)
        return good

    def iso_date(self, data: Mapping[str, Any], key: str, *, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(key, _("Không được để trống."))
            return None
        if not isinstance(value, str):
            self.add(key, _("Phải là ngày dạng YYYY-MM-DD."))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(key, _("Ngày %(value)s không hợp lệ (dạng YYYY-MM-DD).") % {"value": value})
            return None

    def child(self, key: str) -> "_Checker":
        sub = _Checker(f"{self.path}.{key}" if self.path else key)
        sub.problems = self.problems
        return sub


_TIME_EXAMPLE = '{"value": 5, "unit": "working_days"}'


def _term_value(c: _Checker, term: Mapping[str, Any], unit: str) -> int | None:
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
    c: _Checker, term: Mapping[str, Any], *, allowed: Collection[str], unit_optional: bool
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


def _time(c: _Checker, data: Mapping[str, Any], key: str, *, general: bool = False) -> int | None:
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
    c = _Checker(path)
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


def write_version(
    *,
    procedure: Procedure,
    data: Mapping[str, Any],
    number: int,
    status: str,
    valid_from: date | None,
    valid_to: date | None,
    version: ProcedureVersion | None = None,
    aliases: Collection[str] | None = None,
    field: Field | None = None,
) -> ProcedureVersion:
    """Write a validated payload as a new version, or over the children of a draft ``version``.

    ``aliases`` (the procedure's other codes) are written into the search text only; ``field``
    saves a read when the caller already holds it.
    """
    field = field or Field.objects.get(code=nfc(data["field"]).strip())
    if aliases is None:
        aliases = list(procedure.aliases.values_list("alias", flat=True))
    norm = data.get("service_norm")
    time = data.get("processing_time") or {}
    values: dict[str, Any] = {
        "procedure": procedure,
        "number": number,
        "status": status,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "name": nfc(data["name"]).strip(),
        "decision_number": nfc(data.get("decision_number") or "").strip(),
        "levels": list(data["levels"]),
        "levels_index": " " + " ".join(sorted(data["levels"])) + " ",
        "procedure_type": data["procedure_type"],
        "field": field,
        "implementing_agency": nfc(data.get("implementing_agency") or "").strip(),
        "competent_agency_kind": data.get("competent_agency_kind") or "",
        "processing_time_value": time.get("value"),
        "processing_time_unit": time.get("unit") or "",
        "processing_time_text": nfc(time.get("text") or "").strip(),
        "processing_terms": [_clean(t) for t in time.get("terms", [])],
        "agency_roles": [_clean(a) for a in data.get("agency_roles", [])],
        "dossier_sets": data.get("dossier_sets"),
        "fee_text": nfc(data.get("fee_text") or "").strip(),
        "source_url": nfc(data.get("source_url") or "").strip(),
        "name_en": nfc(data.get("name_en") or "").strip(),
        "description_en": nfc(data.get("description_en") or "").strip(),
        "service_norm_value": norm["value"] if norm else None,
        "service_norm_unit": norm["unit"] if norm else "",
        "online_level": data.get("online_level") or OnlineLevel.NOT_STATED,
        "payment_stage": data.get("payment_stage", PaymentStage.BEFORE_PROCESSING),
        "applicant_types": list(data.get("applicant_types", [])),
        "conditions": nfc(data.get("conditions") or "").strip(),
        "channels": list(data.get("channels", [])),
        "results": [
            {
                "kind": r["kind"],
                "name": nfc(r["name"]).strip(),
                "template": nfc(r.get("template") or "").strip(),
                "validity": nfc(r.get("validity") or "").strip(),
                **({"document": r["document"]} if r.get("document") else {}),
            }
            for r in data.get("results", [])
        ],
        "note": nfc(data.get("note") or "").strip(),
        "search_name": search_name_for(data["name"]),
        "search_text": search_text_for(
            code=procedure.code,
            name=data["name"],
            field_name=field.name,
            name_en=data.get("name_en") or "",
            aliases=" ".join(aliases),
        ),
    }
    created = version is None
    if version is None:
        version = ProcedureVersion.objects.create(**values)
    else:
        for key, value in values.items():
            setattr(version, key, value)
        version.save()
        version.legal_basis.all().delete()
        version.fees.all().delete()
        version.components.all().delete()
        version.steps.all().delete()
    if data.get("agencies") or (version.pk and not created):
        version.agencies.set(Agency.objects.filter(code__in=data.get("agencies", [])))
    LegalBasis.objects.bulk_create(
        LegalBasis(
            version=version,
            order=index,
            number=nfc(b["number"]).strip(),
            title=nfc(b["title"]).strip(),
            issued_on=date.fromisoformat(b["issued_on"]) if b.get("issued_on") else None,
            article=nfc(b.get("article") or "").strip(),
            clause=nfc(b.get("clause") or "").strip(),
        )
        for index, b in enumerate(data.get("legal_basis", []), start=1)
    )
    FeeRule.objects.bulk_create(
        fee_build(version=version, order=index, data=f)
        for index, f in enumerate(data.get("fees", []), start=1)
    )
    Component.objects.bulk_create(
        Component(
            version=version,
            order=index,
            code=nfc(k["code"]).strip(),
            name=nfc(k["name"]).strip(),
            kind=k["kind"],
            schema=k.get("schema"),
            template=nfc(k.get("template") or "").strip(),
            required=k.get("required", True),
            originals=k.get("originals", 1),
            copies=k.get("copies", 0),
            reusable_from=list(k.get("reusable_from", [])),
        )
        for index, k in enumerate(data.get("components", []), start=1)
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            version=version,
            order=index,
            name=nfc(s["name"]).strip(),
            role=s["role"],
            unit_description=nfc(s.get("unit_description") or "").strip(),
            minutes=s["minutes"],
            citizen_facing=s.get("citizen_facing", False),
            signs_result=s.get("signs_result", False),
            decides=s.get("decides", False),
        )
        for index, s in enumerate(data.get("steps", []), start=1)
    )
    process_steps_cache_clear()
    return version


def _clean(item: Mapping[str, Any]) -> dict[str, Any]:
    """A stored JSON object: texts in NFC and trimmed, empty values left out."""
    cleaned: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, str):
            value = nfc(value).strip()
        elif isinstance(value, Mapping):
            value = _clean(value)
        if value not in ("", None):
            cleaned[key] = value
    return cleaned


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


def national_code_problem(national_code: str) -> str | None:
    parts = national_code.split(".")
    if len(parts) != 2 or not all(p and all("0" <= ch <= "9" for ch in p) for p in parts):
        return _(
            "Mã thủ tục phải có dạng 1.001748 (chữ số, một dấu chấm) hoặc là ký hiệu đầy đủ "
            "1.009319.000.00.00.H41; số cũ như B-BTP-BS43 ghi vào aliases."
        )
    return None


#: The full ký hiệu of the national database: national code, then the place it is published for.
FULL_CODE = re.compile(r"^([0-9]\.[0-9]{6})\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.([A-Z][0-9]{2})$")
PROCEDURE_KEYS = ("national_code", "local_suffix", "aliases", "versions")


@dataclass(frozen=True)
class ProcedureCodes:
    """The codes a procedure of an import file is known by (validated)."""

    national_code: str
    local_suffix: str
    aliases: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        if not self.national_code:
            return self.aliases[0][0]
        return (
            f"{self.national_code}.{self.local_suffix}" if self.local_suffix else self.national_code
        )

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.key, *(alias for alias, _kind in self.aliases))))


def alias_kind(alias: str) -> str:
    return AliasKind.FULL_CODE if FULL_CODE.match(alias) else AliasKind.LEGACY


def procedure_codes(item: Mapping[str, Any]) -> ProcedureCodes:
    """National code, suffix and aliases of an item; a full ký hiệu given as the national code
    becomes the national code and an alias."""
    national = nfc(item.get("national_code") or "").strip()
    suffix = nfc(item.get("local_suffix") or "").strip()
    aliases: list[str] = []
    full = FULL_CODE.match(national)
    if full:
        # The place part (H41) is the local suffix, as in 1.000948.H38: two provinces' records
        # of one national procedure stay two procedures.
        aliases.append(national)
        national, suffix = full.group(1), suffix or full.group(2)
    for alias in item.get("aliases") or []:
        alias = nfc(alias).strip()
        if alias not in aliases:
            aliases.append(alias)
    return ProcedureCodes(
        national_code=national,
        local_suffix=suffix,
        aliases=tuple((alias, str(alias_kind(alias))) for alias in aliases),
    )


def _procedure_code_problems(p: _Checker, item: Mapping[str, Any]) -> bool:
    """Check the codes of a procedure item; True when they are usable."""
    national = p.text(item, "national_code", max_length=100)
    p.text(item, "local_suffix", max_length=20)
    if national and not FULL_CODE.match(national):
        problem = national_code_problem(national)
        if problem:
            p.add("national_code", problem)
            return False
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and nfc(a).strip() and len(nfc(a).strip()) <= 100 for a in aliases
    ):
        p.add(
            "aliases",
            _('Phải là danh sách mã, mỗi mã tối đa 100 ký tự (ví dụ: ["B-BTP-BS43"]).'),
        )
        return False
    if not national and not aliases:
        p.add(
            "national_code",
            _(
                "Ghi mã thủ tục (ví dụ: 1.001748) hoặc, nếu nguồn không có mã, ít nhất một mã "
                'trong aliases (ví dụ: ["163/QĐ-BTP#12"], số quyết định công bố và số thứ tự).'
            ),
        )
        return False
    return True


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
    c = _Checker("")
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
        if _procedure_code_problems(p, item):
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
