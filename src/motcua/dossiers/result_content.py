"""What the result document of a dossier says (nội dung văn bản kết quả), drawn from the version's
template (:mod:`motcua.catalog.result_templates`), the dossier's answers and the officers' work.

Reads only: :mod:`motcua.dossiers.results` renders, stores and signs what this module composes.
"""

import hashlib
import json
import re
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.catalog.result_templates import ResultTemplate, filled, result_template
from motcua.dossiers.models import Dossier

if TYPE_CHECKING:
    from motcua.dossiers.paper.result_pdf import ResultDocument


def verify_url(code: str) -> str:
    """The absolute address of the public verification page of a result."""
    base = str(settings.MOTCUA_PUBLIC_BASE_URL).rstrip("/")
    return f"{base}/verify/{quote(code, safe='-')}/"


def result_title(dossier: Dossier) -> str:
    """The title of the result of ``dossier``: its template's, with the form's answers in it."""
    results = dossier.procedure_version.results or []
    template = result_template(results)
    if template is not None:
        answers = _answers(dossier)
        return filled(template.title, {name: answers.get(name, "") for name in answers}, "")
    for item in results:
        if isinstance(item, dict) and item.get("name"):
            return str(item["name"])
    return _("Kết quả giải quyết thủ tục hành chính")


def result_number(dossier: Dossier) -> str:
    """The number printed after "Số:": the dossier's code and the template's symbol (ký hiệu)."""
    template = result_template(dossier.procedure_version.results)
    return f"{dossier.code}/{template.symbol if template is not None else 'KQ'}"


def _answers(dossier: Dossier) -> dict[str, object]:
    """The answers of every form of ``dossier``, by field name (the first form wins)."""
    answers: dict[str, object] = {}
    data = dossier.form_data if isinstance(dossier.form_data, dict) else {}
    for values in data.values():
        if isinstance(values, dict):
            for key, value in values.items():
                answers.setdefault(str(key), value)
    return answers


def _questions(dossier: Dossier) -> dict[str, dict[str, object]]:
    """The schema of each question of the version's forms, by field name."""
    questions: dict[str, dict[str, object]] = {}
    for component in dossier.procedure_version.components.all():
        properties = (component.schema or {}).get("properties", {})
        for name, spec in properties.items() if isinstance(properties, dict) else []:
            if isinstance(spec, dict):
                questions.setdefault(str(name), spec)
    return questions


def _shown(value: object, spec: dict[str, object], form: str = "text") -> str:
    """An answer as a person reads it: a date as 01/05/1990, a choice by its label, money with
    dots between thousands."""
    text = str(value).strip()
    if form == "date" or spec.get("format") == "date":
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            return f"{match[3]}/{match[2]}/{match[1]}"
    enum, labels = spec.get("enum"), spec.get("x-enum-labels") or spec.get("enumNames")
    if isinstance(enum, list) and isinstance(labels, list) and text in map(str, enum):
        return str(labels[[str(v) for v in enum].index(text)])
    if (form == "money" or spec.get("x-format") == "money") and text.isdigit():
        return f"{int(text):,} đồng".replace(",", ".")
    return text


def _form_lines(dossier: Dossier, template: ResultTemplate | None) -> tuple[tuple[str, str], ...]:
    answers, questions = _answers(dossier), _questions(dossier)
    if template is not None:
        return tuple(
            (
                field.label,
                _shown(answers[field.source], questions.get(field.source, {}), field.format),
            )
            for field in template.fields
            if str(answers.get(field.source, "")).strip()
        )
    lines: list[tuple[str, str]] = []
    for key, value in answers.items():
        if isinstance(value, str | int) and str(value).strip():
            spec = questions.get(key, {})
            lines.append((str(spec.get("title") or key), _shown(value, spec)))
    return tuple(lines[:12])


def _paragraph_values(dossier: Dossier) -> dict[str, object]:
    """What ``{name}`` stands for in a template's paragraphs: the answers as a person reads them,
    then the dossier's own values (:data:`~motcua.catalog.result_templates.DOSSIER_VALUES`)."""
    questions = _questions(dossier)
    values: dict[str, object] = {
        name: _shown(value, questions.get(name, {}))
        for name, value in _answers(dossier).items()
        if isinstance(value, str | int)
    }
    values.update(
        applicant_name=dossier.applicant.name,
        agency_name=dossier.competent_agency.name,
        procedure_name=dossier.procedure_version.name,
        dossier_code=dossier.code,
    )
    return values


def result_document(
    dossier: Dossier,
    code: str,
    number: str,
    *,
    at: datetime,
    signer_name: str = "",
    statement: str | None = None,
) -> "ResultDocument":
    """The result of ``dossier`` as it is printed: verification ``code``, ``number``, issued
    ``at``; ``statement`` is what the officer wrote (the template's default when ``None``)."""
    # reportlab is loaded by the first result, not by every web worker at start.
    from motcua.dossiers.paper.result_pdf import ResultDocument

    applicant = dossier.applicant
    template = result_template(dossier.procedure_version.results)
    values = _paragraph_values(dossier) if template is not None else {}
    said = None
    if template is not None and template.statement_label:
        said = (template.statement_label, statement or filled(template.statement_default, values))
    superior = dossier.competent_agency.parent
    return ResultDocument(
        agency_name=dossier.competent_agency.name,
        superior_name=superior.name if superior is not None else "",
        title=result_title(dossier),
        number=number,
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        applicant_name=applicant.name,
        applicant_id=applicant.personal_id or applicant.tax_code,
        applicant_address=applicant.address,
        lines=_form_lines(dossier, template),
        verification_code=code,
        verify_url=verify_url(code),
        issued_at=at,
        statement=said,
        signer_title=template.signer_title if template is not None else "",
        signer_name=signer_name,
        basis=tuple(filled(text, values) for text in template.basis) if template else (),
        body=tuple(filled(text, values) for text in template.body) if template else (),
        closing=tuple(filled(text, values) for text in template.closing) if template else (),
    )


def content_hash(document: "ResultDocument") -> str:
    """The hash of what a document says, without its code and date: what must not change between
    the preview the signer saw and the signature."""
    content = asdict(document)
    for key in ("verification_code", "verify_url", "issued_at", "number"):
        content.pop(key)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
