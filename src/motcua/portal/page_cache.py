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

:class:`CachedPageMiddleware`, placed right after the request naming, security and static-file
middlewares, answers a plain anonymous ``GET`` of a page already cached (no session cookie, no
credentials, no conditional header) before the session, language, CSRF, authentication and
second-factor middlewares run: it replays the headers those middlewares set on the same page
(``ETag``, ``Cache-Control``, CSP, ``Vary``...), so the answer is the same, at about half the cost.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from motcua.catalog.services import CATALOG_GENERATION
from motcua.core.generations import generation_current

View = Callable[..., HttpResponse]
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = b"\x00csrf\x00"  # never in a rendered page: NUL is refused at the edge
#: The request attribute holding the generation CachedPageMiddleware read for this request.
_GENERATION_READ = "motcua_catalog_generation"


@dataclass(frozen=True)
class _Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: float  # seconds since the epoch


@dataclass(frozen=True)
class _Early:
    """A page as the whole middleware stack answered it: its headers but the cookies (the
    visitor's own), and the catalogue generation it was made under."""

    page: _Page
    headers: tuple[tuple[str, str], ...]
    generation: int


def _anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not signed_in and "HTTP_AUTHORIZATION" not in request.META


def _page_key(kind: str, request: HttpRequest, *parts: str) -> str:
    """A cache key of the page ``request`` asks for: ``parts``, the language, the local day and
    the full path."""
    identity = "|".join((*parts, get_language() or "", timezone.localdate().isoformat()))
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{kind}:{identity}:{path}"


def _key(request: HttpRequest, view: str, generation: int) -> str:
    return _page_key("page", request, view, str(generation))


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
            generation = getattr(request, _GENERATION_READ, None) or generation_current(
                name=CATALOG_GENERATION
            )
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
            answer = _answer(request, page)
            # What CachedPageMiddleware may keep, once the other middlewares have had their say.
            answer.motcua_public_page = (page, timeout, generation.value)  # type: ignore[attr-defined]
            return answer

        wrapper.motcua_cached_page = True  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


#: Headers that make an answer depend on more than the path, the language and the day.
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_AUTHORIZATION",
)


class CachedPageMiddleware:
    """Answer a cached public page to a plain anonymous ``GET`` without the rest of the stack.

    Plain: no session or messages cookie (so no signed-in visitor, no notice to show), no
    ``Authorization``, no conditional header (the view answers those with a ``304``, through every
    middleware), a path routed to a view of :func:`cached_public_page`. The entry is keyed as the
    view's own page is (language as :class:`LocaleMiddleware` picks it, local day, full path) and
    by host and scheme; it holds the catalogue generation it was made under, compared with the
    current one at each answer (one primary-key read, and none when there is no page to give), so
    a committed catalogue change shows at once. The visitor's CSRF cookie is read and, if
    missing, set, as :class:`CsrfViewMiddleware` does, and its token written into the page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method != "GET"
            or settings.MOTCUA_PUBLIC_PAGE_CACHE_SECONDS <= 0
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            # A message waiting for the visitor is shown (and cleared) by the whole stack.
            or CookieStorage.cookie_name in request.COOKIES
            or any(header in request.META for header in _CONDITIONAL)
        ):
            return self.get_response(request)
        self.locale.process_request(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "motcua_cached_page", False):
            return self.get_response(request)
        key = _early_key(request)
        early: _Early | None = cache.get(key)
        if early is not None:
            current = generation_current(name=CATALOG_GENERATION)
            if current.value == early.generation:
                # Named in the request metrics as the view would have been.
                request.resolver_match = match
                return self._replay(request, early)
            # The view's cache keys on the same read: the catalogue is read once a request.
            setattr(request, _GENERATION_READ, current)
        response = self.get_response(request)
        _keep(response, key)
        return response

    def _replay(self, request: HttpRequest, early: _Early) -> HttpResponse:
        self.csrf.process_request(request)
        body = early.page.body
        if _PLACEHOLDER in body:
            body = body.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body)
        for name, value in early.headers:
            response[name] = value
        if "Content-Length" in response:
            response["Content-Length"] = str(len(body))
        return self.csrf.process_response(request, response)  # type: ignore[return-value]


def _early_key(request: HttpRequest) -> str:
    return _page_key("page-early", request, request.scheme or "", request.get_host())


def _keep(response: HttpResponseBase, key: str) -> None:
    """Keep the stack's answer of a cached page for :class:`CachedPageMiddleware`, unless it
    carries a cookie other than the CSRF one."""
    kept = getattr(response, "motcua_public_page", None)
    if kept is None or response.status_code != 200:
        return
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return
    page, timeout, generation = kept
    headers = tuple((name, value) for name, value in response.items())
    cache.set(key, _Early(page, headers, generation), timeout)
