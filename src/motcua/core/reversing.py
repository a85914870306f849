"""Addresses of named pages, with fixed arguments if any, reversed once per process.

A back-office page links to a dozen such pages (its navigation, the dossier page's address with
a slot for the code); each ``reverse`` walks the URL resolver's patterns and costs tens of
microseconds. The address depends only on the name, the arguments, the URLconf, the script
prefix and, under ``i18n_patterns``, the active language: those are the key.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from motcua.core.kept import KeptValues

#: Names x languages x prefixes a process meets: a few dozen; past this many, none is added.
_kept = KeptValues(limit=4096)


def reverse_kept(name: str, *args: str) -> str:
    """``reverse(name, args=args)`` for fixed ``args`` (none, or a stand-in replaced afterwards),
    kept per URLconf, script prefix and language."""
    key = (name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    return _kept.get(key, lambda: reverse(name, args=args or None))
