"""A local CA and its time-stamp authority (a real ``motcua tsa-sim`` process) per test session."""

from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.signing.pki import Pki, pki_init
from motcua_dev.testing.processes import http_server
from motcua_dev.testing.signing import run_tsa_sim


@dataclass(frozen=True)
class SigningEnv:
    pki: Pki
    tsa_url: str


@pytest.fixture(scope="session")
def signing_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SigningEnv]:
    directory = tmp_path_factory.mktemp("pki")
    pki = pki_init(directory=directory, at=timezone.now())
    with run_tsa_sim(directory) as url:
        yield SigningEnv(pki=pki, tsa_url=url)


@pytest.fixture
def signing_env(signing_session: SigningEnv, settings: Settings) -> SigningEnv:
    settings.MOTCUA_PKI_DIR = str(signing_session.pki.directory)
    settings.MOTCUA_TSA_URL = signing_session.tsa_url
    return signing_session


@pytest.fixture
def nss_dir(tmp_path: Path, signing_env: SigningEnv) -> str:
    from motcua_dev.testing.processes import require_tools
    from motcua_dev.testing.signing import nss_db

    require_tools("pdfsig", "certutil", "crlutil", packages="poppler-utils, libnss3-tools")
    return nss_db(tmp_path / "nss", signing_env.pki)


@pytest.fixture
def not_a_tsa() -> Iterator[str]:
    """A server that answers a time-stamp query with a web page, as a proxy in maintenance does."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = b"<html>maintenance</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    with http_server(Handler) as base:
        yield f"{base}/"
