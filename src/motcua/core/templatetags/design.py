"""Template tags and filters of the design system (GOV.UK patterns, in Vietnamese).

Every page loads them with ``{% load design %}``. Money is integer đồng and is shown the way
Vietnamese public notices write it: a dot between thousands ("200.000 đồng"); on the English pages
numbers take the English separators ("200,000"), see :func:`number_text`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

TAG_COLOURS = frozenset({"grey", "green", "red", "yellow", "blue"})


_VIETNAMESE_SEPARATORS = str.maketrans(",.", ".,")


def number_text(value: float, *, decimals: int = 0, language: str | None = None) -> str:
    """A number as ``language`` (default: the active language) writes it: ``1.234.567,5`` in
    Vietnamese (a dot between thousands, a decimal comma), ``1,234,567.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if (language or get_language() or "vi").startswith("en"):
        return text
    return text.translate(_VIETNAMESE_SEPARATORS)


def group_thousands(amount: int) -> str:
    """``1234567`` -> ``"1.234.567"`` on Vietnamese pages, ``"1,234,567"`` on English ones."""
    return number_text(amount)


@register.filter(name="dong")
def dong(amount: int | None) -> str:
    """An integer amount in đồng: ``200000`` -> ``"200.000 đồng"``; ``None`` -> ``""``."""
    if amount is None:
        return ""
    return _("%(amount)s đồng") % {"amount": group_thousands(int(amount))}


@register.filter(name="fee")
def fee(amount: int | None) -> str:
    """A fee to pay: ``0`` is said to be free ("Miễn phí (0 đồng)"), anything else as :func:`dong`."""
    if amount is None:
        return ""
    if int(amount) == 0:
        return _("Miễn phí (%(amount)s)") % {"amount": dong(0)}
    return dong(amount)


@register.filter(name="tag_colour")
def tag_colour(colour: str) -> str:
    """The CSS modifier of a status tag; an unknown colour falls back to the default blue."""
    return colour if colour in TAG_COLOURS else "blue"


def field_ids(bound_field: forms.BoundField) -> dict[str, str]:
    """The ids a field's label, hint and error message use, so they can point at each other."""
    field_id = bound_field.id_for_label or bound_field.auto_id or bound_field.html_name
    return {"id": field_id, "hint_id": f"{field_id}-hint", "error_id": f"{field_id}-error"}


@register.inclusion_tag("design/field.html")
def design_field(
    bound_field: forms.BoundField, hint: str = "", label_class: str = ""
) -> dict[str, Any]:
    """A form field with its label, hint and (next to it) its error.

    The hint comes from ``help_text`` unless given; the input is described by both, so a screen
    reader announces the error together with the field.
    """
    ids = field_ids(bound_field)
    hint_text = hint or str(bound_field.help_text or "")
    errors = list(bound_field.errors)
    described_by = []
    if hint_text:
        described_by.append(ids["hint_id"])
    if errors:
        described_by.append(ids["error_id"])
    attrs: dict[str, str | bool] = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": bound_field,
        "widget": bound_field.as_widget(attrs=attrs),
        "hint": hint_text,
        "errors": errors,
        "label_class": label_class,
        **ids,
    }


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary: the message and the id of the field it links to."""

    message: str
    target: str


def summary_errors(form: forms.BaseForm) -> list[SummaryError]:
    """Every error of ``form`` in field order; errors that belong to no field come first."""
    found = [SummaryError(str(message), "") for message in form.non_field_errors()]
    for bound_field in form:
        for message in bound_field.errors:
            found.append(SummaryError(str(message), field_ids(bound_field)["id"]))  # noqa: PERF401
    return found


@register.inclusion_tag("design/error_summary.html")
def error_summary(form: forms.BaseForm | None, first_target: str = "") -> dict[str, Any]:
    """The error summary at the top of a page: a focused alert with links to each field.

    ``first_target`` is where a link for a non-field error points (usually the first input).
    """
    if form is None or not form.is_bound or not form.errors:
        return {"errors": []}
    errors = [
        SummaryError(e.message, e.target or first_target or _first_field_id(form))
        for e in summary_errors(form)
    ]
    return {"errors": errors}


def _first_field_id(form: forms.BaseForm) -> str:
    for bound_field in form:
        return field_ids(bound_field)["id"]
    return ""


def page_url(query: QueryDict | Mapping[str, str], number: int, *, param: str = "page") -> str:
    """A query string for page ``number`` keeping every other parameter (search text, filters)."""
    copy = QueryDict(mutable=True)
    if isinstance(query, QueryDict):
        for key, values in query.lists():
            if key != param:
                copy.setlist(key, values)
    else:
        for key, value in query.items():
            if key != param:
                copy[key] = value
    if number > 1:
        copy[param] = str(number)
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks a gap ("…")
    url: str
    current: bool


def page_links(
    page: Page[Any], query: QueryDict | Mapping[str, str], *, around: int = 2
) -> list[PageLink]:
    """Links to the first, last and nearby pages, with gaps, as GOV.UK pagination shows them."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - around, page.number + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    links: list[PageLink] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            links.append(PageLink(None, "", current=False))
        links.append(PageLink(number, page_url(query, number), current=number == page.number))
        previous = number
    return links


@register.inclusion_tag("design/pagination.html", takes_context=True)
def pagination(context: template.Context, page: Page[Any] | None) -> dict[str, Any]:
    """Previous/next and numbered links for ``page``; nothing when everything fits on one page."""
    if page is None or page.paginator.num_pages <= 1:
        return {"show": False}
    request: HttpRequest | None = context.get("request")
    query: QueryDict | Mapping[str, str] = request.GET if request is not None else {}
    return {
        "show": True,
        "page": page,
        "links": page_links(page, query),
        "previous_url": page_url(query, page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(query, page.next_page_number()) if page.has_next() else "",
    }
