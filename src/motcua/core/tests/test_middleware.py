import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver

from motcua.core import middleware as middleware_module
from motcua.core.middleware import KeptPolicyCSPMiddleware, UnicodeNormalizationMiddleware


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


def _answer(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _with_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]


def _updated(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://ban-do.example.vn"]}  # type: ignore[attr-defined]
    return response


def _headers(middleware: CSPMiddleware, path: str = "/") -> list[str]:
    response = middleware(RequestFactory().get(path))
    assert isinstance(response, HttpResponse)
    return [response.get(HEADER, ""), response.get(HEADER_REPORT_ONLY, "")]


REPORTED = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp/"}}


def _nonce_hidden(headers: list[str]) -> list[str]:
    return [re.sub(r"'nonce-[^']+'", "'nonce-…'", header) for header in headers]


@pytest.mark.parametrize("view", [_answer, _with_nonce, _updated])
def test_the_kept_policy_header_is_the_one_django_csp_builds(
    view: Callable[[HttpRequest], HttpResponse], settings: Any
) -> None:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "script-src": [*directives["script-src"], NONCE]}
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORTED

    kept = _headers(KeptPolicyCSPMiddleware(view))
    built = _headers(CSPMiddleware(view))

    # Each request has its own nonce; the rest of the header is the same text.
    assert _nonce_hidden(kept) == _nonce_hidden(built)
    assert ("'nonce-" in kept[0]) is (view is _with_nonce)
    assert ("https://ban-do.example.vn" in kept[0]) is (view is _updated)
    assert "script-src 'self'" in kept[0]
    assert kept[1] == "default-src 'none'; report-uri /csp/"


def test_the_policy_is_built_once_until_the_setting_is_replaced(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    built: list[bool] = []

    def counted(*, report_only: bool = False) -> str:
        built.append(report_only)
        return build_policy(report_only=report_only)

    monkeypatch.setattr(middleware_module, "build_policy", counted, raising=True)
    middleware = KeptPolicyCSPMiddleware(_answer)

    first = [_headers(middleware) for _ in range(3)]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    replaced = _headers(middleware)

    assert built == [False, True, False, True]
    assert first == [first[0]] * 3
    assert replaced == ["default-src 'none'", ""]


def test_an_exempt_answer_or_an_excluded_path_gets_no_policy(settings: Any) -> None:
    def exempt(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("ok")
        response._csp_exempt = True  # type: ignore[attr-defined]
        return response

    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/tep/"],
        "DIRECTIVES": {"default-src": ["'self'"]},
    }

    assert _headers(KeptPolicyCSPMiddleware(exempt)) == ["", ""]
    assert _headers(KeptPolicyCSPMiddleware(_answer), "/tep/a.pdf") == ["", ""]
    assert _headers(KeptPolicyCSPMiddleware(_answer), "/khac/") == ["default-src 'self'", ""]


def test_a_nonce_asked_for_after_the_header_was_written_is_refused() -> None:
    request = RequestFactory().get("/")

    KeptPolicyCSPMiddleware(_answer)(request)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)  # type: ignore[attr-defined]
