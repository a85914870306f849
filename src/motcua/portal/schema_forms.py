"""The application form (tờ khai) generated from each form component's JSON Schema.

One Django form holds every field of every form component (``f__<component>__<property>``), one
file input per document component (``d__<component>``), the commune where the competent agency
is, and the idempotency key. Django checks types and the simple constraints next to each field;
``dossier_submit`` checks everything again, and its problems are put back on the same fields.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _

from motcua.accounts.models import Applicant
from motcua.catalog.form_schema import (
    conditions_of,
    group_rows,
    is_group,
    properties_of,
    sections_of,
)
from motcua.catalog.models import Component, ComponentKind
from motcua.core.errors import FieldProblem
from motcua.core.widgets import searchable_select

COMMUNE_FIELD = "don_vi_hanh_chinh"
KEY_FIELD = "khoa"
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png"
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}

#: Property names (as procedures name them) that the verified identity can fill in.
_PREFILL: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "ho_ten", "ho_va_ten", "name"),
    "personal_id": ("personal_id", "so_dinh_danh", "so_dinh_danh_ca_nhan", "cccd"),
    "birth_date": ("birth_date", "ngay_sinh", "birthdate"),
    "address": ("address", "dia_chi", "noi_cu_tru"),
    "phone": ("phone", "so_dien_thoai"),
    "email": ("email", "thu_dien_tu"),
}


#: The HTML autocomplete token of each kind of identity data (WCAG 1.3.5, input purpose).
_AUTOCOMPLETE = {
    "name": "name",
    "birth_date": "bday",
    "address": "street-address",
    "phone": "tel",
    "email": "email",
}


def form_field_name(component: str, prop: str) -> str:
    return f"f__{component}__{prop}"


def document_field_name(component: str) -> str:
    return f"d__{component}"


def group_field_name(component: str, prop: str, row: int, column: str) -> str:
    """One cell of a repeating group: ``row`` counts from 0."""
    return f"f__{component}__{prop}__{row}__{column}"


def _is_group_field(name: str) -> bool:
    return name.startswith("f__") and name.count("__") == 4


def _lower_first(text: str) -> str:
    """ "Họ và tên" -> "họ và tên", but "CCCD" stays "CCCD"."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def field_for_property(prop: str, spec: Mapping[str, Any], *, required: bool) -> forms.Field:
    """A Django form field for one property of a JSON Schema (string, integer, number, boolean,
    enum, date); the label from ``title``, the hint from ``description``."""
    label = str(spec.get("title") or prop)
    hint = str(spec.get("description") or "")
    messages = {
        "required": _("Vui lòng nhập %(label)s.") % {"label": _lower_first(label)},
        "invalid": _("%(label)s không hợp lệ.") % {"label": label},
    }
    kind = spec.get("type")
    shown = label if required else _("%(label)s (không bắt buộc)") % {"label": label}
    common: dict[str, Any] = {"label": shown, "help_text": hint, "required": required}
    if "enum" in spec:
        choices = [(str(v), str(v)) for v in spec["enum"]]
        names = spec.get("enumNames") or spec.get("x-enum-labels")
        if isinstance(names, list) and len(names) == len(choices):
            choices = [(value, str(name)) for (value, _v), name in zip(choices, names, strict=True)]
        messages["required"] = _("Vui lòng chọn %(label)s.") % {"label": _lower_first(label)}
        messages["invalid_choice"] = _("Vui lòng chọn %(label)s trong danh sách.") % {
            "label": _lower_first(label)
        }
        return forms.ChoiceField(
            choices=[("", _("Chọn")), *choices], error_messages=messages, **common
        )
    if kind == "boolean":
        return forms.BooleanField(
            label=shown, help_text=hint, required=False, widget=forms.CheckboxInput()
        )
    if kind == "integer":
        messages["invalid"] = _("%(label)s phải là số nguyên.") % {"label": label}
        messages["min_value"] = _("%(label)s phải lớn hơn hoặc bằng %%(limit_value)s.") % {
            "label": label
        }
        messages["max_value"] = _("%(label)s phải nhỏ hơn hoặc bằng %%(limit_value)s.") % {
            "label": label
        }
        return forms.IntegerField(
            min_value=spec.get("minimum"),
            max_value=spec.get("maximum"),
            error_messages=messages,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == "number":
        messages["invalid"] = _("%(label)s phải là một số.") % {"label": label}
        return forms.FloatField(
            min_value=spec.get("minimum"),
            max_value=spec.get("maximum"),
            error_messages=messages,
            **common,
        )
    if spec.get("format") == "date":
        messages["invalid"] = _("%(label)s phải là một ngày có thật, ví dụ 01/05/1990.") % {
            "label": label
        }
        return forms.DateField(
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages=messages,
            **common,
        )
    validators = []
    if spec.get("pattern"):
        validators.append(
            RegexValidator(
                re.compile(str(spec["pattern"])),
                message=_("%(label)s không đúng định dạng.") % {"label": label},
                code="pattern",
            )
        )
    messages["max_length"] = _("%(label)s không được quá %%(limit_value)d ký tự.") % {
        "label": label
    }
    messages["min_length"] = _("%(label)s phải có ít nhất %%(limit_value)d ký tự.") % {
        "label": label
    }
    max_length = spec.get("maxLength")
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": 3})
        if isinstance(max_length, int) and max_length > 300
        else forms.TextInput()
    )
    if spec.get("format") == "email":
        widget = forms.EmailInput()
    return forms.CharField(
        max_length=max_length,
        min_length=spec.get("minLength"),
        validators=validators,
        error_messages=messages,
        widget=widget,
        **common,
    )


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _choice_text(spec: Mapping[str, Any], value: Any) -> str:
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    names = spec.get("x-enum-labels") or spec.get("enumNames") or []
    values = list(spec.get("enum") or [])
    if value in values and len(names) == len(values):
        return str(names[values.index(value)])
    return str(value)


@dataclass(frozen=True)
class Section:
    """A group of the page: one form component's fields, or the documents."""

    code: str
    title: str
    field_names: tuple[str, ...]


def identity_values(applicant: Applicant | None) -> dict[str, Any]:
    if applicant is None:
        return {}
    return {
        "name": applicant.name,
        "personal_id": applicant.personal_id,
        "birth_date": applicant.birth_date,
        "address": applicant.address,
        "phone": applicant.phone,
        "email": applicant.email,
    }


def _identity_kind(prop: str) -> str:
    return next((key for key, aliases in _PREFILL.items() if prop in aliases), "")


def _prefill(prop: str, identity: Mapping[str, Any]) -> Any:
    for key, aliases in _PREFILL.items():
        if prop in aliases and identity.get(key):
            return identity[key]
    return None


def _place_field(
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, province_level: bool
) -> forms.ChoiceField:
    """ "Nơi giải quyết": the province for a procedure the province decides, else the commune.
    The select stays plain HTML; ``place_picker.js`` adds a search box above it."""
    if province_level:
        choices: list[Any] = [("", _("Chọn tỉnh, thành phố"))]
        label = _("Tỉnh, thành phố nơi có cơ quan giải quyết")
        hint = _("Thủ tục này do cấp tỉnh giải quyết: chỉ cần chọn tỉnh, thành phố.")
        required = _("Vui lòng chọn tỉnh, thành phố nơi có cơ quan giải quyết.")
        what = _("tỉnh, thành phố")
    else:
        choices = [("", _("Chọn phường, xã"))]
        label = _("Phường, xã nơi có cơ quan giải quyết")
        hint = _("Hồ sơ được chuyển đến cơ quan có thẩm quyền tại phường, xã này.")
        required = _("Vui lòng chọn phường, xã nơi có cơ quan giải quyết.")
        what = _("phường, xã")
    for group, units in groups:
        if group:
            choices.append((group, list(units)))
        else:
            choices.extend(units)
    return forms.ChoiceField(
        label=label,
        help_text=hint,
        choices=choices,
        error_messages={
            "required": required,
            "invalid_choice": _("Vui lòng chọn %(what)s trong danh sách.") % {"what": what},
        },
        widget=searchable_select(_("Tìm %(what)s theo tên") % {"what": what}),
    )


class ApplicationForm(forms.Form):
    """Nộp hồ sơ trực tuyến: the generated tờ khai, the files, the commune, the key."""

    def __init__(
        self,
        *args: Any,
        components: Sequence[Component],
        communes: Sequence[tuple[str, Sequence[tuple[str, str]]]],
        applicant: Applicant | None = None,
        files_held: Mapping[str, str] | None = None,
        province_level: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = list(components)
        self.province_level = province_level
        identity = identity_values(applicant)
        held = dict(files_held or {})
        sections: list[Section] = []
        for component in self.components:
            if component.kind != ComponentKind.FORM:
                continue
            sections.extend(self._component_fields(component, identity))
        documents = [c for c in self.components if c.kind == ComponentKind.DOCUMENT]
        doc_names = []
        for component in documents:
            name = document_field_name(component.code)
            hint = _("Tệp PDF, JPEG hoặc PNG, tối đa %(size)s MB.") % {
                "size": settings.MOTCUA_MAX_UPLOAD_BYTES // (1024 * 1024)
            }
            if component.code in held:
                hint = _("Đã tải lên: %(name)s. Chọn tệp khác nếu muốn thay.") % {
                    "name": held[component.code]
                }
            label = component.name
            if not component.required:
                label = _("%(label)s (không bắt buộc)") % {"label": label}
            self.fields[name] = forms.FileField(
                label=label,
                required=component.required and component.code not in held,
                help_text=hint,
                error_messages={
                    "required": _("Vui lòng tải lên %(name)s.")
                    % {"name": _lower_first(component.name)}
                },
                widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
            )
            doc_names.append(name)
        if doc_names:
            sections.append(Section("documents", _("Giấy tờ kèm theo"), tuple(doc_names)))
        self.sections = sections
        self.fields[COMMUNE_FIELD] = _place_field(communes, province_level=province_level)
        self.fields[KEY_FIELD] = forms.CharField(widget=forms.HiddenInput(), max_length=100)

    def _component_fields(self, component: Component, identity: Mapping[str, Any]) -> list[Section]:
        """The fields of one form component, a section per heading of its template; a repeating
        group's lines are fields of their own, none required by itself (see :meth:`clean`)."""
        schema = component.schema or {}
        required = set(schema.get("required") or [])
        properties = properties_of(schema)
        conditional = {
            name: condition for condition in conditions_of(schema) for name in condition.required
        }
        sections = []
        for number, section in enumerate(sections_of(schema)):
            names = []
            for prop in section.properties:
                spec = properties[prop] or {}
                if is_group(spec):
                    names.extend(self._group_fields(component.code, prop, spec))
                    continue
                name = form_field_name(component.code, prop)
                field = field_for_property(prop, spec, required=prop in required)
                if prop in conditional:
                    field.help_text = " ".join(
                        filter(None, [str(field.help_text), self._condition_hint(schema, prop)])
                    )
                value = _prefill(prop, identity)
                if value is not None:
                    field.initial = value
                token = _AUTOCOMPLETE.get(_identity_kind(prop))
                if token and not isinstance(field, forms.BooleanField | forms.ChoiceField):
                    field.widget.attrs["autocomplete"] = token
                self.fields[name] = field
                names.append(name)
            code = component.code if number == 0 else f"{component.code}.{number}"
            sections.append(Section(code, section.title or component.name, tuple(names)))
        return sections

    def _group_fields(self, component: str, prop: str, spec: Mapping[str, Any]) -> list[str]:
        group = str(spec.get("title") or prop)
        wanted = set(spec["items"].get("required") or [])
        names = []
        for row in range(group_rows(spec)):
            for column, sub in properties_of(spec["items"]).items():
                field = field_for_property(column, sub or {}, required=False)
                label = _("%(column)s (%(group)s %(row)d)") % {
                    "column": str((sub or {}).get("title") or column),
                    "group": _lower_first(group),
                    "row": row + 1,
                }
                if column not in wanted:
                    label = _("%(label)s (không bắt buộc)") % {"label": label}
                field.label = label
                name = group_field_name(component, prop, row, column)
                self.fields[name] = field
                names.append(name)
        return names

    @staticmethod
    def _condition_hint(schema: Mapping[str, Any], prop: str) -> str:
        properties = properties_of(schema)
        for condition in conditions_of(schema):
            if prop in condition.required:
                spec = properties.get(condition.field) or {}
                title = _lower_first(str(spec.get("title") or condition.field))
                if condition.value is True:
                    return _("Bắt buộc khi chọn %(title)s.") % {"title": title}
                return _("Bắt buộc khi %(title)s là %(value)s.") % {
                    "title": title,
                    "value": _choice_text(spec, condition.value),
                }
        return ""

    def _clean_component(self, component: Component, cleaned: Mapping[str, Any]) -> None:
        """What a field alone cannot check: a conditional question left blank, a line of a
        repeating group begun but not finished."""
        schema = component.schema or {}
        properties = properties_of(schema)
        for condition in conditions_of(schema):
            given = cleaned.get(form_field_name(component.code, condition.field))
            if given != condition.value and str(given) != str(condition.value):
                continue
            for prop in condition.required:
                name = form_field_name(component.code, prop)
                if (
                    name in self.fields
                    and cleaned.get(name) in (None, "")
                    and name not in self.errors
                ):
                    title = str((properties.get(prop) or {}).get("title") or prop)
                    self.add_error(
                        name, _("Vui lòng nhập %(label)s.") % {"label": _lower_first(title)}
                    )
        for prop, spec in properties.items():
            if not is_group(spec):
                continue
            columns = properties_of(spec["items"])
            wanted = list(spec["items"].get("required") or [])
            for row in range(group_rows(spec)):
                names = {c: group_field_name(component.code, prop, row, c) for c in columns}
                if all(cleaned.get(n) in (None, "", False) for n in names.values()):
                    continue
                for column in wanted:
                    name = names[column]
                    if cleaned.get(name) in (None, "") and name not in self.errors:
                        self.add_error(
                            name,
                            _("Vui lòng nhập %(label)s.")
                            % {"label": _lower_first(str(self.fields[name].label))},
                        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for component in self.components:
            if component.kind == ComponentKind.FORM:
                self._clean_component(component, cleaned)
        for component in self.components:
            if component.kind != ComponentKind.DOCUMENT:
                continue
            name = document_field_name(component.code)
            upload = cleaned.get(name)
            if isinstance(upload, UploadedFile):
                problem = upload_problem(upload)
                if problem:
                    self.add_error(name, problem)
        return cleaned

    def bound_sections(self) -> list[tuple[Section, list[forms.BoundField]]]:
        return [(s, [self[name] for name in s.field_names]) for s in self.sections]

    def form_data(self) -> dict[str, dict[str, Any]]:
        """The cleaned tờ khai as the JSON ``dossier_submit`` takes: one object per component."""
        data: dict[str, dict[str, Any]] = {}
        for component in self.components:
            if component.kind != ComponentKind.FORM:
                continue
            values: dict[str, Any] = {}
            for prop, spec in properties_of(component.schema).items():
                if is_group(spec or {}):
                    lines = self._group_values(component.code, prop, spec)
                    if lines:
                        values[prop] = lines
                    continue
                value = self.cleaned_data.get(form_field_name(component.code, prop))
                if value is None or value == "":
                    continue
                values[prop] = _json_value(value)
            data[component.code] = values
        return data

    def _group_values(
        self, component: str, prop: str, spec: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """The lines of a repeating group the applicant filled, blank cells left out."""
        lines = []
        for row in range(group_rows(spec)):
            line = {}
            for column in properties_of(spec["items"]):
                value = self.cleaned_data.get(group_field_name(component, prop, row, column))
                if value not in (None, "", False):
                    line[column] = _json_value(value)
            if line:
                lines.append(line)
        return lines

    def put_problems(self, problems: Sequence[FieldProblem], documents: Sequence[str]) -> None:
        """Put the service's problems next to the fields they name (``documents`` lists the
        component of each document sent, in order, for paths like ``documents[0].content``)."""
        seen: set[tuple[str | None, str]] = set()
        for problem in problems:
            target = problem_field(problem.path, documents, self.fields)
            if (target, problem.message) in seen:
                continue
            seen.add((target, problem.message))
            if target is not None and target in self.errors:
                continue  # Django already said what is wrong with this field
            self.add_error(target, problem.message)


def problem_field(path: str, documents: Sequence[str], fields: Mapping[str, Any]) -> str | None:
    """The form field a problem path of ``dossier_submit`` is about, or None for the whole form."""
    parts = path.split(".")
    name: str | None = None
    if parts[0] == "form_data" and len(parts) >= 5 and parts[3].isdigit():
        name = group_field_name(parts[1], parts[2], int(parts[3]), parts[4])
    elif parts[0] == "form_data" and len(parts) >= 3:
        name = form_field_name(parts[1], parts[2])
    elif parts[0] == "documents" and len(parts) >= 2:
        name = document_field_name(parts[1])
    elif match := re.fullmatch(r"documents\[(\d+)\]", parts[0]):
        index = int(match.group(1))
        name = document_field_name(documents[index]) if index < len(documents) else None
    elif parts[0] == "administrative_unit_code":
        name = COMMUNE_FIELD
    return name if name in fields else None


def upload_problem(upload: UploadedFile) -> str:
    """Why an uploaded file cannot be accepted ("" when it can): type by name and by content."""
    name = upload.name or ""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in _MAGIC:
        return _("Tệp %(name)s: chỉ nhận tệp PDF, JPEG hoặc PNG.") % {"name": name}
    if (upload.size or 0) > settings.MOTCUA_MAX_UPLOAD_BYTES:
        return _("Tệp %(name)s vượt quá dung lượng cho phép.") % {"name": name}
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(_MAGIC[suffix]):
        return _("Nội dung tệp %(name)s không đúng loại tệp như tên tệp.") % {"name": name}
    return ""


def answers(form: ApplicationForm) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the applicant entered, section by section, as text to check (GOV.UK check answers)."""
    shown: list[tuple[str, list[tuple[str, str]]]] = []
    for section in form.sections:
        if section.code == "documents":
            continue
        rows = []
        for name in section.field_names:
            value = form.cleaned_data.get(name)
            if _is_group_field(name) and value in (None, "", False):
                continue  # a line of a repeating group left blank
            if isinstance(value, bool):
                text = _("Có") if value else _("Không")
            elif isinstance(value, date):
                text = value.strftime("%d/%m/%Y")
            else:
                text = "" if value is None else str(value)
                field = form.fields[name]
                if isinstance(field, forms.ChoiceField):
                    text = str(dict(field.choices).get(text, text))  # type: ignore[arg-type]
            rows.append((str(form.fields[name].label), text))
        shown.append((section.title, rows))
    return shown
