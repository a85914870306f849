"""Normalise every submitted text to NFC at the edge, before any view reads it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

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
