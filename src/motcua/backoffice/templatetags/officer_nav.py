"""The back office's navigation, built from the same rules as the pages it links to.

Its markup depends only on the language and the entries (their addresses, labels and which one
is current): a process writes each distinct navigation once and keeps it, rather than running the
template's loop on every page.
"""

import threading

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from motcua.backoffice.access import NavItem, officer_navigation

register = template.Library()

#: Pages x role combinations x languages: a few hundred at most; past this many, none is added.
_KEPT_LIMIT = 1024
_lock = threading.Lock()
_written: dict[tuple[str | None, tuple[NavItem, ...]], SafeString] = {}


@register.simple_tag(takes_context=True)
def officer_nav(context: template.Context) -> SafeString:
    request = context["request"]
    items = tuple(officer_navigation(user=request.user, on=timezone.localdate(), path=request.path))
    key = (get_language(), items)
    written = _written.get(key)
    if written is None:
        written = SafeString(render_to_string("backoffice/_nav.html", {"items": items}))
        with _lock:
            if len(_written) < _KEPT_LIMIT:
                _written[key] = written
    return written
