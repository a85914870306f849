"""The public pages answered from the cache: 304 on a conditional GET, a catalogue change shown at
once, the language, a signed-in visitor and the visitor's CSRF token kept apart."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from motcua.accounts.tests.factories import UserFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import (
    local_fee_policy_set,
    procedure_draft_update,
    procedure_version_new_draft,
    procedure_version_publish,
)
from motcua.portal.tests.catalog_data import ACTOR, AT, publish, publish_military_first_registration

pytestmark = pytest.mark.django_db

PAGE = "/thu-tuc/1.001821/"


def _fee_decided(version: ProcedureVersion) -> None:
    """The province's fee decision for the procedure (a local fee policy)."""
    local_fee_policy_set(
        administrative_unit_code="01",
        procedure=version.procedure,
        amount=5_000,
        decision_number="07/2026/QĐ-UBND",
        valid_from=date(2025, 1, 1),
        at=AT,
        actor=ACTOR,
    )


def test_a_conditional_get_with_the_etag_is_answered_304_without_rendering(client: Client) -> None:
    publish_military_first_registration()
    first = client.get(PAGE)
    etag = first["ETag"]

    with CaptureQueriesContext(connection) as queries:
        again = client.get(PAGE, headers={"if-none-match": etag})

    assert first.status_code == 200
    assert etag.startswith('W/"')
    assert first["Last-Modified"] == "Fri, 01 Aug 2025 02:00:00 GMT"  # the catalogue's last change
    assert first["Cache-Control"] == "private, no-cache"
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # Only the catalogue's generation is read: no page is built.
    (query,) = queries.captured_queries
    assert query["sql"].replace('"', "").startswith("SELECT value, changed_at FROM core_generation")


def test_if_modified_since_the_last_change_is_answered_304(client: Client) -> None:
    publish_military_first_registration()
    client.get(PAGE)

    again = client.get(PAGE, headers={"if-modified-since": "Fri, 01 Aug 2025 02:00:00 GMT"})
    before = client.get(PAGE, headers={"if-modified-since": "Fri, 01 Aug 2025 01:59:59 GMT"})

    assert again.status_code == 304
    assert before.status_code == 200


def test_a_cached_page_is_answered_from_one_query(client: Client) -> None:
    publish_military_first_registration()
    first = client.get("/thu-tuc/", {"q": "nghia vu"})

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/thu-tuc/", {"q": "nghia vu"})

    assert len(queries.captured_queries) == 1
    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert "Đăng ký nghĩa vụ quân sự lần đầu" in second.content.decode()


def test_a_new_version_published_changes_the_page_and_its_etag_at_once(client: Client) -> None:
    version = publish_military_first_registration()
    first = client.get(PAGE)
    found = client.get("/thu-tuc/", {"q": "nghia vu"})
    draft = procedure_version_new_draft(procedure=version.procedure, at=AT, actor=ACTOR)
    procedure_draft_update(
        version=draft,
        changes={"name": "Đăng ký nghĩa vụ quân sự lần đầu (mới)"},
        at=AT,
        actor=ACTOR,
    )
    procedure_version_publish(version=draft, at=AT, actor=ACTOR, valid_from=date(2025, 7, 2))

    after = client.get(PAGE, headers={"if-none-match": first["ETag"]})
    found_after = client.get("/thu-tuc/", {"q": "nghia vu"})

    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "Đăng ký nghĩa vụ quân sự lần đầu (mới)" in after.content.decode()
    assert "(mới)" not in found.content.decode()
    assert "Đăng ký nghĩa vụ quân sự lần đầu (mới)" in found_after.content.decode()


def test_a_local_fee_decision_shows_on_the_cached_page_at_once(client: Client) -> None:
    version = publish_military_first_registration()
    before = client.get(PAGE).content.decode()
    _fee_decided(version)

    after = client.get(PAGE).content.decode()

    assert "07/2026/QĐ-UBND" not in before
    assert "Quyết định số 07/2026/QĐ-UBND" in after


def test_a_rolled_back_change_keeps_the_cached_page(client: Client) -> None:
    """The generation moves in the writer's transaction: nothing committed, nothing changed."""
    version = publish_military_first_registration()
    etag = client.get(PAGE)["ETag"]

    def set_then_fail() -> None:
        with transaction.atomic():
            _fee_decided(version)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        set_then_fail()

    assert client.get(PAGE, headers={"if-none-match": etag}).status_code == 304


def test_english_and_vietnamese_are_kept_apart(client: Client) -> None:
    publish_military_first_registration()
    vietnamese = client.get(PAGE)

    english = client.get(f"/en{PAGE}")

    assert '<html lang="vi">' in vietnamese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert english["ETag"] != vietnamese["ETag"]


def test_a_signed_in_visitor_gets_the_page_made_for_them(client: Client) -> None:
    publish_military_first_registration()
    client.get(PAGE)
    user = UserFactory.create(username="citizen-a")
    client.force_login(user)

    response = client.get(PAGE)

    assert "Đăng xuất" in response.content.decode()
    assert not response.has_header("ETag")
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_each_visitor_gets_a_working_csrf_token_from_the_cached_page() -> None:
    publish(code="1.000002", name="Thủ tục thử")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/thu-tuc/1.000002/")
    page = second.get("/thu-tuc/1.000002/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert len(token) == 64
    assert switched.status_code == 302


@override_settings(MOTCUA_REPORTING_STALE_SECONDS=30)
def test_the_index_page_is_kept_as_long_as_a_ranking_may_be_stale(client: Client) -> None:
    first = client.get("/chi-so/")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/chi-so/")

    assert first.status_code == 200
    assert len(queries.captured_queries) == 1
    assert second["ETag"] == first["ETag"]


def test_the_index_page_is_made_each_time_when_no_staleness_is_allowed(client: Client) -> None:
    client.get("/chi-so/")

    with CaptureQueriesContext(connection) as queries:
        second = client.get("/chi-so/")

    assert second.status_code == 200
    assert len(queries.captured_queries) > 1
    assert not second.has_header("ETag")
