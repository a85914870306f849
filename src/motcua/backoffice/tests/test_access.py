"""The back-office is for officers: a citizen's session is refused on every page, whatever the view."""

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from motcua.backoffice import urls as backoffice_urls
from motcua.dossiers.tests.factories import build_world, submit

pytestmark = pytest.mark.django_db

OPEN_TO_ALL = {"login", "logout"}


def test_a_citizen_session_gets_403_on_the_home_queue_reports_and_their_own_dossier() -> None:
    world = build_world()
    dossier = submit(world).dossier
    client = Client()
    client.force_login(world.applicant_user)

    for url in [
        "/can-bo/",
        "/can-bo/ho-so/",
        "/can-bo/bao-cao/",
        f"/can-bo/ho-so/{dossier.code}/",
        "/can-bo/cai-cach/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "/can-bo/dang-nhap/" in response.content.decode(), url
    assert "Trần" not in client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()


def test_anonymous_visitors_are_sent_to_the_officer_login() -> None:
    response = Client().get("/can-bo/ho-so/")
    assert response.status_code == 302
    assert response["Location"].startswith("/can-bo/dang-nhap/?next=/can-bo/ho-so/")


def test_an_officer_still_gets_in() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.specialist)
    assert client.get("/can-bo/ho-so/").status_code == 200


def test_every_back_office_page_but_login_and_logout_is_wrapped() -> None:
    # A page added later cannot forget the check: the URLconf wraps them all.
    resolver = get_resolver()
    patterns = [p for p in backoffice_urls.urlpatterns if isinstance(p, URLPattern)]
    wrapped = [p.name for p in patterns if p.name not in OPEN_TO_ALL]
    assert wrapped
    for pattern in patterns:
        if pattern.name in OPEN_TO_ALL:
            continue
        assert getattr(pattern.callback, "officer_only", False), pattern.name
    assert getattr(resolver.resolve("/can-bo/").func, "officer_only", False)
