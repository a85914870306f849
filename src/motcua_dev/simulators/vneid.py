"""A small OpenID Connect provider standing in for VNeID (level 2) in the demo and the tests.

It speaks the real protocol: discovery, the authorization-code flow with PKCE (S256), an RS256
signed ID token whose key is published at ``/jwks``, and ``/userinfo``. The sign-in page lists
synthetic citizens; choosing one approves the request at once. Run it with ``motcua oidc-sim``.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CODE_TTL_SECONDS = 120
TOKEN_TTL_SECONDS = 600


@dataclass(frozen=True)
class Citizen:
    """A synthetic person with a VNeID level-2 account."""

    sub: str
    name: str
    personal_id: str
    birthdate: str
    gender: str
    phone_number: str
    email: str
    address: str


CITIZENS: tuple[Citizen, ...] = (
    Citizen(
        sub="vneid-0001",
        name="Nguyễn Văn An",
        personal_id="001090012345",
        birthdate="1990-05-01",
        gender="male",
        phone_number="0912345678",
        email="nguyen.van.an@example.vn",
        address="Số 1 phố Tràng Tiền, phường Hoàn Kiếm, thành phố Hà Nội",
    ),
    Citizen(
        sub="vneid-0002",
        name="Trần Thị Bình",
        personal_id="079195001234",
        birthdate="1995-08-12",
        gender="female",
        phone_number="0987654321",
        email="tran.thi.binh@example.vn",
        address="Số 12 đường Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh",
    ),
    Citizen(
        sub="vneid-0003",
        name="Lê Hoàng Cường",
        personal_id="031203004567",
        birthdate="2003-01-20",
        gender="male",
        phone_number="0901234567",
        email="le.hoang.cuong@example.vn",
        address="Số 5 đường Lạch Tray, phường Gia Viên, thành phố Hải Phòng",
    ),
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def load_or_generate_key(key_file: str | None) -> RSAKey:
    """The provider's RS256 key: read from a PEM file, or generated (and written there if given)."""
    if key_file:
        path = Path(key_file)
        if path.exists():
            return RSAKey.import_key(path.read_bytes(), parameters={"use": "sig", "alg": "RS256"})
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    if key_file:
        Path(key_file).write_bytes(key.as_pem(private=True))
    return key


@dataclass
class _Grant:
    citizen: Citizen
    client_id: str
    redirect_uri: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    expires: float


class Provider:
    """The provider's state: its key, its one client, issued codes and access tokens (in memory)."""

    def __init__(self, *, issuer: str, client_id: str, client_secret: str, key: RSAKey) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = key
        self.kid = key.thumbprint()
        self.codes: dict[str, _Grant] = {}
        self.tokens: dict[str, tuple[Citizen, float]] = {}
        self.lock = threading.Lock()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "phone", "address"],
            "claims_supported": [
                "sub",
                "name",
                "personal_id",
                "birthdate",
                "gender",
                "phone_number",
                "email",
                "address",
                "acr",
                "nonce",
            ],
        }

    def jwks(self) -> dict[str, Any]:
        public = self.key.as_dict(private=False)
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode({"alg": "RS256", "kid": self.kid, "typ": "JWT"}, claims, self.key)

    def id_token(self, citizen: Citizen, *, nonce: str, now: float) -> str:
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": int(now),
            "exp": int(now) + TOKEN_TTL_SECONDS,
            "auth_time": int(now),
            "acr": "vneid:level2",
            **asdict(citizen),
        }
        if nonce:
            claims["nonce"] = nonce
        return self.sign(claims)


def _authorize_page(provider: Provider, params: dict[str, str], error: str = "") -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in params.items()
    )
    rows = "".join(
        f"""<li class="citizen"><form method="post" action="/authorize">{hidden}
<input type="hidden" name="citizen" value="{html.escape(c.sub)}">
<button type="submit">Đăng nhập với tài khoản {html.escape(c.name)}</button>
<dl><dt>Số định danh cá nhân</dt><dd>{c.personal_id}</dd><dt>Ngày sinh</dt><dd>{c.birthdate}</dd>
<dt>Giới tính</dt><dd>{"Nam" if c.gender == "male" else "Nữ"}</dd>
<dt>Điện thoại</dt><dd>{c.phone_number}</dd><dt>Thư điện tử</dt><dd>{html.escape(c.email)}</dd>
<dt>Địa chỉ</dt><dd>{html.escape(c.address)}</dd></dl></form></li>"""
        for c in CITIZENS
    )
    alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>VNeID (mô phỏng) – Đăng nhập</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#0b0c0c}}
header{{background:#a50f15;color:#fff;padding:.75rem 1rem;margin:-1rem -1rem 1rem}}
ul{{list-style:none;padding:0}}li.citizen{{border:1px solid #505a5f;padding:1rem;margin-bottom:1rem}}
button{{background:#00703c;color:#fff;border:0;padding:.6rem 1rem;font-size:1rem;cursor:pointer}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}}dd{{margin:0}}
.error{{color:#d4351c;font-weight:bold}}</style></head>
<body><header><p>VNeID – Định danh điện tử (mô phỏng, chỉ dùng để thử nghiệm)</p></header>
<main><h1>Chọn tài khoản định danh mức 2</h1>{alert}
<p>Ứng dụng <strong>{html.escape(params.get("client_id", ""))}</strong> yêu cầu đăng nhập.</p>
<ul>{rows}</ul></main></body></html>"""


def make_handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "oidc-sim"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict[str, Any], **headers: str) -> None:
            self._send(status, json.dumps(data).encode(), "application/json", **headers)

        def _error(self, status: int, error: str, description: str = "") -> None:
            self._json(status, {"error": error, "error_description": description})

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                self._authorize_get(query)
            elif url.path == "/userinfo":
                self._userinfo()
            else:
                self._error(404, "not_found")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/authorize":
                self._authorize_post(self._form())
            elif url.path == "/token":
                self._token(self._form())
            else:
                self._error(404, "not_found")

        def _check_authorize(self, params: dict[str, str]) -> str:
            if params.get("client_id") != provider.client_id:
                return "Ứng dụng không được đăng ký (client_id sai)."
            if not params.get("redirect_uri", "").startswith(("http://", "https://")):
                return "Địa chỉ chuyển hướng không hợp lệ."
            if params.get("response_type") != "code":
                return "Chỉ hỗ trợ response_type=code."
            if "openid" not in params.get("scope", "").split():
                return "Thiếu phạm vi openid."
            if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
                return "Cần PKCE với code_challenge_method=S256."
            return ""

        def _authorize_get(self, params: dict[str, str]) -> None:
            problem = self._check_authorize(params)
            if problem:
                self._send(400, _authorize_page(provider, {}, problem).encode(), "text/html")
                return
            page = _authorize_page(provider, params).encode()
            self._send(200, page, "text/html; charset=utf-8")

        def _authorize_post(self, form: dict[str, str]) -> None:
            problem = self._check_authorize(form)
            citizen = next((c for c in CITIZENS if c.sub == form.get("citizen")), None)
            if problem or citizen is None:
                page = _authorize_page(provider, {}, problem or "Chưa chọn tài khoản.")
                self._send(400, page.encode(), "text/html; charset=utf-8")
                return
            code = secrets.token_urlsafe(24)
            with provider.lock:
                provider.codes[code] = _Grant(
                    citizen=citizen,
                    client_id=form["client_id"],
                    redirect_uri=form["redirect_uri"],
                    nonce=form.get("nonce", ""),
                    code_challenge=form["code_challenge"],
                    code_challenge_method=form["code_challenge_method"],
                    expires=time.time() + CODE_TTL_SECONDS,
                )
            answer = {"code": code}
            if form.get("state"):
                answer["state"] = form["state"]
            separator = "&" if "?" in form["redirect_uri"] else "?"
            self._send(
                302,
                b"",
                "text/plain",
                Location=form["redirect_uri"] + separator + urlencode(answer),
            )

        def _client_ok(self, form: dict[str, str]) -> bool:
            header = self.headers.get("Authorization", "")
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
            if header.startswith("Basic "):
                decoded = base64.b64decode(header[6:]).decode("utf-8")
                client_id, _sep, secret = decoded.partition(":")
            return secrets.compare_digest(client_id, provider.client_id) and secrets.compare_digest(
                secret, provider.client_secret
            )

        def _token(self, form: dict[str, str]) -> None:
            if not self._client_ok(form):
                self._error(401, "invalid_client", "Sai thông tin xác thực ứng dụng.")
                return
            if form.get("grant_type") != "authorization_code":
                self._error(400, "unsupported_grant_type")
                return
            with provider.lock:
                grant = provider.codes.pop(form.get("code", ""), None)  # a code is used once
            if grant is None or grant.expires < time.time():
                self._error(400, "invalid_grant", "Mã cấp quyền không hợp lệ hoặc đã hết hạn.")
                return
            if grant.redirect_uri != form.get("redirect_uri"):
                self._error(400, "invalid_grant", "redirect_uri không khớp.")
                return
            challenge = _b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
            if not secrets.compare_digest(challenge, grant.code_challenge):
                self._error(400, "invalid_grant", "code_verifier không khớp (PKCE).")
                return
            now = time.time()
            access = secrets.token_urlsafe(32)
            with provider.lock:
                provider.tokens[access] = (grant.citizen, now + TOKEN_TTL_SECONDS)
            self._json(
                200,
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": TOKEN_TTL_SECONDS,
                    "id_token": provider.id_token(grant.citizen, nonce=grant.nonce, now=now),
                    "scope": "openid profile",
                },
            )

        def _userinfo(self) -> None:
            header = self.headers.get("Authorization", "")
            token = header[7:] if header.startswith("Bearer ") else ""
            with provider.lock:
                found = provider.tokens.get(token)
            if found is None or found[1] < time.time():
                self._json(401, {"error": "invalid_token"}, WWW_Authenticate="Bearer")
                return
            self._json(200, asdict(found[0]))

    return Handler


def make_server(*, host: str, port: int, provider: Provider) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(provider))
