"""Text at the edge, before any view reads it: characters no export can carry are refused, and
every submitted text is normalised to NFC; personal answers are kept out of caches; the
Content-Security-Policy header is built once."""

import http
import json
from collections.abc import Callable
from dataclasses import dataclass

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from motcua.core.text import code_point, nfc, uncarriable

_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _normalized(data: QueryDict) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        copy.setlist(nfc(key), [nfc(v) for v in values])
    copy._mutable = False
    return copy


def refused_character_message(field: str, char: str) -> str:
    """The one wording for a refused character, shared with the API's JSON parser."""
    return _(
        "Trường “%(field)s” chứa ký tự không được phép (%(char)s): ký tự điều khiển hoặc không "
        "phải chữ viết không thể lưu vào hồ sơ, sổ theo dõi hay bản in."
    ) % {"field": field, "char": code_point(char)}


def _refused_field(request: HttpRequest) -> tuple[str, str] | None:
    """The first (field, character) of the path, the query or a form post that cannot be carried."""
    if char := uncarriable(request.path):
        return "path", char
    sources = [request.GET]
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            if char := uncarriable(key):
                return key, char
            for value in values:
                if char := uncarriable(value):
                    return key, char
    return None


def _refusal(request: HttpRequest, field: str, char: str) -> HttpResponse:
    return _answer(request, field, refused_character_message(field, char), status=400)


def _answer(request: HttpRequest, field: str, message: str, *, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {
            "code": "validation_failed",
            "message": _("Dữ liệu không hợp lệ."),
            "errors": [{"path": field, "message": message}],
        }
        return HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json; charset=utf-8",
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _unreadable_form(request: HttpRequest) -> HttpResponse | None:
    """A 400 for a form post whose body cannot be parsed (a multipart body without its boundary)."""
    if request.method != "POST" or request.content_type not in _FORM_TYPES:
        return None
    try:
        request.POST  # noqa: B018 - parsing is the point
    except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig):
        return _answer(request, "body", _("Không đọc được nội dung biểu mẫu."), status=400)
    return None


class UnicodeNormalizationMiddleware:
    """NUL and the other characters of :func:`motcua.core.text.uncarriable` answer 400 naming the
    field wherever they come (path, query, form), so nothing downstream (PostgreSQL refuses NUL,
    lxml refuses U+FFFE) ever sees them; the rest is normalised to NFC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if unreadable := _unreadable_form(request):
            return unreadable
        if refused := _refused_field(request):
            return _refusal(request, *refused)
        request.GET = _normalized(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in _FORM_TYPES:
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


#: What a response or a view sets to change its own policy (django-csp's decorators).
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_DEBUG_PAGES = (http.HTTPStatus.INTERNAL_SERVER_ERROR, http.HTTPStatus.NOT_FOUND)


@dataclass(frozen=True)
class _Kept:
    """The two headers built from the two settings (the very objects, so that a setting replaced,
    as ``override_settings`` does, is built again), with the paths each leaves out."""

    policy_setting: object
    report_setting: object
    headers: tuple[tuple[str, str, str, tuple[str, ...]], ...]


def _excluded_prefixes(setting: object) -> tuple[str, ...]:
    prefixes = setting.get("EXCLUDE_URL_PREFIXES") if isinstance(setting, dict) else None
    return tuple(prefixes or ())


class KeptPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once per settings, not per answer.

    The policy is the same for every answer that neither changes it (django-csp's
    ``csp_update``/``csp_replace``/``csp`` decorators) nor used a nonce: building it again costs
    a few percent of a short API request. Those few answers, and the debug pages, go through
    django-csp's own building; the header sent is the same text either way.
    """

    _kept: _Kept | None = None

    def _headers(self) -> _Kept:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        kept = self._kept
        if kept is None or kept.policy_setting is not policy or kept.report_setting is not report:
            kept = _Kept(
                policy,
                report,
                (
                    (HEADER, build_policy(), "_csp_exempt", _excluded_prefixes(policy)),
                    (
                        HEADER_REPORT_ONLY,
                        build_policy(report_only=True),
                        "_csp_exempt_ro",
                        _excluded_prefixes(report),
                    ),
                ),
            )
            self._kept = kept
        return kept

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
            or (settings.DEBUG and response.status_code in _DEBUG_PAGES)
        ):
            return super().process_response(request, response)
        for header, value, exempt, prefixes in self._headers().headers:
            if (
                value
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = value
        # No nonce was asked for: one asked for now would not be in the header; refuse it.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
