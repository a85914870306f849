"""A local stand-in for the public post, speaking the protocol of :mod:`.provider`.

Signed API: ``POST /api/orders`` (idempotent by ``client_order_code``), ``GET
/api/orders/<tracking number>/tracking``. Unsigned control endpoints, for tests and the demo, play
the post's side: ``POST /control/orders/<tracking number>/<accept|transit|deliver|return>``
(optional JSON ``{"place": ..., "at": ISO time}``; ``?push=0`` records the event without calling
back, as a lost callback would), ``POST /control/orders/<tracking number>/repush`` sends the last
event again, ``GET /control/orders`` lists every order with its events.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from motcua.delivery.contrib.vnpost_style.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    headers_for,
    verify,
)

MAX_BODY = 64 * 1024
#: Control verb -> event code.
VERBS = {
    "accept": "accepted",
    "transit": "in_transit",
    "deliver": "delivered",
    "return": "returned_to_sender",
}
PLACES = {
    "accepted": "Bưu cục Hành chính công",
    "in_transit": "Trung tâm khai thác chia chọn",
    "delivered": "Bưu cục phát",
    "returned_to_sender": "Bưu cục phát",
}
#: Postage in đồng: up to 100 g, each further 100 g, and outside the sender's province.
BASE_POSTAGE = 22_000
PER_100_GRAMS = 3_000
OTHER_PROVINCE = 8_000
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_tracking_number(serial: int, prefix: str = "EB", country: str = "VN") -> str:
    """A UPU S10 item identifier: 2 letters, 8 digits, a check digit, the country code."""
    digits = f"{serial:08d}"
    total = sum(int(d) * w for d, w in zip(digits, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    return f"{prefix}{digits}{check}{country}"


def postage_for(*, weight: int, province_code: str, home_province: str) -> int:
    extra = max(0, (weight - 1) // 100)
    outside = OTHER_PROVINCE if province_code and province_code != home_province else 0
    return BASE_POSTAGE + extra * PER_100_GRAMS + outside


class PostStore:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.orders: dict[str, dict[str, Any]] = {}
        self.by_client_code: dict[str, str] = {}

    def create(self, data: dict[str, Any], *, home_province: str) -> dict[str, Any]:
        with self.lock:
            client_code = str(data["client_order_code"])
            known = self.by_client_code.get(client_code)
            if known is not None:
                return self.orders[known]
            receiver = data["receiver"]
            number = s10_tracking_number(len(self.orders) + 1)
            order = {
                "tracking_number": number,
                "client_order_code": client_code,
                "reference": str(data.get("reference", "")),
                "receiver": receiver,
                "callback_url": str(data.get("callback_url", "")),
                "postage": postage_for(
                    weight=int(data.get("weight") or 100),
                    province_code=str(receiver.get("province_code", "")),
                    home_province=home_province,
                ),
                "events": [],
            }
            self.orders[number] = order
            self.by_client_code[client_code] = number
            return order

    def add_event(self, number: str, code: str, *, place: str, at: str) -> dict[str, Any]:
        with self.lock:
            order = self.orders[number]
            event = {
                "id": f"{number}-{len(order['events']) + 1}",
                "code": code,
                "at": at,
                "place": place or PLACES[code],
            }
            order["events"].append(event)
            return event


def push(order: dict[str, Any], events: list[dict[str, Any]], *, secret: str) -> int | None:
    """Call the order's callback with ``events``, signed; the HTTP status, or None if unreachable."""
    url = order["callback_url"]
    if not url:
        return None
    body = json.dumps(
        {
            "tracking_number": order["tracking_number"],
            "client_order_code": order["client_order_code"],
            "events": events,
        },
        ensure_ascii=False,
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL the client gave, http(s) only
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            **headers_for(secret=secret, body=body, now=time.time()),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


def make_server(
    *, host: str, port: int, secret: str, home_province: str = "01"
) -> ThreadingHTTPServer:
    store = PostStore()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any) -> None:
            raw = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _body(self) -> bytes | None:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                self._answer(HTTPStatus.BAD_REQUEST, {"error": "body size"})
                return None
            return self.rfile.read(length) if length else b""

        def _signed(self, raw: bytes) -> bool:
            if verify(
                secret=secret,
                timestamp=self.headers.get(TIMESTAMP_HEADER, ""),
                body=raw,
                signature=self.headers.get(SIGNATURE_HEADER, ""),
                now=time.time(),
            ):
                return True
            self._answer(HTTPStatus.UNAUTHORIZED, {"error": "bad signature"})
            return False

        def do_GET(self) -> None:
            parts = [unquote(p) for p in urlsplit(self.path).path.strip("/").split("/")]
            if parts == ["control", "orders"]:
                with store.lock:
                    self._answer(HTTPStatus.OK, list(store.orders.values()))
                return
            if len(parts) == 4 and parts[:2] == ["api", "orders"] and parts[3] == "tracking":
                if not self._signed(b""):
                    return
                order = store.orders.get(parts[2])
                if order is None:
                    self._answer(HTTPStatus.NOT_FOUND, {"error": "unknown tracking number"})
                    return
                with store.lock:
                    events = list(order["events"])
                self._answer(
                    HTTPStatus.OK, {"tracking_number": order["tracking_number"], "events": events}
                )
                return
            self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:
            split = urlsplit(self.path)
            parts = [unquote(p) for p in split.path.strip("/").split("/")]
            raw = self._body()
            if raw is None:
                return
            if parts == ["api", "orders"]:
                if not self._signed(raw):
                    return
                try:
                    data = json.loads(raw)
                    order = store.create(data, home_province=home_province)
                except (ValueError, KeyError, TypeError, AttributeError):
                    self._answer(HTTPStatus.BAD_REQUEST, {"error": "bad request"})
                    return
                self._answer(
                    HTTPStatus.OK,
                    {"tracking_number": order["tracking_number"], "postage": order["postage"]},
                )
                return
            if len(parts) == 4 and parts[:2] == ["control", "orders"]:
                self._control(parts[2], parts[3], raw, parse_qs(split.query))
                return
            self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def _control(self, number: str, verb: str, raw: bytes, query: dict[str, list[str]]) -> None:
            order = store.orders.get(number)
            if order is None:
                self._answer(HTTPStatus.NOT_FOUND, {"error": "unknown tracking number"})
                return
            if verb == "repush":
                events = order["events"][-1:]
                status = push(order, events, secret=secret) if events else None
                self._answer(HTTPStatus.OK, {"events": events, "webhook_status": status})
                return
            if verb not in VERBS:
                self._answer(HTTPStatus.NOT_FOUND, {"error": "unknown control verb"})
                return
            try:
                options = json.loads(raw) if raw else {}
                at = str(options.get("at") or datetime.now(UTC).isoformat())
                place = str(options.get("place") or "")
            except (ValueError, AttributeError):
                self._answer(HTTPStatus.BAD_REQUEST, {"error": "bad request"})
                return
            event = store.add_event(number, VERBS[verb], place=place, at=at)
            status = None
            if query.get("push", ["1"])[0] != "0":
                status = push(order, [event], secret=secret)
            self._answer(HTTPStatus.OK, {"event": event, "webhook_status": status})

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: request lines carry tracking numbers only, but keep the output clean."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
