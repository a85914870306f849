"""A local SMS gateway speaking the real protocol: it checks the HMAC, stores each SMS, lists them."""

import json
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from motcua.notifications.contrib.sms_gateway.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)

#: Largest request body accepted.
MAX_BODY = 64 * 1024


class SmsStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.messages: list[dict[str, Any]] = []

    def add(self, *, to: str, text: str, reference: str) -> str:
        with self._lock:
            for message in self.messages:
                if reference and message["reference"] == reference:
                    return str(message["id"])  # the gateway is idempotent by reference
            message_id = f"sms-{len(self.messages) + 1}"
            self.messages.append(
                {
                    "id": message_id,
                    "to": to,
                    "text": text,
                    "reference": reference,
                    "received_at": time.time(),
                }
            )
            return message_id

    def all(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.messages)


def make_server(*, host: str, port: int, secret: str) -> ThreadingHTTPServer:
    store = SmsStore()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any) -> None:
            raw = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/messages":
                self._answer(HTTPStatus.OK, store.all())
                return
            self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/sms":
                self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length <= 0 or length > MAX_BODY:
                self._answer(HTTPStatus.BAD_REQUEST, {"error": "body size"})
                return
            raw = self.rfile.read(length)
            if not verify(
                secret=secret,
                timestamp=self.headers.get(TIMESTAMP_HEADER, ""),
                body=raw,
                signature=self.headers.get(SIGNATURE_HEADER, ""),
                now=time.time(),
            ):
                self._answer(HTTPStatus.UNAUTHORIZED, {"error": "bad signature"})
                return
            try:
                data = json.loads(raw)
                to, text = str(data["to"]), str(data["text"])
                reference = str(data.get("reference", ""))
            except (ValueError, KeyError, TypeError):
                self._answer(HTTPStatus.BAD_REQUEST, {"error": "bad request"})
                return
            self._answer(HTTPStatus.OK, {"id": store.add(to=to, text=text, reference=reference)})

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: request lines would put phone numbers nowhere, but keep the output clean."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
