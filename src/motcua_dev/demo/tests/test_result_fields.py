"""The demo's result templates read what its declaration forms ask: a template line whose answer
the form does not hold is silently left off the document, so a misspelt field name would only
show as a missing line on a certificate. Every name a template reads is checked against the
forms of its procedure version, and every answer a line reads is checked on the printed page."""

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from motcua.catalog.models import ComponentKind, ProcedureVersion, VersionStatus
from motcua.catalog.result_templates import DOSSIER_VALUES, result_template
from motcua.dossiers.paper.result_pdf import render_result
from motcua.dossiers.result_content import result_document, result_number
from motcua.dossiers.tests.judicial_record import MAI
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo.result_documents import RESULT_DOCUMENTS
from motcua_dev.demo.tests.test_demo_routing import _value
from motcua_dev.demo.tests.test_result_renders import AT, CODE, SIGNER, _filed, _text
from motcua_dev.testing.processes import require_tools

pytestmark = pytest.mark.django_db

_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def _issuing_versions() -> list[ProcedureVersion]:
    accounts_demo.load(at=AT)
    calendar_demo.load(at=AT)
    catalog_demo.load(at=AT)
    versions = [
        version
        for version in ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("components")
        .order_by("procedure__national_code")
        if version.results
    ]
    assert sorted(v.procedure.code for v in versions) == sorted(RESULT_DOCUMENTS)
    return versions


def _questions(version: ProcedureVersion) -> dict[str, dict[str, Any]]:
    """The top-level questions of the version's declaration forms, by field name: what a
    dossier's answers hold under that name (a repeating group's columns are not single answers)."""
    questions: dict[str, dict[str, Any]] = {}
    for component in version.components.all():
        if component.kind == ComponentKind.FORM:
            questions.update((component.schema or {}).get("properties") or {})
    return questions


def _names(texts: list[str] | tuple[str, ...]) -> list[str]:
    return [name for text in texts for name in _PLACEHOLDER.findall(text)]


def test_every_name_a_demo_result_template_reads_is_a_question_of_its_form_or_of_the_dossier() -> (
    None
):
    wrong: list[str] = []
    for version in _issuing_versions():
        code = version.procedure.code
        template = result_template(version.results)
        assert template is not None, code
        questions = _questions(version)
        # a line and the title read the answers only; paragraphs and the statement's default
        # may name the dossier's own values too (result_content._paragraph_values)
        answered = set(questions)
        with_dossier = answered | set(DOSSIER_VALUES)
        reads = [
            *((f"line {f.label!r}", f.source, answered) for f in template.fields),
            *(("title", name, answered) for name in template.placeholders()),
            *(
                ("paragraph", name, with_dossier)
                for name in _names(
                    (*template.basis, *template.body, *template.closing, template.statement_default)
                )
            ),
        ]
        wrong += [f"{code} {where}: {name}" for where, name, known in reads if name not in known]
        # a line formatted as a date or as money reads a question that holds one
        for field in template.fields:
            spec = questions.get(field.source, {})
            if field.format == "date" and spec.get("format") != "date":
                wrong.append(f"{code} line {field.label!r}: {field.source} is not a date")
            if field.format == "money" and spec.get("type") not in ("integer", "number"):
                wrong.append(f"{code} line {field.label!r}: {field.source} is not an amount")
    assert wrong == []


def _reads(version: ProcedureVersion) -> set[str]:
    """Every answer the version's result template reads: its lines, title and paragraphs."""
    template = result_template(version.results)
    assert template is not None
    texts = (*template.basis, *template.body, *template.closing, template.statement_default)
    return {f.source for f in template.fields} | {*template.placeholders(), *_names(texts)}


def _expected(value: object, spec: dict[str, Any], form: str) -> str:
    """An answer as the template prints it: a date as dd/mm/yyyy, a choice by its wording, an
    amount in đồng with dots between thousands."""
    text = str(value)
    if form == "date" or spec.get("format") == "date":
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    if "x-enum-labels" in spec:
        return str(spec["x-enum-labels"][[str(v) for v in spec["enum"]].index(text)])
    if form == "money":
        return f"{int(text):,} đồng".replace(",", ".")
    return text


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)


def test_every_answer_a_demo_result_template_reads_prints_on_the_document(tmp_path: Path) -> None:
    require_tools("pdftotext", packages="poppler-utils")
    for version in _issuing_versions():
        code = version.procedure.code
        template = result_template(version.results)
        assert template is not None, code
        # the demo answers the required questions; answer the optional ones the template reads
        questions = _questions(version)
        more = {
            component.code: {
                name: _value(name, questions[name])
                for name in _reads(version) & set((component.schema or {}).get("properties") or {})
            }
            for component in version.components.all()
            if component.kind == ComponentKind.FORM
        }
        dossier = _filed(version, more)
        answers = {k: v for form in dossier.form_data.values() for k, v in form.items()}
        unanswered = sorted(_reads(version) - set(answers) - set(DOSSIER_VALUES))
        assert unanswered == [], code

        values = {
            name: _expected(answers[name], questions[name], "text")
            for name in _reads(version) - set(DOSSIER_VALUES)
        } | {
            "applicant_name": MAI.name,
            "agency_name": dossier.competent_agency.name,
            "procedure_name": version.name,
            "dossier_code": dossier.code,
        }

        expected = [
            *(
                f"{f.label}: {_expected(answers[f.source], questions[f.source], f.format)}"
                for f in template.fields
            ),
            # the title reads the answers as given: "Phiếu lý lịch tư pháp số 2"
            _fill(template.title, {n: str(answers[n]) for n in template.placeholders()}).upper(),
            f"{template.statement_label}: {_fill(template.statement_default, values)}",
            *(_fill(text, values) for text in (*template.basis, *template.body, *template.closing)),
        ]
        document = result_document(dossier, CODE, result_number(dossier), at=AT, signer_name=SIGNER)
        text = _text(render_result(document), tmp_path)
        missing = [part for part in expected if part not in text]
        assert missing == [], code
