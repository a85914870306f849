"""``json_call`` against a small HTTP server on a free port, answering as each path says."""

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from motcua.core.http import HttpCallFailed, json_call
from motcua_dev.testing.processes import http_server


class _Handler(BaseHTTPRequestHandler):
    tries: dict[str, int]

    def do_POST(self) -> None:
        self.tries[self.path] = self.tries.get(self.path, 0) + 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path == "/flaky" and self.tries[self.path] == 1:
            self._answer(503, b"{}")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
        elif self.path == "/refused":
            self._answer(400, b"{}")
        elif self.path == "/down":
            self._answer(500, b"{}")
        else:
            seen = {"body": json.loads(body), "signature": self.headers.get("X-Signature")}
            self._answer(200, json.dumps(seen).encode())

    def _answer(self, status: int, raw: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, int]]]:
    tries: dict[str, int] = {}
    with http_server(type("Handler", (_Handler,), {"tries": tries})) as base:
        yield base, tries


def _call(url: str, signatures: list[str] | None = None) -> object:
    made = signatures if signatures is not None else []

    def headers() -> dict[str, str]:
        made.append(f"sig-{len(made) + 1}")
        return {"X-Signature": made[-1]}

    return json_call(
        system="test API",
        url=url,
        method="POST",
        body=b'{"a": 1}',
        headers=headers,
        timeout=5,
        tries=3,
        pause=0.01,
    )


def test_a_failed_try_is_retried_with_fresh_headers(server: tuple[str, dict[str, int]]) -> None:
    base, tries = server
    signatures: list[str] = []
    assert _call(base + "/flaky", signatures) == {"body": {"a": 1}, "signature": "sig-2"}
    assert tries["/flaky"] == 2


def test_a_redirect_or_a_refusal_is_permanent_and_not_retried(
    server: tuple[str, dict[str, int]],
) -> None:
    base, tries = server
    with pytest.raises(HttpCallFailed, match=r"^test API answered with a redirect \(302\)$") as e:
        _call(base + "/redirect")
    assert e.value.permanent
    assert "/ok" not in tries
    with pytest.raises(HttpCallFailed, match=r"^test API answered 400$") as e:
        _call(base + "/refused")
    assert e.value.permanent
    assert tries["/refused"] == 1


def test_a_server_error_is_tried_three_times_then_left_to_a_later_retry(
    server: tuple[str, dict[str, int]],
) -> None:
    base, tries = server
    with pytest.raises(HttpCallFailed, match=r"^test API answered 500$") as e:
        _call(base + "/down")
    assert not e.value.permanent
    assert tries["/down"] == 3
