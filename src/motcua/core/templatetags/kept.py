"""``{% translate %}`` and ``{% url %}`` with each constant one written once per process, per
language and whatever else its markup depends on.

A back-office page holds some forty constant texts to translate and a few addresses without
arguments. For each, on every request, the template engine makes a lazy translation, looks the
language up and asks the catalogues, or walks the URL resolver (tens of microseconds an address):
together more CPU than some of the page's reads. A literal text without filters or a context
translates to the same markup for the same language and escaping; a literal URL name without
arguments reverses to the same address for the same URLconf, script prefix, language and current
application. The nodes keep them. A template loads this library after Django's
(``{% load i18n kept %}``): its tags replace ``translate``, ``trans`` and ``url`` there, and call
Django's own for what they write first and for every tag that is not constant.
"""

from typing import Any

from django import template
from django.conf import settings
from django.template import defaulttags
from django.template.base import FilterExpression, Parser, Token, Variable
from django.templatetags import i18n
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from motcua.core.kept import KeptValues

register = template.Library()

#: Keys a node meets (languages x escapings, and for an address its URLconf and prefix): a
#: handful; past this many, a node stops keeping.
_KEPT_LIMIT = 16


class _Kept(template.Node):
    """A node whose markup depends only on :meth:`key`: Django's node renders it once per key;
    ``as`` still sets the variable on every render."""

    asvar: str | None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._kept = KeptValues(limit=_KEPT_LIMIT)

    def key(self, context: template.Context) -> tuple[object, ...]:
        raise NotImplementedError

    def _render_once(self, context: template.Context) -> str:
        rendered = super().render(context)
        return str(context[self.asvar]) if self.asvar else rendered

    def render(self, context: template.Context) -> str:
        value = self._kept.get(self.key(context), lambda: self._render_once(context))
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class KeptTranslateNode(_Kept, i18n.TranslateNode):
    def key(self, context: template.Context) -> tuple[object, ...]:
        return (get_language(), bool(context.autoescape))


class KeptURLNode(_Kept, defaulttags.URLNode):
    def key(self, context: template.Context) -> tuple[object, ...]:
        # The current application as Django's node finds it (it may choose among instances).
        request: Any = getattr(context, "request", None)
        if hasattr(request, "current_app"):
            current_app = request.current_app
        else:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        prefix = get_script_prefix()
        return (current_app, urlconf, prefix, get_language(), bool(context.autoescape))


def _literal(expression: FilterExpression) -> bool:
    """A quoted constant without filters (the parser keeps it as a text, or ``translate`` as a
    literal variable)."""
    var = expression.var
    constant = isinstance(var, str) or (isinstance(var, Variable) and var.literal is not None)
    return constant and not expression.filters


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> Any:
    """Django's ``{% translate %}``; a literal text is kept (:class:`KeptTranslateNode`)."""
    node = i18n.do_translate(parser, token)
    if node.message_context is None and _literal(node.filter_expression):
        return KeptTranslateNode(node.filter_expression, node.noop, node.asvar)
    return node


@register.tag("url")
def url(parser: Parser, token: Token) -> Any:
    """Django's ``{% url %}``; a literal name without arguments is kept (:class:`KeptURLNode`)."""
    node = defaulttags.url(parser, token)
    if not node.args and not node.kwargs and _literal(node.view_name):
        return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
    return node
