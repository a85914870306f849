"""The relying-party side of VNeID login: OpenID Connect, authorization code with PKCE.

Discovery, a state and a nonce per login, the code exchanged at the token endpoint with the
client secret and the PKCE verifier, then the ID token's RS256 signature checked against the
provider's JWKS and its issuer, audience, expiry and nonce checked before a claim is believed.
"""

import base64
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

if TYPE_CHECKING:
    from joserfc.jwk import KeySet

#: Seconds of clock difference tolerated between the provider and us.
LEEWAY_SECONDS = 60
SCOPES = "openid profile email phone address"


class OidcError(DomainError):
    """The login could not be completed or its answer cannot be trusted."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the browser, and what to keep (in the session) to check the answer."""

    url: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str

    def to_session(self) -> dict[str, str]:
        return {
            "state": self.state,
            "nonce": self.nonce,
            "code_verifier": self.code_verifier,
            "redirect_uri": self.redirect_uri,
        }


@dataclass(frozen=True)
class Identity:
    """Verified claims of the ID token, and the access token for ``/userinfo``."""

    claims: dict[str, Any]
    access_token: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pkce_challenge(verifier: str) -> str:
    return _b64(hashlib.sha256(verifier.encode("ascii")).digest())


class VNeIDClient:
    """One OpenID Connect provider as seen by this portal (a confidential client)."""

    def __init__(
        self, *, issuer: str, client_id: str, client_secret: str, timeout: float = 5.0
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self._metadata: ProviderMetadata | None = None
        self._keys: KeySet | None = None

    def _get_json(self, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            answer = requests.get(url, timeout=self.timeout, **kwargs)
            answer.raise_for_status()
            data = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise OidcError(_("Không kết nối được với VNeID, vui lòng thử lại sau.")) from exc
        if not isinstance(data, dict):
            raise OidcError(_("VNeID trả lời không đúng định dạng."))
        return data

    def discover(self) -> ProviderMetadata:
        """The provider's metadata from ``/.well-known/openid-configuration`` (cached)."""
        if self._metadata is None:
            data = self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if data.get("issuer", "").rstrip("/") != self.issuer:
                raise OidcError(_("Tài liệu khám phá của VNeID ghi sai bên cấp (issuer)."))
            try:
                self._metadata = ProviderMetadata(
                    issuer=data["issuer"].rstrip("/"),
                    authorization_endpoint=data["authorization_endpoint"],
                    token_endpoint=data["token_endpoint"],
                    jwks_uri=data["jwks_uri"],
                    userinfo_endpoint=data.get("userinfo_endpoint", ""),
                )
            except KeyError as exc:
                raise OidcError(_("Tài liệu khám phá của VNeID thiếu thông tin.")) from exc
        return self._metadata

    def keys(self, *, refresh: bool = False) -> "KeySet":
        # joserfc (and the cryptography under it) only for a sign-in: not in every web worker.
        from joserfc.errors import JoseError
        from joserfc.jwk import KeySet

        if self._keys is None or refresh:
            data = self._get_json(self.discover().jwks_uri)
            try:
                self._keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
            except (JoseError, ValueError, KeyError, TypeError) as exc:
                raise OidcError(_("Khóa công khai của VNeID không hợp lệ.")) from exc
        return self._keys

    def authorization_request(self, *, redirect_uri: str) -> AuthorizationRequest:
        state = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": SCOPES,
                "state": state,
                "nonce": nonce,
                "code_challenge": pkce_challenge(verifier),
                "code_challenge_method": "S256",
                "acr_values": "vneid:level2",
            }
        )
        return AuthorizationRequest(
            url=f"{self.discover().authorization_endpoint}?{query}",
            state=state,
            nonce=nonce,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
        )

    def complete(
        self, *, params: Mapping[str, str], pending: Mapping[str, str], now: datetime
    ) -> Identity:
        """Finish the login from the callback's query ``params`` and the ``pending`` request."""
        if params.get("error"):
            raise OidcError(
                _("VNeID từ chối đăng nhập: %(error)s.") % {"error": params.get("error", "")}
            )
        expected = pending.get("state", "")
        if not expected or not secrets.compare_digest(params.get("state", ""), expected):
            raise OidcError(_("Phiên đăng nhập không khớp (state), vui lòng đăng nhập lại."))
        code = params.get("code", "")
        if not code:
            raise OidcError(_("VNeID không trả về mã cấp quyền."))
        try:
            answer = requests.post(
                self.discover().token_endpoint,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": pending.get("redirect_uri", ""),
                    "code_verifier": pending.get("code_verifier", ""),
                },
                auth=(self.client_id, self.client_secret),
                timeout=self.timeout,
            )
            tokens = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise OidcError(_("Không kết nối được với VNeID, vui lòng thử lại sau.")) from exc
        if answer.status_code != 200 or not isinstance(tokens, dict) or "id_token" not in tokens:
            raise OidcError(_("VNeID không cấp mã định danh (ID token) cho lần đăng nhập này."))
        claims = self.verify_id_token(
            str(tokens["id_token"]), nonce=pending.get("nonce", ""), now=now
        )
        return Identity(claims=claims, access_token=str(tokens.get("access_token", "")))

    def verify_id_token(self, token: str, *, nonce: str, now: datetime) -> dict[str, Any]:
        """The claims of ``token`` once its signature, issuer, audience, expiry and nonce hold."""
        from joserfc import jwt
        from joserfc.errors import JoseError

        try:
            decoded = jwt.decode(token, self.keys(), algorithms=["RS256"])
        except (JoseError, ValueError) as exc:
            # The provider may have rotated its key: fetch the set once more, then give up.
            try:
                decoded = jwt.decode(token, self.keys(refresh=True), algorithms=["RS256"])
            except (JoseError, ValueError):
                raise OidcError(_("Chữ ký của mã định danh (ID token) không hợp lệ.")) from exc
        claims = dict(decoded.claims)
        if str(claims.get("iss", "")).rstrip("/") != self.issuer:
            raise OidcError(_("Mã định danh không do VNeID cấp (issuer sai)."))
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.client_id not in audiences:
            raise OidcError(_("Mã định danh không cấp cho cổng này (audience sai)."))
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise OidcError(_("Mã định danh không cấp cho cổng này (azp sai)."))
        moment = now.timestamp()
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp + LEEWAY_SECONDS < moment:
            raise OidcError(_("Mã định danh đã hết hạn, vui lòng đăng nhập lại."))
        iat = claims.get("iat")
        if isinstance(iat, int | float) and iat - LEEWAY_SECONDS > moment:
            raise OidcError(_("Mã định danh có thời điểm cấp ở tương lai."))
        if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise OidcError(_("Mã định danh không khớp phiên đăng nhập (nonce)."))
        if not claims.get("sub"):
            raise OidcError(_("Mã định danh thiếu định danh người dùng (sub)."))
        return claims

    def userinfo(self, *, access_token: str) -> dict[str, Any]:
        endpoint = self.discover().userinfo_endpoint
        if not endpoint:
            return {}
        return self._get_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})


def client_from_settings() -> VNeIDClient:
    return VNeIDClient(
        issuer=settings.MOTCUA_OIDC_ISSUER,
        client_id=settings.MOTCUA_OIDC_CLIENT_ID,
        client_secret=settings.MOTCUA_OIDC_CLIENT_SECRET,
    )
