"""The template of a result document (mẫu kết quả giải quyết TTHC), kept as data with the
procedure version: each entry of ``ProcedureVersion.results`` may carry a ``document``, so a new
template is a new version, and a dossier renders the template of the version it was filed under.

``document`` is plain JSON::

    {"title": "Phiếu lý lịch tư pháp số {form_no}",       # {name}: an answer of the form
     "fields": [{"label": "Họ, chữ đệm và tên", "source": "full_name"},
                {"label": "Ngày, tháng, năm sinh", "source": "birth_date", "format": "date"}],
     "statement": {"label": "Tình trạng án tích", "default": "Không có án tích"},
     "signer_title": "Giám đốc",
     # optional:
     "symbol": "LLTP",                                     # ký hiệu: "Số: <dossier>/LLTP"
     "basis": ["Căn cứ Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009;"],
     "body": ["Chứng nhận ông/bà {applicant_name} ..."],   # paragraphs before the lines
     "closing": ["Phiếu có giá trị ..."]}                  # paragraphs after the statement

``statement`` is the part the officer writes when drafting (the registry's answer of a
judicial-record certificate); ``signer_title`` heads the signer block. In ``body`` and
``closing``, ``{name}`` is an answer of the form as a person reads it, or one of
:data:`DOSSIER_VALUES`. Pure: no database.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
FORMATS = ("text", "date", "money")
#: What ``body`` and ``closing`` may name besides the answers of the form.
DOSSIER_VALUES = ("applicant_name", "agency_name", "procedure_name", "dossier_code")
#: What a placeholder without an answer shows: the dotted blank of a paper form.
BLANK = "…"
_TEXT_LISTS = ("basis", "body", "closing")


@dataclass(frozen=True)
class TemplateField:
    label: str
    source: str
    format: str = "text"


@dataclass(frozen=True)
class ResultTemplate:
    title: str
    fields: tuple[TemplateField, ...]
    statement_label: str
    statement_default: str
    signer_title: str
    symbol: str = "KQ"
    basis: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()

    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.title)


def filled(text: str, values: Mapping[str, object], blank: str = BLANK) -> str:
    """``text`` with each ``{name}`` replaced by its value, ``blank`` where there is none."""

    def value(match: re.Match[str]) -> str:
        found = str(values.get(match[1], "")).strip()
        return found or blank

    return _PLACEHOLDER.sub(value, text)


def result_template_problems(document: object) -> list[str]:
    """What is wrong with a result's ``document`` (empty when it is well formed or absent)."""
    if document in (None, {}):
        return []
    if not isinstance(document, Mapping):
        return [_('Mẫu kết quả phải là một đối tượng, ví dụ {"title": "...", "fields": [...]}.')]
    problems = [
        _("Mẫu kết quả cần “%(key)s”, ví dụ “Giám đốc”.") % {"key": key}
        for key in ("title", "signer_title")
        if not isinstance(document.get(key), str) or not document[key].strip()
    ]
    fields = document.get("fields", [])
    if not isinstance(fields, list):
        problems.append(_("“fields” của mẫu kết quả là một danh sách."))
        fields = []
    for index, field in enumerate(fields):
        if not (
            isinstance(field, Mapping)
            and isinstance(field.get("label"), str)
            and isinstance(field.get("source"), str)
            and field.get("format", "text") in FORMATS
        ):
            problems.append(
                _(
                    "Dòng %(row)s của mẫu kết quả cần “label” và “source”, ví dụ "
                    '{"label": "Ngày sinh", "source": "birth_date", "format": "date"}.'
                )
                % {"row": index + 1}
            )
    statement = document.get("statement")
    if statement is not None and not (
        isinstance(statement, Mapping) and isinstance(statement.get("label"), str)
    ):
        problems.append(_('“statement” của mẫu kết quả cần “label”, ví dụ {"label": "Án tích"}.'))
    problems += [
        _('“%(key)s” của mẫu kết quả là một danh sách đoạn văn, ví dụ ["Căn cứ ...;"].')
        % {"key": key}
        for key in _TEXT_LISTS
        if not _texts(document.get(key, []))
    ]
    symbol = document.get("symbol", "KQ")
    if not (isinstance(symbol, str) and re.fullmatch(r"[A-ZĐ0-9-]{1,12}", symbol)):
        problems.append(
            _("“symbol” của mẫu kết quả là ký hiệu viết hoa, ví dụ “GPXD” hoặc “LLTP”.")
        )
    return problems


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def result_template(results: object) -> ResultTemplate | None:
    """The template of the first result of a version's ``results`` that has one."""
    for item in results if isinstance(results, list) else []:
        document: Any = item.get("document") if isinstance(item, Mapping) else None
        if not document or result_template_problems(document):
            continue
        statement = document.get("statement") or {}
        return ResultTemplate(
            title=str(document["title"]),
            fields=tuple(
                TemplateField(str(f["label"]), str(f["source"]), str(f.get("format", "text")))
                for f in document.get("fields", [])
            ),
            statement_label=str(statement.get("label", "")),
            statement_default=str(statement.get("default", "")),
            signer_title=str(document["signer_title"]),
            symbol=str(document.get("symbol", "KQ")),
            basis=tuple(document.get("basis", [])),
            body=tuple(document.get("body", [])),
            closing=tuple(document.get("closing", [])),
        )
    return None
