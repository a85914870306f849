"""Documents and form data of a dossier (thành phần hồ sơ, tờ khai), at submission and supplement.

Each document is read once, inspected (type, size, malware scan) and stored under
``dossiers/<year>/<code>/`` with its SHA-256; the form data of each component is checked against
its JSON schema. Every problem is reported at once, and a file stored by an action that does not
commit is deleted again (:func:`delete_files`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from motcua.catalog.models import Component, ComponentKind
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.rows import row_insert
from motcua.core.text import nfc
from motcua.documents.inspection import DOSSIER_TYPES, upload_inspect
from motcua.dossiers.models import Dossier, DossierDocument

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


DocumentContent = bytes | UploadedFile
DocumentInput = tuple[str, str, DocumentContent]


@dataclass(frozen=True)
class CheckedDocument:
    component: str
    name: str
    data: bytes
    sha256: str
    content_type: str
    #: Hash of the file as sent, when the gate stored it changed (an image without metadata).
    original_sha256: str


def read_content(content: DocumentContent) -> bytes:
    if isinstance(content, bytes):
        return content
    content.seek(0)
    return b"".join(content.chunks())


def check_documents(
    documents: Sequence[DocumentInput],
    components: dict[str, Component],
    problems: list[FieldProblem],
) -> list[CheckedDocument]:
    checked: list[CheckedDocument] = []
    for index, (component_code, name, content) in enumerate(documents):
        path = f"documents[{index}]"
        name = nfc(name).strip()
        data = read_content(content)
        ok = True
        component = components.get(component_code)
        if component is None or component.kind != ComponentKind.DOCUMENT:
            problems.append(
                FieldProblem(
                    f"{path}.component",
                    _("Thủ tục không có thành phần giấy tờ mã %(code)s.")
                    % {"code": component_code},
                )
            )
            ok = False
        # One gate for every upload (portal, counter, API, supplement): documents.inspection.
        try:
            inspected = upload_inspect(name=name, data=data, allowed_types=DOSSIER_TYPES)
        except ValidationFailed as refused:
            problems.extend(FieldProblem(f"{path}.{p.path}", p.message) for p in refused.problems)
            continue
        if ok:
            checked.append(
                CheckedDocument(
                    component=component_code,
                    name=inspected.name,
                    data=inspected.data,
                    sha256=inspected.sha256,
                    content_type=inspected.content_type,
                    original_sha256=inspected.original_sha256,
                )
            )
    return checked


def _schema_message(error: SchemaError) -> str:
    value = error.validator_value
    messages: dict[str, str] = {
        "required": _("Trường này là bắt buộc."),
        "type": _("Giá trị phải có kiểu %(value)s."),
        "enum": _("Giá trị phải là một trong: %(value)s."),
        "const": _("Giá trị phải là %(value)s."),
        "pattern": _("Giá trị không đúng định dạng."),
        "format": _("Giá trị không đúng định dạng %(value)s."),
        "minLength": _("Giá trị phải có ít nhất %(value)s ký tự."),
        "maxLength": _("Giá trị không được quá %(value)s ký tự."),
        "minimum": _("Giá trị phải lớn hơn hoặc bằng %(value)s."),
        "maximum": _("Giá trị phải nhỏ hơn hoặc bằng %(value)s."),
        "additionalProperties": _("Tờ khai có trường không được khai báo."),
        "minItems": _("Phải có ít nhất %(value)s mục."),
        "maxItems": _("Không được quá %(value)s mục."),
    }
    template = messages.get(str(error.validator), _("Giá trị không hợp lệ."))
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return template % {"value": shown} if "%(value)s" in template else template


def check_forms(
    form_data: Any, components: dict[str, Component], problems: list[FieldProblem]
) -> None:
    if not isinstance(form_data, dict):
        problems.append(FieldProblem("form_data", _("Dữ liệu tờ khai phải là một đối tượng.")))
        return
    forms = {code: c for code, c in components.items() if c.kind == ComponentKind.FORM}
    problems.extend(
        FieldProblem(f"form_data.{key}", _("Thủ tục không có tờ khai mã %(code)s.") % {"code": key})
        for key in form_data
        if key not in forms
    )
    for code, component in forms.items():
        if code not in form_data:
            if component.required:
                problems.append(
                    FieldProblem(
                        f"form_data.{code}",
                        _("Thiếu tờ khai bắt buộc: %(name)s.") % {"name": component.name},
                    )
                )
            continue
        validator = Draft202012Validator(
            component.schema or {}, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = sorted(validator.iter_errors(form_data[code]), key=lambda e: list(e.absolute_path))
        # jsonschema reports one "required" error per missing property, each carrying the whole
        # list of required names: name each missing field once.
        missing: set[str] = set()
        for error in errors:
            parts = [str(p) for p in error.absolute_path]
            if error.validator == "required":
                instance = error.instance if isinstance(error.instance, dict) else {}
                for name in error.validator_value:
                    path = ".".join(["form_data", code, *parts, name])
                    if name not in instance and path not in missing:
                        missing.add(path)
                        problems.append(FieldProblem(path, _("Trường này là bắt buộc.")))
                continue
            problems.append(
                FieldProblem(".".join(["form_data", code, *parts]), _schema_message(error))
            )


def delete_files(names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(name)


def store_documents(
    *, dossier: Dossier, documents: Sequence[CheckedDocument], at: datetime, stored: list[str]
) -> list[DossierDocument]:
    """Save checked files under the dossier's folder and record them with their SHA-256; the rows
    written, in order.

    Each saved name is appended to ``stored`` at once, so that the caller can delete the files
    again if the transaction does not commit.
    """
    year = dossier.received_at.astimezone(LOCAL_TZ).year
    rows = []
    for document in documents:
        suffix = PurePosixPath(document.name.lower()).suffix
        name = default_storage.save(
            f"dossiers/{year}/{_SAFE_NAME.sub('_', dossier.code)}/"
            f"{_SAFE_NAME.sub('_', document.component)}-{document.sha256[:16]}{suffix}",
            ContentFile(document.data),
        )
        stored.append(name)
        row = DossierDocument(
            dossier=dossier,
            component_code=document.component,
            file=name,
            original_name=document.name,
            size=len(document.data),
            content_type=document.content_type,
            sha256=document.sha256,
            original_sha256=document.original_sha256,
            uploaded_at=at,
        )
        row_insert(row)
        rows.append(row)
    return rows


def _merge_forms(old: Any, new: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The dossier's tờ khai with the corrected fields of ``new`` laid over it, component by
    component, and the paths (``component.field``) whose value changed."""
    merged: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    changed: list[str] = []
    for code, values in new.items():
        before = merged.get(code)
        if isinstance(values, dict) and isinstance(before, dict):
            merged[code] = {**before, **values}
            changed.extend(
                f"{code}.{prop}" for prop, value in values.items() if before.get(prop) != value
            )
        else:
            merged[code] = values
            if before != values:
                changed.append(str(code))
    return merged, changed


def supplement_content(
    *,
    dossier: Dossier,
    documents: Sequence[DocumentInput],
    form_data: dict[str, Any] | None,
    at: datetime,
    stored: list[str],
) -> tuple[str, dict[str, Any]]:
    """Check, then store, what the applicant supplies (files and corrected tờ khai fields) on the
    locked ``dossier``; every problem at once, nothing stored. The answer: the text listing what
    was added, for the history row, and the same for the audit row."""
    components = {
        c.code: c for c in Component.objects.filter(version_id=dossier.procedure_version_id)
    }
    problems: list[FieldProblem] = []
    checked = check_documents(documents, components, problems)
    merged: Any = dossier.form_data
    changed: list[str] = []
    if form_data is not None:
        if isinstance(form_data, dict):
            merged, changed = _merge_forms(dossier.form_data, form_data)
        check_forms(merged if isinstance(form_data, dict) else form_data, components, problems)
    if problems:
        raise ValidationFailed(
            _("Nội dung bổ sung chưa hợp lệ nên chưa được gửi."), problems=problems
        )
    store_documents(dossier=dossier, documents=checked, at=at, stored=stored)
    dossier.form_data = merged
    lines = []
    if checked:
        lines.append(
            _("Giấy tờ bổ sung: %(documents)s.")
            % {"documents": "; ".join(f"{components[d.component].name}: {d.name}" for d in checked)}
        )
    if changed:
        lines.append(_("Sửa tờ khai: %(fields)s.") % {"fields": ", ".join(changed)})
    audit = {"documents": [[d.component, d.sha256] for d in checked], "form_fields": changed}
    return " ".join(lines), audit
