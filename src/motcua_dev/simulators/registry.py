"""``motcua registry-sim``: the national registries' protocol over a synthetic population.

``GET /v1/persons/<personal id>`` and ``GET /v1/businesses/<tax code>`` answer signed JSON (see
:mod:`motcua.registry.signed_lookup`); a call without a purpose or a request id is refused, as
X-Road refuses it. ``GET /_requests`` lists what was asked (purpose, dossier, subject) and
``POST /_control`` is the test and demo hook: ``{"tamper": true}`` changes the body after
signing, ``{"delay": 5}`` answers late, ``{"fail": 2}`` answers 503 to the next two calls,
``{"redirect": true}`` answers with a redirect, ``{"reset": true}`` forgets all that.
"""

import json
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from motcua.registry.population import Population
from motcua.registry.signing import (
    DOSSIER_HEADER,
    KEY_ID_HEADER,
    PURPOSE_HEADER,
    REQUEST_ID_HEADER,
    SIGNATURE_HEADER,
    key_id,
    sign,
)

MAX_BODY = 4096


class _Behaviour:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tamper = False
        self.delay = 0.0
        self.fail = 0
        self.redirect = False
        self.requests: list[dict[str, str]] = []


def make_server(
    *, host: str, port: int, key: Ed25519PrivateKey, population: Population
) -> ThreadingHTTPServer:
    behaviour = _Behaviour()
    kid = key_id(key.public_key())

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, raw: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def _plain(self, status: int, body: Any) -> None:
            self._send(status, json.dumps(body, ensure_ascii=False).encode())

        def _signed(self, status: int, document: dict[str, Any]) -> None:
            raw = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
            signature = sign(key, raw)
            with behaviour.lock:
                tamper = behaviour.tamper
            if tamper and document.get("data"):
                document = {**document, "data": {**document["data"], "tampered": True}}
                if "full_name" in document["data"]:
                    document["data"]["full_name"] = "Người Bị Sửa"
                raw = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
            self._send(status, raw, {SIGNATURE_HEADER: signature, KEY_ID_HEADER: kid})

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path == "/health":
                self._plain(HTTPStatus.OK, {"status": "ok", "people": len(population.people)})
                return
            if path == "/_requests":
                with behaviour.lock:
                    self._plain(HTTPStatus.OK, list(behaviour.requests))
                return
            parts = path.strip("/").split("/")
            if len(parts) != 3 or parts[0] != "v1" or parts[1] not in ("persons", "businesses"):
                self._plain(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            purpose = urllib.parse.unquote(self.headers.get(PURPOSE_HEADER, "")).strip()
            request_id = self.headers.get(REQUEST_ID_HEADER, "").strip()
            if not purpose or not request_id:
                self._plain(HTTPStatus.BAD_REQUEST, {"error": "purpose and request id required"})
                return
            subject = urllib.parse.unquote(parts[2])
            with behaviour.lock:
                behaviour.requests.append(
                    {
                        "collection": parts[1],
                        "subject": subject,
                        "purpose": purpose,
                        "dossier": self.headers.get(DOSSIER_HEADER, ""),
                        "request_id": request_id,
                    }
                )
                delay, redirect = behaviour.delay, behaviour.redirect
                failing = behaviour.fail > 0
                if failing:
                    behaviour.fail -= 1
            if delay:
                time.sleep(delay)
            if redirect:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if failing:
                self._plain(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "unavailable"})
                return
            table = population.people if parts[1] == "persons" else population.businesses
            data = table.get(subject)
            document = {
                "registry": "population_db" if parts[1] == "persons" else "business_db",
                "subject": subject,
                "request_id": request_id,
                "purpose": purpose,
                "issued_at": datetime.now(tz=UTC).isoformat(),
                "data": data,
            }
            self._signed(HTTPStatus.OK if data else HTTPStatus.NOT_FOUND, document)

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/_control":
                self._plain(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            try:
                data = json.loads(self.rfile.read(min(length, MAX_BODY)) or b"{}")
                with behaviour.lock:
                    if data.get("reset"):
                        behaviour.tamper, behaviour.delay, behaviour.fail = False, 0.0, 0
                        behaviour.redirect = False
                        behaviour.requests.clear()
                    behaviour.tamper = bool(data.get("tamper", behaviour.tamper))
                    behaviour.delay = float(data.get("delay", behaviour.delay))
                    behaviour.fail = int(data.get("fail", behaviour.fail))
                    behaviour.redirect = bool(data.get("redirect", behaviour.redirect))
            except (ValueError, TypeError, AttributeError):
                self._plain(HTTPStatus.BAD_REQUEST, {"error": "bad request"})
                return
            self._plain(HTTPStatus.OK, {"ok": True})

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: request lines carry personal IDs, which stay out of logs."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
