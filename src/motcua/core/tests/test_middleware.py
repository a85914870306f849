import json
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


def _never(request: HttpRequest) -> HttpResponse:
    raise AssertionError("a refused request must not reach the view")


def test_nul_in_the_path_query_or_form_answers_400_naming_the_field() -> None:
    factory = RequestFactory()
    middleware = UnicodeNormalizationMiddleware(_never)

    in_path = middleware(factory.get("/tra-cuu/%00/"))
    in_query = middleware(factory.get("/api/v1/procedures/", {"q": "a\x00b"}))
    in_form = middleware(factory.post("/phan-anh-kien-nghi/", {"content": "Nội dung\ufffe"}))

    assert in_path.status_code == 400
    assert "“path”" in in_path.content.decode()
    assert "U+0000" in in_path.content.decode()
    assert in_query.status_code == 400
    assert in_query["Content-Type"].startswith("application/json")
    assert json.loads(in_query.content)["errors"][0]["path"] == "q"
    assert in_form.status_code == 400
    assert "“content”" in in_form.content.decode()
    assert "U+FFFE" in in_form.content.decode()


def test_tab_newline_and_vietnamese_pass() -> None:
    request = RequestFactory().post("/?q=%C4%90%E1%BA%B7ng%09x", {"name": "Dòng 1\r\nDòng 2"})

    response = UnicodeNormalizationMiddleware(_echo)(request)

    assert response.status_code == 200
    assert response.content.decode() == "Đặng\tx|Dòng 1\r\nDòng 2"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/lookup/%00/",
        "/tra-cuu/%00/",
        "/tra-cuu/?code=%00",
        "/api/v1/procedures/?q=%00",
        "/thu-tuc/?q=%00",
        "/chi-so/co-quan/%00/",
        "/api/v1/lookup/000.00.01.H26-260301-0001%00/",
        "/api/v1/procedures/?q=%EF%BF%BE",
    ],
)
def test_the_whole_stack_refuses_nul_in_urls_before_any_view(url: str, client: Client) -> None:
    response = client.get(url)

    assert response.status_code == 400
    assert "ký tự không được phép" in response.content.decode()


def test_a_multipart_post_without_its_boundary_answers_400() -> None:
    request = RequestFactory().post(
        "/api/v1/feedback/sms/", b"x", content_type="multipart/form-data"
    )

    response = UnicodeNormalizationMiddleware(_never)(request)

    assert response.status_code == 400
    assert json.loads(response.content)["errors"][0]["path"] == "body"


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
