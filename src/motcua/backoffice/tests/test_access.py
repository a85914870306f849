"""The back-office is for officers: a citizen's session is refused on every page, whatever the view."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
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


def _nav_links(body: str) -> dict[str, str]:
    nav = body.split('<nav class="service-nav"', 1)[1].split("</nav>", 1)[0]
    return {
        label: href
        for href, label in re.findall(
            r'<a class="service-nav__link" href="([^"]+)"[^>]*>([^<]+)</a>', nav
        )
    }


def test_the_reform_team_is_offered_only_pages_it_may_open() -> None:
    world = build_world()
    reform = UserFactory.create()
    RoleAssignmentFactory.create(user=reform, agency=world.competent, role=Role.REFORM_TEAM)
    client = Client()
    client.force_login(reform)

    links = _nav_links(client.get("/can-bo/").content.decode())

    assert "Tiếp nhận hồ sơ" not in links
    assert "Số hóa hồ sơ giấy" not in links
    assert links["Cải cách TTHC"] == "/can-bo/cai-cach/"
    for label, href in links.items():
        assert client.get(href).status_code == 200, label


def test_a_one_stop_officer_is_offered_the_counter_and_not_the_reform_workspace() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.receiver)

    links = _nav_links(client.get("/can-bo/ho-so/").content.decode())

    assert links["Tiếp nhận hồ sơ"] == "/can-bo/tiep-nhan/"
    assert "Số hóa hồ sơ giấy" in links
    assert "Cải cách TTHC" not in links
    for label, href in links.items():
        assert client.get(href).status_code == 200, label


def test_the_navigation_kept_by_a_process_follows_the_language_and_the_page() -> None:
    world = build_world()
    client = Client()
    client.force_login(world.specialist)

    # In turns, so that each is written after the other was kept.
    for _turn in range(2):
        vietnamese = client.get("/can-bo/ho-so/").content.decode()
        english = client.get("/en/can-bo/ho-so/").content.decode()
        home = client.get("/can-bo/").content.decode()

        assert _nav_links(vietnamese)["Hồ sơ cần xử lý"] == "/can-bo/ho-so/"
        assert _nav_links(english)["Dossiers to process"] == "/en/can-bo/ho-so/"
        assert 'href="/can-bo/ho-so/" aria-current="page"' in vietnamese
        assert 'href="/can-bo/" aria-current="page"' in home
        assert 'href="/can-bo/ho-so/" aria-current="page"' not in home
