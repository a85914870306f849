"""Citizens log in through VNeID: the portal against the simulator running as a real process."""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.models import Applicant
from motcua.accounts.tests.oidc_sim import OidcSim, run_oidc_sim

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcSim]:
    with run_oidc_sim(tmp_path_factory.mktemp("oidc") / "key.pem") as sim:
        yield sim


@pytest.fixture
def vneid(oidc_provider: OidcSim, settings: Settings) -> OidcSim:
    settings.MOTCUA_OIDC_ISSUER = oidc_provider.issuer
    settings.MOTCUA_OIDC_CLIENT_ID = oidc_provider.client_id
    settings.MOTCUA_OIDC_CLIENT_SECRET = oidc_provider.client_secret
    return oidc_provider


def _start(client: Client, next_url: str = "") -> str:
    response = client.post("/dang-nhap/", {"next": next_url})
    assert response.status_code == 302
    return str(response["Location"])


def test_login_page_offers_vneid(client: Client) -> None:
    body = client.get("/dang-nhap/").content.decode()

    assert "Đăng nhập bằng VNeID (mô phỏng)" in body


def test_citizen_logs_in_and_comes_back_where_they_were(client: Client, vneid: OidcSim) -> None:
    # given the citizen wanted "my dossiers"
    authorize = _start(client, "/ho-so-cua-toi/")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{vneid.issuer}/authorize?")
    assert query["code_challenge_method"] == ["S256"]

    # when they choose their account at VNeID
    params = vneid.choose(authorize, "vneid-0002")
    response = client.get("/dang-nhap/xac-thuc/", params)

    # then they are logged in as their applicant, and sent back
    assert response.status_code == 302
    assert response["Location"] == "/ho-so-cua-toi/"
    applicant = Applicant.objects.get(personal_id="079195001234")
    assert applicant.name == "Trần Thị Bình"
    assert client.get("/ho-so-cua-toi/").status_code == 200


def test_forged_state_is_refused(client: Client, vneid: OidcSim) -> None:
    params = vneid.choose(_start(client))

    response = client.get("/dang-nhap/xac-thuc/", {**params, "state": "forged"})

    assert response.status_code == 400
    assert "state" in response.content.decode()
    assert not Applicant.objects.exists()


def test_callback_without_a_pending_login_is_refused(client: Client, vneid: OidcSim) -> None:
    params = vneid.choose(_start(Client()))

    response = client.get("/dang-nhap/xac-thuc/", params)

    assert response.status_code == 400
    assert not Applicant.objects.exists()


def test_unsafe_next_is_ignored(client: Client, vneid: OidcSim) -> None:
    params = vneid.choose(_start(client, "https://evil.example/"))

    response = client.get("/dang-nhap/xac-thuc/", params)

    assert response["Location"] == "/ho-so-cua-toi/"


def test_unreachable_provider_gives_a_clear_page(client: Client, settings: Settings) -> None:
    settings.MOTCUA_OIDC_ISSUER = "http://127.0.0.1:9"

    response = client.post("/dang-nhap/")

    assert response.status_code == 502
    assert "Không kết nối được với VNeID" in response.content.decode()


def test_logout(client: Client, vneid: OidcSim) -> None:
    client.get("/dang-nhap/xac-thuc/", vneid.choose(_start(client)))

    response = client.post("/dang-xuat/")

    assert response.status_code == 302
    assert client.get("/ho-so-cua-toi/").status_code == 302
