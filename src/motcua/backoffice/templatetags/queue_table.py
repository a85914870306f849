"""The rows of the work queue's table, and its filter's statuses, written in tags.

A page holds 25 rows of six cells, their tags and hints: some 600 template nodes, which cost the
template engine more CPU than the rest of the request, reads included. The tag writes the same
markup the loop wrote, every value escaped as the template escaped it. The statuses' options
depend only on the language and the chosen status: each is written once per process.
"""

import html
import threading
from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from motcua.backoffice.presenters import QueueRow, Tag

register = template.Library()

_ROW = (
    "\n      <tr>"
    '\n        <td data-label="{code_label}"><a href="{url}">{code}</a></td>'
    '\n        <td data-label="{procedure_label}">{procedure_name} '
    '<span class="hint">{procedure_code}</span></td>'
    '\n        <td data-label="{applicant_label}">{applicant}</td>'
    '\n        <td data-label="{status_label}">{tags}</td>'
    '\n        <td data-label="{step_label}">{step}{step_due}</td>'
    '\n        <td data-label="{due_label}">{due}</td>'
    "\n      </tr>\n      "
)
_EMPTY = "—"
_TAG = '<strong class="tag tag--{}">{}</strong>'
_STEP_DUE = '<span class="hint">{}: {}</span>'


def _escaped(value: Any) -> str:
    """``value`` as ``{{ value }}`` writes it: markup kept, text escaped (Django's
    ``conditional_escape``, without its check for lazy texts, a third of its cost)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@register.simple_tag
def queue_table_rows(rows: Sequence[QueueRow], *labels: str) -> SafeString:
    """``rows`` as ``<tr>`` elements; ``labels``: the cells' labels (code, procedure, applicant,
    status, step, due) and the step's due moment's, translated by the template."""
    code, procedure, applicant, status, step, due, step_due = map(_escaped, labels)
    # A page shows a handful of distinct tags (statuses and flags): each written once.
    tags: dict[Tag, str] = {}
    written = []
    for row in rows:
        for tag in row.tags:
            if tag not in tags:
                tags[tag] = _TAG.format(_escaped(tag.colour), _escaped(tag.text))
        written.append(
            _ROW.format(
                code_label=code,
                url=_escaped(row.url),
                code=_escaped(row.code),
                procedure_label=procedure,
                procedure_name=_escaped(row.procedure_name),
                procedure_code=_escaped(row.procedure_code),
                applicant_label=applicant,
                applicant=_escaped(row.applicant),
                status_label=status,
                tags=" ".join(tags[tag] for tag in row.tags),
                step_label=step,
                step=_escaped(row.step or _EMPTY),
                step_due=_STEP_DUE.format(step_due, _escaped(row.step_due_text))
                if row.step_due_text
                else "",
                due_label=due,
                due=_escaped(row.due_text or _EMPTY),
            )
        )
    # Every value above was escaped by _escaped.
    return mark_safe("".join(written))  # noqa: S308


_OPTION = '<option value="{}"{}>{}</option>'
#: Languages x statuses: a few dozen; past this many, none is added.
_KEPT_LIMIT = 256
_lock = threading.Lock()
_options: dict[tuple[str | None, str, tuple[str, ...]], SafeString] = {}


@register.simple_tag
def queue_status_options(statuses: Sequence[tuple[str, Any]], chosen: str) -> SafeString:
    """An ``<option>`` for each (value, label) of ``statuses``, ``chosen``'s selected, as the
    template's loop wrote them; kept per language, chosen status and values."""
    key = (get_language(), chosen, tuple(str(value) for value, _label in statuses))
    written = _options.get(key)
    if written is None:
        # Every value is escaped by _escaped.
        written = mark_safe(  # noqa: S308
            "".join(
                _OPTION.format(
                    _escaped(value), " selected" if value == chosen else "", _escaped(label)
                )
                for value, label in statuses
            )
        )
        with _lock:
            if len(_options) < _KEPT_LIMIT:
                _options[key] = written
    return written
