"""The back-office forms: sign in, counter intake (fields generated from JSON Schema), actions."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identifiers import check_mobile_phone, check_personal_id
from motcua.accounts.models import ApplicantKind, Sex
from motcua.catalog.form_schema import is_group
from motcua.catalog.models import ComponentKind
from motcua.core.errors import FieldProblem
from motcua.dossiers.services import ApplicantData, DocumentInput
from motcua.dossiers.workflow import Action


class OfficerLoginForm(AuthenticationForm):
    """Đăng nhập của cán bộ. A wrong name or password is reported on the password field."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        error_messages={"required": _("Nhập tên đăng nhập")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        error_messages={"required": _("Nhập mật khẩu")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại, lưu ý chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị viên của cơ quan."),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            # Said next to the password field, so the error sits where the person will retype.
            self.add_error("password", error)
            return self.cleaned_data


# --- Counter intake (tiếp nhận hồ sơ tại Bộ phận Một cửa) -----------------------------------------

#: Form items the applicant section already holds; left blank in a form, they are copied over.
APPLICANT_KEYS = {
    "full_name": "name",
    "name": "name",
    "personal_id": "personal_id",
    "birth_date": "birth_date",
    "sex": "sex",
    "phone": "phone",
    "email": "email",
    "address": "address",
}
OPTIONAL = _("(không bắt buộc)")


def form_field_name(component: str, item: str) -> str:
    """The HTML name of item ``item`` of form component ``component``."""
    return f"f__{component}__{item}"


def document_field_name(component: str) -> str:
    return f"d__{component}"


def _label(text: str, required: bool) -> str:
    return text if required else f"{text} {OPTIONAL}"


def schema_field(prop: dict[str, Any], *, title: str, required: bool) -> forms.Field:
    """One Django field for one JSON Schema property (string, integer, number, boolean, enum, date).

    Unknown shapes fall back to a text field; the dossier service validates the JSON again.
    """
    label = _label(str(prop.get("title") or title), required)
    hint = str(prop.get("description") or "")
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    field: forms.Field
    if "enum" in prop:
        choices = [("", _("Chọn")), *((str(v), str(v)) for v in prop["enum"])]
        field = forms.ChoiceField(label=label, required=required, help_text=hint, choices=choices)
    elif kind == "boolean":
        field = forms.BooleanField(label=label, required=required, help_text=hint)
    elif kind == "integer":
        field = forms.IntegerField(
            label=label,
            required=required,
            help_text=hint,
            min_value=prop.get("minimum"),
            max_value=prop.get("maximum"),
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input"}),
        )
    elif kind == "number":
        field = forms.FloatField(
            label=label,
            required=required,
            help_text=hint,
            min_value=prop.get("minimum"),
            max_value=prop.get("maximum"),
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "class": "input"}),
        )
    elif kind == "string" and prop.get("format") == "date":
        field = forms.DateField(
            label=label,
            required=required,
            help_text=hint,
            widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        )
    else:
        max_length = prop.get("maxLength")
        long_text = isinstance(max_length, int) and max_length > 500
        field = forms.CharField(
            label=label,
            required=required,
            help_text=hint,
            max_length=max_length if isinstance(max_length, int) else None,
            min_length=prop.get("minLength"),
            widget=forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput(),
        )
        pattern = prop.get("pattern")
        if isinstance(pattern, str):
            field.validators.append(
                RegexValidator(
                    pattern, message=_("%(label)s không đúng định dạng.") % {"label": label}
                )
            )
    plain = str(prop.get("title") or title)
    field.error_messages["required"] = _("Nhập %(label)s") % {"label": plain.lower()}
    if kind == "integer":
        field.error_messages["invalid"] = _("%(label)s phải là số nguyên") % {"label": plain}
    elif kind == "number":
        field.error_messages["invalid"] = _("%(label)s phải là một số") % {"label": plain}
    elif isinstance(field, forms.DateField):
        field.error_messages["invalid"] = _(
            "%(label)s phải là một ngày có thật, ví dụ 01/05/1990"
        ) % {"label": plain}
    if kind in ("integer", "number"):
        field.error_messages["min_value"] = (
            _("%(label)s phải lớn hơn hoặc bằng ") % {"label": plain}
        ) + "%(limit_value)s"
        field.error_messages["max_value"] = (
            _("%(label)s phải nhỏ hơn hoặc bằng ") % {"label": plain}
        ) + "%(limit_value)s"
    if kind == "boolean" and required:
        field.error_messages["required"] = _("Đánh dấu ô %(label)s") % {"label": label.lower()}
    return field


def schema_fields(schema: dict[str, Any] | None, *, component: str) -> dict[str, forms.Field]:
    """The Django fields of a form component's JSON Schema (an object of simple properties), by name."""
    if not schema:
        return {}
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    return {
        form_field_name(component, name): schema_field(
            prop if isinstance(prop, dict) else {}, title=name, required=name in required
        )
        for name, prop in properties.items()
        # a repeating group (a table of the paper form) is read from the scanned form
        if not (isinstance(prop, dict) and is_group(prop))
    }


def schema_value(prop: dict[str, Any], value: Any) -> Any:
    """A cleaned form value as the JSON the schema expects (a date as ``YYYY-MM-DD``)."""
    if isinstance(value, date):
        return value.isoformat()
    if "enum" in prop:
        for choice in prop["enum"]:
            if str(choice) == value:
                return choice
    return value


@dataclass(frozen=True)
class IntakeComponent:
    """A component of the chosen procedure as the intake form shows it."""

    code: str
    name: str
    kind: str
    required: bool
    schema: dict[str, Any] | None


class IntakeForm(forms.Form):
    """Counter intake: applicant, commune or ward, the procedure's forms, and the scanned papers."""

    personal_id = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=20,
        help_text=_("12 chữ số, in trên thẻ căn cước"),
        error_messages={"required": _("Nhập số định danh cá nhân")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Họ, chữ đệm và tên"),
        max_length=200,
        error_messages={"required": _("Nhập họ, chữ đệm và tên")},
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Nhập ngày sinh"),
            "invalid": _("Ngày sinh phải là một ngày có thật"),
        },
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        choices=[("", _("Chọn")), *Sex.choices],
        error_messages={"required": _("Chọn giới tính")},
    )
    phone = forms.CharField(
        label=_label(str(_("Số điện thoại di động")), False),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_label(str(_("Thư điện tử")), False),
        required=False,
        error_messages={"invalid": _("Nhập thư điện tử đúng định dạng, ví dụ ten@example.vn")},
    )
    address = forms.CharField(
        label=_("Nơi cư trú"), max_length=500, error_messages={"required": _("Nhập nơi cư trú")}
    )
    administrative_unit = forms.ChoiceField(
        label=_("Xã, phường nơi giải quyết"),
        help_text=_("Hồ sơ được chuyển đến cơ quan có thẩm quyền của đơn vị hành chính này."),
        error_messages={"required": _("Chọn xã, phường"), "invalid_choice": _("Chọn xã, phường")},
    )

    def __init__(
        self,
        *args: Any,
        components: list[IntakeComponent],
        units: list[tuple[str, str]],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        self.today = today
        self.fields["administrative_unit"].choices = [("", _("Chọn")), *units]  # type: ignore[attr-defined]
        self.copied: dict[str, str] = {}
        for component in components:
            if component.kind == ComponentKind.FORM:
                for name, field in schema_fields(
                    component.schema, component=component.code
                ).items():
                    item = name.split("__", 2)[2]
                    if item in APPLICANT_KEYS:
                        # Left blank, it takes the applicant's value (no typing the same twice).
                        self.copied[name] = APPLICANT_KEYS[item]
                        if field.required:
                            field.required = False
                            field.label = _label(str(field.label), False)
                        field.help_text = _("Để trống để dùng thông tin người nộp hồ sơ ở trên.")
                    self.fields[name] = field
            else:
                self.fields[document_field_name(component.code)] = forms.FileField(
                    label=_label(component.name, component.required),
                    required=component.required,
                    help_text=_("Bản quét PDF, JPEG hoặc PNG"),
                    error_messages={
                        "required": _("Chọn tệp bản quét: %(name)s") % {"name": component.name}
                    },
                    widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
                )

    def form_fields(self, component: str) -> list[forms.BoundField]:
        prefix = form_field_name(component, "")
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def document_field(self, component: str) -> forms.BoundField:
        return self[document_field_name(component)]

    def clean_personal_id(self) -> str:
        value = str(self.cleaned_data["personal_id"])
        checked = check_personal_id(value, today=self.today)
        if not checked.valid:
            raise ValidationError(checked.reason)
        return checked.value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        checked = check_mobile_phone(value)
        if not checked.valid:
            raise ValidationError(checked.reason)
        return checked.value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        personal_id = data.get("personal_id")
        if personal_id and "personal_id" not in self.errors:
            # Birth year and sex are encoded in the number: check them together.
            checked = check_personal_id(
                personal_id,
                today=self.today,
                birth_date=data.get("birth_date"),
                sex=data.get("sex") or None,
            )
            if not checked.valid:
                self.add_error("personal_id", checked.reason)
        for name, key in self.copied.items():
            if data.get(name) in (None, "") and data.get(key) not in (None, ""):
                data[name] = data[key]
        for component in self.components:
            schema = component.schema or {}
            required = set(schema.get("required") or [])
            for item in required:
                name = form_field_name(component.code, item)
                source = self.copied.get(name)
                if (
                    source is not None
                    and source not in self.errors  # said once, next to the applicant's field
                    and data.get(name) in (None, "")
                    and name not in self.errors
                ):
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def applicant_data(self) -> ApplicantData:
        data = self.cleaned_data
        return ApplicantData(
            kind=ApplicantKind.CITIZEN,
            name=data["name"],
            personal_id=data["personal_id"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data["address"],
        )

    def form_data(self) -> dict[str, Any]:
        """The forms' data as the JSON their schemas describe; blank optional items are left out."""
        result: dict[str, Any] = {}
        for component in self.components:
            if component.kind != ComponentKind.FORM:
                continue
            properties = (component.schema or {}).get("properties") or {}
            values: dict[str, Any] = {}
            for item, prop in properties.items():
                value = self.cleaned_data.get(form_field_name(component.code, item))
                if value in (None, "") or (value is False and prop.get("type") != "boolean"):
                    continue
                values[item] = schema_value(prop, value)
            if values or component.required:
                result[component.code] = values
        return result

    def documents(self) -> list[DocumentInput]:
        found: list[DocumentInput] = []
        for component in self.components:
            if component.kind == ComponentKind.FORM:
                continue
            upload = self.cleaned_data.get(document_field_name(component.code))
            if upload:
                found.append((component.code, str(upload.name), upload))
        return found

    def add_problems(self, problems: list[FieldProblem]) -> None:
        """Put each problem the dossier service found next to its field (or in the summary)."""
        documents = self.documents()
        for problem in problems:
            self.add_error(self._field_for(problem.path, documents), problem.message)

    def _field_for(self, path: str, documents: list[DocumentInput]) -> str | None:
        parts = path.split(".")
        if parts[0] == "applicant" and len(parts) > 1 and parts[1] in self.fields:
            return parts[1]
        if parts[0] == "administrative_unit_code":
            return "administrative_unit"
        if parts[0] == "form_data" and len(parts) > 2:
            name = form_field_name(parts[1], parts[2])
            return name if name in self.fields else None
        if parts[0] == "documents" and len(parts) > 1:
            name = document_field_name(parts[1])
            return name if name in self.fields else None
        if parts[0].startswith("documents[") and parts[0].endswith("]"):
            index = int(parts[0][len("documents[") : -1])
            if index < len(documents):
                return document_field_name(documents[index][0])
        return None


ACTION_REASONS_MAX = 2000


class ActionForm(forms.Form):
    """One action on a dossier; ``version`` is the dossier's version the officer saw."""

    action = forms.ChoiceField(choices=[(a.value, a.value) for a in Action])
    version = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=ACTION_REASONS_MAX)
    reasons = forms.CharField(required=False, max_length=ACTION_REASONS_MAX)

    def reason_lines(self) -> list[str]:
        return [line for line in str(self.cleaned_data.get("reasons") or "").splitlines() if line]


# --- Side actions: the apology (form 04) and the consultation of other agencies ----------------

CONSULT_DAYS_MAX = 60


class ApologyForm(forms.Form):
    """The leader approves the apology (form 04) with its reasons and the new return date."""

    prefix = "xin-loi"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reasons = forms.CharField(
        label=_("Lý do chậm giải quyết hồ sơ"),
        help_text=_(
            "Bắt buộc: lý do thực tế, mỗi lý do một dòng; nội dung này được gửi tới người nộp hồ "
            "sơ trong mẫu 04."
        ),
        max_length=ACTION_REASONS_MAX,
        error_messages={"required": _("Nhập lý do chậm giải quyết hồ sơ")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    new_due_on = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        help_text=_("Đề xuất của hệ thống; có thể sửa. Phải là ngày làm việc sau hạn hiện tại."),
        error_messages={
            "required": _("Nhập ngày hẹn trả kết quả mới"),
            "invalid": _("Ngày hẹn trả kết quả mới phải là một ngày hợp lệ, ví dụ 15/12/2026"),
        },
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )

    def reason_lines(self) -> list[str]:
        return [line for line in str(self.cleaned_data["reasons"]).splitlines() if line.strip()]

    def clean_reasons(self) -> str:
        return str(self.cleaned_data["reasons"]).strip()


class ConsultRequestForm(forms.Form):
    """The holder of the step asks other agencies for their opinion (liên thông), in parallel."""

    prefix = "lay-y-kien"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    agencies = forms.MultipleChoiceField(
        label=_("Cơ quan cần lấy ý kiến"),
        help_text=_("Đánh dấu từng cơ quan cần hỏi; có thể chọn nhiều cơ quan."),
        error_messages={
            "required": _("Chọn ít nhất một cơ quan cần lấy ý kiến"),
            "invalid_choice": _("Cơ quan đã chọn không có trong danh sách"),
        },
        widget=forms.CheckboxSelectMultiple,
    )
    working_days = forms.IntegerField(
        label=_("Số ngày làm việc để trả lời"),
        min_value=1,
        max_value=CONSULT_DAYS_MAX,
        error_messages={
            "required": _("Nhập số ngày làm việc để trả lời"),
            "invalid": _("Số ngày làm việc phải là một số nguyên, ví dụ 3"),
            "min_value": _("Số ngày làm việc phải từ 1 trở lên"),
            "max_value": _("Số ngày làm việc không quá %(limit_value)s"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input"}),
    )
    note = forms.CharField(
        label=_("Nội dung đề nghị (không bắt buộc)"),
        required=False,
        max_length=ACTION_REASONS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agencies"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = agencies


class ConsultAnswerForm(forms.Form):
    """An officer of a consulted agency gives its opinion, once."""

    prefix = "tra-loi"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ý kiến trả lời"),
        max_length=ACTION_REASONS_MAX,
        error_messages={"required": _("Nhập ý kiến trả lời")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
