"""Start the real ``motcua oidc-sim`` process for tests, and walk its sign-in page like a browser."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
from joserfc.jwk import RSAKey

from motcua_dev.testing.processes import free_port, motcua_process

CLIENT_ID = "motcua-test-portal"
CLIENT_SECRET = "test-oidc-secret"


@dataclass(frozen=True)
class OidcSim:
    issuer: str
    client_id: str
    client_secret: str
    key: RSAKey

    def choose(self, authorize_url: str, citizen_sub: str = "vneid-0001") -> dict[str, str]:
        """Open the sign-in page, pick ``citizen_sub``: the query sent back to the redirect URI."""
        page = requests.get(authorize_url, timeout=5)
        page.raise_for_status()
        forms = re.findall(
            r"<form method=\"post\" action=\"/authorize\">(.*?)</form>", page.text, re.S
        )
        for form in forms:
            fields = {
                unescape(name): unescape(value)
                for name, value in re.findall(
                    r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form
                )
            }
            if fields.get("citizen") == citizen_sub:
                answer = requests.post(
                    f"{self.issuer}/authorize", data=fields, allow_redirects=False, timeout=5
                )
                location = answer.headers["Location"]
                return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        message = f"no citizen {citizen_sub} on the sign-in page"
        raise AssertionError(message)


@contextmanager
def run_oidc_sim(key_file: Path) -> Iterator[OidcSim]:
    """``motcua oidc-sim`` on a free port, signing with a key the test also holds."""
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    key_file.write_bytes(key.as_pem(private=True))
    port = free_port()
    args = [
        "oidc-sim",
        "--port",
        str(port),
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--key-file",
        str(key_file),
    ]
    with motcua_process(args, port):
        yield OidcSim(
            issuer=f"http://127.0.0.1:{port}",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            key=key,
        )
