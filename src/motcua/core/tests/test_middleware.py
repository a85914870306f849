import unicodedata
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver

from motcua.core.middleware import UnicodeNormalizationMiddleware


def _echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{request.GET['q']}|{request.POST['name']}")


def test_query_and_form_text_reach_the_view_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Trần Thị Ánh")
    request = RequestFactory().post(f"/?q={decomposed}", {"name": decomposed})

    response = UnicodeNormalizationMiddleware(_echo)(request)

    assert response.content.decode() == "Trần Thị Ánh|Trần Thị Ánh"


def _view_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _view_names(entry.url_patterns, inner)
        elif entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_cacheable_view_named_exists() -> None:
    from django.conf import settings

    names = _view_names(get_resolver().url_patterns)

    assert set(settings.MOTCUA_CACHEABLE_VIEWS) - names == set()


@pytest.mark.django_db
def test_a_public_view_is_private_when_asked_with_credentials() -> None:
    anonymous = Client().get("/api/v1/procedures/")
    with_token = Client(HTTP_AUTHORIZATION="Token 0").get("/api/v1/procedures/")

    assert anonymous.get("Cache-Control") is None
    assert "no-store" in with_token["Cache-Control"]
