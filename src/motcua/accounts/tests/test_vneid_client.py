"""The VNeID relying party against the simulator running as a real process."""

import base64
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from joserfc import jwt

from motcua.accounts.contrib.vneid.client import (
    AuthorizationRequest,
    OidcError,
    VNeIDClient,
    pkce_challenge,
)
from motcua.accounts.tests.oidc_sim import OidcSim, run_oidc_sim

REDIRECT = "http://testserver/dang-nhap/xac-thuc/"


@pytest.fixture(scope="module")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcSim]:
    with run_oidc_sim(tmp_path_factory.mktemp("oidc") / "key.pem") as sim:
        yield sim


@pytest.fixture
def client(oidc_provider: OidcSim) -> VNeIDClient:
    return VNeIDClient(
        issuer=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
    )


def _now() -> datetime:
    return datetime.now(tz=UTC)


def _signed(sim: OidcSim, **overrides: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": sim.issuer,
        "aud": sim.client_id,
        "sub": "vneid-0001",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "personal_id": "001090012345",
    }
    claims.update(overrides)
    return jwt.encode({"alg": "RS256", "kid": sim.key.thumbprint()}, claims, sim.key)


def _login(client: VNeIDClient, sim: OidcSim) -> tuple[AuthorizationRequest, dict[str, str]]:
    request = client.authorization_request(redirect_uri=REDIRECT)
    return request, sim.choose(request.url)


def test_discovery_reads_the_providers_endpoints(
    client: VNeIDClient, oidc_provider: OidcSim
) -> None:
    metadata = client.discover()

    assert metadata.issuer == oidc_provider.issuer
    assert metadata.authorization_endpoint == f"{oidc_provider.issuer}/authorize"
    assert metadata.token_endpoint == f"{oidc_provider.issuer}/token"
    assert metadata.jwks_uri == f"{oidc_provider.issuer}/jwks"


def test_authorization_request_carries_state_nonce_and_pkce(client: VNeIDClient) -> None:
    request = client.authorization_request(redirect_uri=REDIRECT)

    assert f"state={request.state}" in request.url
    assert f"nonce={request.nonce}" in request.url
    assert f"code_challenge={pkce_challenge(request.code_verifier)}" in request.url
    assert "code_challenge_method=S256" in request.url
    assert request.state != request.nonce


def test_full_code_flow_gives_the_verified_citizen(
    client: VNeIDClient, oidc_provider: OidcSim
) -> None:
    # given the citizen chose an account on the provider's page
    request, params = _login(client, oidc_provider)

    # when the portal completes the login
    identity = client.complete(params=params, pending=request.to_session(), now=_now())

    # then the claims are those of the chosen citizen, and userinfo agrees
    assert identity.claims["personal_id"] == "001090012345"
    assert identity.claims["name"] == "Nguyễn Văn An"
    assert identity.claims["nonce"] == request.nonce
    assert client.userinfo(access_token=identity.access_token)["sub"] == identity.claims["sub"]


def test_a_code_is_used_once(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    request, params = _login(client, oidc_provider)
    client.complete(params=params, pending=request.to_session(), now=_now())

    with pytest.raises(OidcError):
        client.complete(params=params, pending=request.to_session(), now=_now())


def test_wrong_pkce_verifier_is_refused_by_the_provider(
    client: VNeIDClient, oidc_provider: OidcSim
) -> None:
    request, params = _login(client, oidc_provider)
    pending = {**request.to_session(), "code_verifier": "x" * 64}

    with pytest.raises(OidcError):
        client.complete(params=params, pending=pending, now=_now())


def test_state_mismatch_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    request, params = _login(client, oidc_provider)

    with pytest.raises(OidcError, match="state"):
        client.complete(
            params={**params, "state": "forged"}, pending=request.to_session(), now=_now()
        )


def test_tampered_signature_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    token = _signed(oidc_provider)
    head, body, signature = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0x01
    forged = ".".join([head, body, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])

    assert client.verify_id_token(token, nonce="n-1", now=_now())["sub"] == "vneid-0001"
    with pytest.raises(OidcError, match="Chữ ký"):
        client.verify_id_token(forged, nonce="n-1", now=_now())


def test_token_signed_by_another_key_is_refused(client: VNeIDClient, tmp_path: Path) -> None:
    from joserfc.jwk import RSAKey

    other = RSAKey.generate_key(2048, private=True)
    token = jwt.encode(
        {"alg": "RS256"},
        {"iss": client.issuer, "aud": client.client_id, "exp": int(time.time()) + 60},
        other,
    )

    with pytest.raises(OidcError, match="Chữ ký"):
        client.verify_id_token(token, nonce="n-1", now=_now())


def test_wrong_audience_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    with pytest.raises(OidcError, match="audience"):
        client.verify_id_token(
            _signed(oidc_provider, aud="another-portal"), nonce="n-1", now=_now()
        )


def test_wrong_issuer_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    with pytest.raises(OidcError, match="issuer"):
        client.verify_id_token(
            _signed(oidc_provider, iss="http://evil.example"), nonce="n-1", now=_now()
        )


def test_expired_token_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    token = _signed(oidc_provider)

    with pytest.raises(OidcError, match="hết hạn"):
        client.verify_id_token(token, nonce="n-1", now=_now() + timedelta(hours=1))


def test_nonce_mismatch_is_refused(client: VNeIDClient, oidc_provider: OidcSim) -> None:
    with pytest.raises(OidcError, match="nonce"):
        client.verify_id_token(_signed(oidc_provider), nonce="other", now=_now())


def test_provider_error_answer_is_refused(client: VNeIDClient) -> None:
    with pytest.raises(OidcError, match="access_denied"):
        client.complete(params={"error": "access_denied"}, pending={"state": "s"}, now=_now())


def test_unreachable_provider_gives_a_clear_error() -> None:
    client = VNeIDClient(issuer="http://127.0.0.1:9", client_id="x", client_secret="y")

    with pytest.raises(OidcError, match="Không kết nối"):
        client.discover()


def test_provider_refuses_a_wrong_client_secret(oidc_provider: OidcSim) -> None:
    answer = requests.post(
        f"{oidc_provider.issuer}/token",
        data={"grant_type": "authorization_code", "code": "x"},
        auth=(oidc_provider.client_id, "wrong"),
        timeout=5,
    )

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
