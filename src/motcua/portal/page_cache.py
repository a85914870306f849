"""Public pages that cost almost nothing: the catalogue search, the procedure pages and the index
``/chi-so/`` answered from the shared cache, with ``ETag``/``Last-Modified`` and ``304``.

What a page shows depends on the catalogue (one generation, bumped in the same transaction by
every write of :mod:`motcua.catalog.services`), the local day (a version comes into force at
midnight), the language and the full path with its query. The cache key holds all of them, so a
committed publication, fee decision or procedure edit is a new key on every web process at once;
the old pages are left to expire. A visitor who is signed in, or an API client with credentials,
gets the view itself, as before (the page shows their name and is private).

The language switcher of every page is a form with the visitor's CSRF token: the cached body keeps
a placeholder in its place, filled with this visitor's token on each answer, so the ``ETag`` is
weak (equal meaning, not equal bytes). Browsers are told to keep the page and ask again each time
(``private, no-cache``): the answer to a conditional request whose ``ETag`` still matches is a
``304 Not Modified`` without rendering anything.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from motcua.catalog.services import CATALOG_GENERATION
from motcua.core.generations import generation_current

View = Callable[..., HttpResponse]
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"  # never in a rendered page: NUL is refused at the edge


@dataclass(frozen=True)
class _Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: float  # seconds since the epoch


def _anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not signed_in and "HTTP_AUTHORIZATION" not in request.META


def _key(request: HttpRequest, view: str, generation: int) -> str:
    identity = "|".join(
        (view, str(generation), get_language() or "", timezone.localdate().isoformat())
    )
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{identity}:{path}"


def _stored(response: HttpResponse, *, modified: float) -> _Page | None:
    """What the cache keeps of a view's answer; None for an answer it must not keep."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    body = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
    digest = hashlib.sha256(body).hexdigest()[:32]
    return _Page(body, response["Content-Type"], f'W/"{digest}"', modified)


def _answer(request: HttpRequest, page: _Page) -> HttpResponseBase:
    body = page.body
    if _PLACEHOLDER in body:
        body = body.replace(_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body, content_type=page.content_type)
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, private=True, no_cache=True)
    # The answer itself, or a 304 (a 412 for an unmet If-Match) with its validators.
    conditional = get_conditional_response(
        request, etag=page.etag, last_modified=int(page.last_modified), response=response
    )
    return response if conditional is None else conditional


def cached_public_page(*, seconds: Callable[[], int] | None = None) -> Callable[[View], View]:
    """Serve the decorated view's anonymous GET answers from the cache.

    ``seconds``: how long an answer stays fresh when the page also shows figures that change
    without a new catalogue generation (the index's tallies); 0 turns the cache off for it. By
    default ``MOTCUA_PUBLIC_PAGE_CACHE_SECONDS`` (0: off), the bound of what the generation does
    not cover (an agency renamed)."""

    def decorate(view: View) -> View:
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            longest = settings.MOTCUA_PUBLIC_PAGE_CACHE_SECONDS
            timeout = min(longest, seconds()) if seconds is not None else longest
            if timeout <= 0 or request.method not in ("GET", "HEAD") or not _anonymous(request):
                return view(request, *args, **kwargs)
            generation = generation_current(name=CATALOG_GENERATION)
            key = _key(request, name, generation.value)
            page: _Page | None = cache.get(key)
            if page is None:
                response = view(request, *args, **kwargs)
                rendered = timezone.now()
                # The catalogue's last change when it is the page's only source, so that every
                # web process gives the same date; otherwise the moment the page was made.
                changed = generation.changed_at if seconds is None else None
                page = _stored(response, modified=(changed or rendered).timestamp())
                if page is None:
                    return response
                cache.set(key, page, timeout)
            return _answer(request, page)

        return wrapper  # type: ignore[return-value]

    return decorate
