"""Normalise every submitted text to NFC at the edge, before any view reads it; keep personal
answers out of caches."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

from motcua.core.text import nfc


def _normalized(data: QueryDict) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(nfc(key), [nfc(v) for v in values])
    copy._mutable = False
    return copy


class UnicodeNormalizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _normalized(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            request.POST = _normalized(request.POST)  # type: ignore[assignment]
        return self.get_response(request)


class NoStoreUnlessPublicMiddleware:
    """``Cache-Control: no-store`` on every answer, except a public view asked anonymously.

    Personal answers (dossiers, documents, results, slips, the feedback answer, the citizen's
    data, the back office, the API about a person) must stay out of browsers' and proxies'
    caches. Listing the few public views (``MOTCUA_CACHEABLE_VIEWS``) rather than the personal
    ones means a new view is private until someone decides otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _public(request):
            add_never_cache_headers(response)
        return response


def _public(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None or match.view_name not in settings.MOTCUA_CACHEABLE_VIEWS:
        return False
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not signed_in and "HTTP_AUTHORIZATION" not in request.META
