"""``{% translate %}`` with each constant text written once per language in a process.

A back-office page holds some forty constant texts to translate. For each, on every request, the
template engine makes a lazy translation, looks the language up, asks the catalogues, and escapes
the result: together more CPU than some of the page's reads. A constant text (a literal, without
filters or a context) translates to the same markup for the same language and escaping, so the
node keeps it. A template loads this library after Django's (``{% load i18n i18n_kept %}``): its
``translate`` and ``trans`` replace Django's there, which they call for the text first written and
for every text that is not constant.
"""

import threading
from typing import Any

from django import template
from django.template.base import Parser, Token, Variable
from django.templatetags import i18n
from django.utils.translation import get_language

register = template.Library()

#: Languages x the two escapings: a handful; past this many (a language switched to by code
#: with any name), a node stops keeping.
_KEPT_LIMIT = 16


class KeptTranslateNode(i18n.TranslateNode):
    """A ``{% translate %}`` of a literal without filters or context, kept per (language,
    escaping); ``as`` still sets the variable on every render."""

    def __init__(self, node: i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self._lock = threading.Lock()
        self._kept: dict[tuple[str | None, bool], str] = {}

    def render(self, context: template.Context) -> str:
        key = (get_language(), bool(context.autoescape))
        value = self._kept.get(key)
        if value is None:
            value = super().render(context)
            if self.asvar:
                value = context[self.asvar]
            with self._lock:
                if len(self._kept) < _KEPT_LIMIT:
                    self._kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _constant(node: i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        node.message_context is None
        and not expression.filters
        and isinstance(expression.var, Variable)
        and expression.var.literal is not None
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> Any:
    """Django's ``{% translate %}``; a constant text is kept (:class:`KeptTranslateNode`)."""
    node = i18n.do_translate(parser, token)
    return KeptTranslateNode(node) if _constant(node) else node
