"""Widgets of the design system shared by the citizen pages and the back office."""

from django import forms
from django.utils.translation import gettext as _


def searchable_select(search_label: str) -> forms.Select:
    """A long select of places that ``motcua/place_picker.js`` gives a search box above it
    (accents and letter case ignored); without the script it stays a plain select."""
    return forms.Select(
        attrs={
            "data-searchable": "",
            "data-search-label": search_label,
            "data-search-hint": _("Gõ vài chữ, ví dụ: Hoàn Kiếm"),
            "data-search-none": _("Không có nơi nào khớp."),
        }
    )
