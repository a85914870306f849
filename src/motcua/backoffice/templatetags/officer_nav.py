"""The back office's navigation, built from the same rules as the pages it links to."""

from typing import Any

from django import template
from django.utils import timezone

from motcua.backoffice.access import officer_navigation

register = template.Library()


@register.inclusion_tag("backoffice/_nav.html", takes_context=True)
def officer_nav(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    return {
        "items": officer_navigation(user=request.user, on=timezone.localdate(), path=request.path)
    }
