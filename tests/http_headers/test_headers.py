"""Headers on representative answers: a strict Content-Security-Policy everywhere, and
``Cache-Control: no-store`` on everything personal (portal, back office, API, documents)."""

from pathlib import Path

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token

from motcua.accounts.models import User
from motcua.dossiers.tests.factories import submit
from motcua.portal.tests.citizen_data import citizen_client, good_form_data, online_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _token_client(user: User) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def _directives(response: HttpResponseBase) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def test_every_page_carries_a_strict_policy_without_inline_script() -> None:
    world = online_world()
    code = submit(world, form_data=good_form_data()).dossier.code
    officer = Client()
    officer.force_login(world.receiver)

    answers = [
        Client().get("/"),
        Client().get("/thu-tuc/"),
        Client().get("/en/tra-cuu/"),
        citizen_client(world).get(f"/ho-so-cua-toi/{code}/"),
        officer.get("/can-bo/"),
        Client().get("/api/v1/procedures/"),
        Client().get("/khong-co-trang-nay/"),
    ]

    for response in answers:
        directives = _directives(response)
        assert directives["script-src"] == ["'self'"], response.wsgi_request.path
        assert directives["default-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["img-src"] == ["'self'", "data:"]  # QR codes as data: URIs
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]


def test_personal_answers_are_never_stored() -> None:
    world = online_world()
    code = submit(world, form_data=good_form_data()).dossier.code
    citizen = citizen_client(world)
    officer = Client()
    officer.force_login(world.receiver)

    personal = {
        "my dossiers": citizen.get("/ho-so-cua-toi/"),
        "my dossier": citizen.get(f"/ho-so-cua-toi/{code}/"),
        "my data": citizen.get("/du-lieu-cua-toi/"),
        "slip": citizen.get(f"/api/v1/dossiers/{code}/slips/01/"),
        "public lookup": Client().get(f"/tra-cuu/{code}/"),
        "api lookup": Client().get(f"/api/v1/lookup/{code}/"),
        "api dossier": _token_client(world.receiver).get(f"/api/v1/dossiers/{code}/"),
        "back office": officer.get("/can-bo/"),
        "back office dossier": officer.get(f"/can-bo/ho-so/{code}/"),
        "catalogue, signed in": citizen.get("/thu-tuc/"),
        "admin login": Client().get("/admin/login/"),
    }

    assert {name: r.status_code for name, r in personal.items()} == dict.fromkeys(personal, 200)
    assert [name for name, r in personal.items() if "no-store" not in r["Cache-Control"]] == []


def test_public_pages_asked_anonymously_may_be_cached() -> None:
    online_world()

    public = [Client().get(url) for url in ("/", "/thu-tuc/", "/chi-so/", "/api/v1/procedures/")]

    assert [r.status_code for r in public] == [200, 200, 200, 200]
    # Nothing public says no-store; the catalogue search comes from the page cache, which asks
    # the browser to keep it and revalidate it by its ETag (the body carries the visitor's token).
    assert [r.get("Cache-Control") for r in public] == [None, "private, no-cache", None, None]
    assert public[1]["ETag"].startswith('W/"')
