"""The VNeID simulator (``motcua oidc-sim``) speaks the protocol and refuses what it must."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from motcua.accounts.contrib.vneid.client import VNeIDClient
from motcua.accounts.tests.oidc_sim import OidcSim, run_oidc_sim


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcSim]:
    with run_oidc_sim(tmp_path_factory.mktemp("oidc") / "key.pem") as sim:
        yield sim


def test_discovery_announces_code_flow_pkce_and_rs256(oidc_provider: OidcSim) -> None:
    answer = requests.get(f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=5)

    data = answer.json()
    assert data["issuer"] == oidc_provider.issuer
    assert data["response_types_supported"] == ["code"]
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert data["id_token_signing_alg_values_supported"] == ["RS256"]
    assert "personal_id" in data["claims_supported"]


def test_jwks_publishes_the_key_from_the_key_file(oidc_provider: OidcSim) -> None:
    keys = requests.get(f"{oidc_provider.issuer}/jwks", timeout=5).json()["keys"]

    assert [k["kid"] for k in keys] == [oidc_provider.key.thumbprint()]
    assert keys[0]["n"] == oidc_provider.key.as_dict(private=False)["n"]
    assert "d" not in keys[0]


def test_sign_in_page_lists_the_synthetic_citizens(oidc_provider: OidcSim) -> None:
    client = VNeIDClient(
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
    )
    url = client.authorization_request(redirect_uri="http://testserver/cb/").url

    page = requests.get(url, timeout=5)

    assert page.status_code == 200
    assert '<html lang="vi">' in page.text
    for text in ["Nguyễn Văn An", "001090012345", "1990-05-01", "0912345678"]:
        assert text in page.text


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("code_challenge", "PKCE"),
        ("client_id", "client_id"),
        ("scope", "openid"),
    ],
)
def test_authorize_refuses_an_incomplete_request(
    oidc_provider: OidcSim, drop: str, message: str
) -> None:
    params = {
        "response_type": "code",
        "client_id": oidc_provider.client_id,
        "redirect_uri": "http://testserver/cb/",
        "scope": "openid",
        "state": "s",
        "nonce": "n",
        "code_challenge": "c" * 43,
        "code_challenge_method": "S256",
    }
    del params[drop]

    page = requests.get(f"{oidc_provider.issuer}/authorize", params=params, timeout=5)

    assert page.status_code == 400
    assert message in page.text


def test_userinfo_needs_a_valid_access_token(oidc_provider: OidcSim) -> None:
    answer = requests.get(
        f"{oidc_provider.issuer}/userinfo", headers={"Authorization": "Bearer nope"}, timeout=5
    )

    assert answer.status_code == 401


def test_simulator_signs_with_the_key_file_it_is_given(tmp_path: Path) -> None:
    with run_oidc_sim(tmp_path / "key.pem") as sim:
        kid = requests.get(f"{sim.issuer}/jwks", timeout=5).json()["keys"][0]["kid"]

    assert kid == sim.key.thumbprint()
