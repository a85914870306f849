"""How a declaration form's JSON Schema reads as the official template it stands for.

A form component's schema is plain JSON Schema (``dossier_submit`` validates answers with it)
with a few keywords of the project that validators ignore:

- ``x-form``: ``{number, legal_basis, addressee}``: the template's number (mẫu số), the legal
  document that issues it, the agency the paper is addressed to (Kính gửi).
- ``x-section`` on a property: the template's heading it sits under; sections keep the order in
  which their first question appears.
- a property of ``type: array`` whose ``items`` is an object is a repeating group (a table on
  the paper template), ``x-rows`` lines of it shown.
- ``allOf`` of ``{"if": {"properties": {f: {"const": v}}}, "then": {"required": [...]}}``: those
  questions must be answered when ``f`` is ``v``.
- ``x-prefill`` (``motcua.dossiers.prefill``) and ``x-enum-labels`` (the choices' wording).

The one reader of these keywords: the application form, the blank PDF and the tests use it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_ROWS = 3


@dataclass(frozen=True)
class FormSource:
    """Which official template a form reproduces."""

    number: str
    legal_basis: str
    addressee: str


@dataclass(frozen=True)
class Condition:
    """``required`` must be answered when ``field`` has ``value``."""

    field: str
    value: Any
    required: tuple[str, ...]


@dataclass(frozen=True)
class FormSection:
    title: str  # "" for questions under no heading
    properties: tuple[str, ...]


def properties_of(schema: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    return dict((schema or {}).get("properties") or {})


def source_of(schema: Mapping[str, Any] | None) -> FormSource:
    raw = (schema or {}).get("x-form") or {}
    return FormSource(
        number=str(raw.get("number") or ""),
        legal_basis=str(raw.get("legal_basis") or ""),
        addressee=str(raw.get("addressee") or ""),
    )


def sections_of(schema: Mapping[str, Any] | None) -> list[FormSection]:
    """The questions grouped by the template's headings, in the template's order."""
    order: list[str] = []
    grouped: dict[str, list[str]] = {}
    for prop, spec in properties_of(schema).items():
        title = str((spec or {}).get("x-section") or "")
        if title not in grouped:
            order.append(title)
            grouped[title] = []
        grouped[title].append(prop)
    return [FormSection(title, tuple(grouped[title])) for title in order]


def conditions_of(schema: Mapping[str, Any] | None) -> list[Condition]:
    """The conditional questions: each ``if`` on one property's constant value."""
    found = []
    for rule in (schema or {}).get("allOf") or []:
        if not isinstance(rule, Mapping):
            continue
        when = ((rule.get("if") or {}).get("properties")) or {}
        then = (rule.get("then") or {}).get("required") or []
        if len(when) != 1 or not then:
            continue
        [(field, test)] = when.items()
        if isinstance(test, Mapping) and "const" in test:
            found.append(Condition(str(field), test["const"], tuple(str(t) for t in then)))
    return found


def is_group(spec: Mapping[str, Any]) -> bool:
    """A repeating group: an array of objects."""
    items = spec.get("items")
    return spec.get("type") == "array" and isinstance(items, Mapping) and "properties" in items


def group_rows(spec: Mapping[str, Any]) -> int:
    return int(spec.get("x-rows") or spec.get("maxItems") or DEFAULT_ROWS)


def choice_labels(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(value, wording)`` of each choice of an enum question."""
    values = [str(v) for v in spec.get("enum") or []]
    names = spec.get("enumNames") or spec.get("x-enum-labels")
    if isinstance(names, list) and len(names) == len(values):
        return [(value, str(name)) for value, name in zip(values, names, strict=True)]
    return [(value, value) for value in values]


def question_titles(schema: Mapping[str, Any] | None) -> list[str]:
    """Every question's wording, a repeating group's columns included, in the template's order."""
    titles = []
    for prop, spec in properties_of(schema).items():
        titles.append(str(spec.get("title") or prop))
        if is_group(spec):
            titles.extend(
                str(sub.get("title") or name)
                for name, sub in (spec["items"].get("properties") or {}).items()
            )
    return titles
