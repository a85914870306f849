"""The cached public pages answered by CachedPageMiddleware before the rest of the stack: the same
headers as the page the whole stack gives, a catalogue change shown at once, and the visitors it
must leave to the whole stack."""

import re
from datetime import date
from http.cookies import Morsel

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from prometheus_client import REGISTRY

from motcua.accounts.tests.factories import UserFactory
from motcua.catalog.services import procedure_draft_update, procedure_version_new_draft
from motcua.catalog.services import procedure_version_publish as publish_version
from motcua.portal.tests.catalog_data import ACTOR, AT, publish

pytestmark = pytest.mark.django_db

PAGE = "/thu-tuc/1.000003/"
#: Headers that differ between two answers of the same page by design.
_OWN = {"X-Request-ID"}
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _headers(response: object) -> dict[str, str]:
    items = response.items()  # type: ignore[attr-defined]
    return {name: value for name, value in items if name not in _OWN}


def _cookie(response: object) -> dict[str, str]:
    morsel: Morsel[str] = response.cookies["csrftoken"]  # type: ignore[attr-defined]
    return {name: morsel[name] for name in ("path", "samesite", "secure", "httponly", "max-age")}


def _counted() -> float:
    """How many answers the request metrics counted for the procedure page's view."""
    labels = {"view": "portal:procedure_detail", "method": "GET", "status": "200"}
    return REGISTRY.get_sample_value("motcua_http_requests_total", labels) or 0.0


def _without_token(response: object) -> bytes:
    content: bytes = response.content  # type: ignore[attr-defined]
    return _TOKEN.sub(b"", content)


def test_the_early_answer_has_the_headers_of_the_whole_stacks_answer() -> None:
    publish(code="1.000003", name="Thủ tục sớm")
    made = Client().get(PAGE, headers={"accept-language": "vi"})
    # A session cookie sends the visitor through every middleware, to the view's cached page.
    through_stack = Client()
    through_stack.cookies["sessionid"] = "none-such"
    kept = through_stack.get(PAGE)
    counted = _counted()

    with CaptureQueriesContext(connection) as queries:
        early = Client().get(PAGE)

    assert made.status_code == kept.status_code == early.status_code == 200
    assert _headers(early) == _headers(made) == _headers(kept)
    assert _cookie(early) == _cookie(made) == _cookie(kept)
    assert early["ETag"] == made["ETag"]
    assert early["Cache-Control"] == "private, no-cache"
    assert "Content-Security-Policy" in early
    assert _without_token(early) == _without_token(made) == _without_token(kept)
    # Only the catalogue's generation is read: no session, no user, no page built.
    assert len(queries.captured_queries) == 1
    assert _counted() == counted + 1


def test_each_early_answer_carries_a_csrf_token_that_works() -> None:
    publish(code="1.000003", name="Thủ tục sớm")
    Client().get(PAGE)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(PAGE).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert len(token) == 64
    assert switched.status_code == 302


def test_a_visitor_with_a_token_already_keeps_it() -> None:
    publish(code="1.000003", name="Thủ tục sớm")
    visitor = Client()
    secret = visitor.get(PAGE).cookies["csrftoken"].value
    Client().get(PAGE)

    again = visitor.get(PAGE)

    # Sent again with a new expiry, as Django does whenever a page uses the token.
    assert again.cookies["csrftoken"].value == secret
    assert again.status_code == 200


def test_a_change_published_shows_on_the_early_answer_at_once() -> None:
    version = publish(code="1.000003", name="Thủ tục sớm")
    Client().get(PAGE)
    before = Client().get(PAGE)
    draft = procedure_version_new_draft(procedure=version.procedure, at=AT, actor=ACTOR)
    procedure_draft_update(version=draft, changes={"name": "Thủ tục đổi tên"}, at=AT, actor=ACTOR)
    publish_version(version=draft, at=AT, actor=ACTOR, valid_from=date(2025, 7, 2))

    after = Client().get(PAGE)

    assert "Thủ tục sớm" in before.content.decode()
    assert "Thủ tục đổi tên" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_signed_in_visitor_never_gets_the_anonymous_page() -> None:
    publish(code="1.000003", name="Thủ tục sớm")
    Client().get(PAGE)
    Client().get(PAGE)
    officer = Client()
    officer.force_login(UserFactory.create(full_name="Trần Thị Cán Bộ"))

    page = officer.get(PAGE)

    assert "Trần Thị Cán Bộ" in page.content.decode()
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_conditional_get_still_gets_a_304() -> None:
    publish(code="1.000003", name="Thủ tục sớm")
    etag = Client().get(PAGE)["ETag"]
    Client().get(PAGE)

    again = Client().get(PAGE, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert again["ETag"] == etag


def test_a_path_that_is_not_a_cached_page_reads_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        answer = Client().get("/healthz")

    assert answer.status_code == 200
    assert not [q for q in queries.captured_queries if "core_generation" in q["sql"]]
