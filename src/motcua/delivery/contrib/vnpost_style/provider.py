"""Client of the public post's API (``motcua post-sim`` in the demo and the tests).

``POST /api/orders`` creates a consignment (idempotent by ``client_order_code``) and answers its
tracking number and postage in đồng; ``GET /api/orders/<tracking number>/tracking`` lists its
events; the post pushes each new event to the order's ``callback_url``. Every message both ways
is signed (see :mod:`.signing`).
"""

import json
import time
import urllib.parse
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings

from motcua.core.http import HttpCallFailed, json_call
from motcua.delivery.contrib.vnpost_style.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    headers_for,
    verify,
)
from motcua.delivery.models import TrackingCode
from motcua.delivery.registry import (
    OrderCreated,
    PostalError,
    PostalOrder,
    TrackingUpdate,
    WebhookRefused,
)

#: Seconds to wait for the post on each try.
TIMEOUT = 5
#: Tries per call (the outbox retries the whole dispatch later, with its own backoff).
TRIES = 3
PAUSE = 0.25
#: Largest callback body accepted.
MAX_WEBHOOK_BODY = 64 * 1024


def _event(tracking_number: str, item: Any) -> TrackingUpdate:
    if not isinstance(item, dict):
        raise ValueError("event is not an object")
    code = str(item["code"])
    if code not in TrackingCode.values:
        raise ValueError(f"unknown event code {code}")
    at = datetime.fromisoformat(str(item["at"]))
    if at.tzinfo is None:
        raise ValueError("event time without a time zone")
    return TrackingUpdate(
        tracking_number=tracking_number,
        event_id=str(item["id"])[:80],
        code=code,
        at=at,
        place=str(item.get("place", ""))[:200],
        note=str(item.get("note", ""))[:300],
        raw=item,
    )


class VnpostStyleProvider:
    name = "vnpost_style"

    def _call(self, method: str, path: str, payload: dict[str, Any] | None) -> Any:
        raw = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else b""
        try:
            return json_call(
                system="post API",
                url=str(settings.MOTCUA_POST_API_URL).rstrip("/") + path,
                method=method,
                body=raw if payload is not None else None,
                headers=lambda: headers_for(
                    secret=settings.MOTCUA_POST_SECRET, body=raw, now=time.time()
                ),
                timeout=TIMEOUT,
                tries=TRIES,
                pause=PAUSE,
            )
        except HttpCallFailed as error:
            raise PostalError(str(error), permanent=error.permanent) from error

    def create_order(self, order: PostalOrder) -> OrderCreated:
        answer = self._call(
            "POST",
            "/api/orders",
            {
                "client_order_code": order.key,
                "reference": order.reference,
                "service": "HCC",  # chuyển phát hồ sơ, kết quả thủ tục hành chính
                "weight": order.weight_grams,
                "receiver": {
                    "name": order.recipient_name,
                    "phone": order.recipient_phone,
                    "address": order.address_text,
                    "street": order.street,
                    "ward_code": order.commune_code,
                    "province_code": order.province_code,
                },
                "callback_url": order.callback_url,
            },
        )
        try:
            tracking_number = str(answer["tracking_number"])
            postage = answer["postage"]
            if not isinstance(postage, int) or isinstance(postage, bool) or postage < 0:
                raise ValueError("postage is not a whole number of đồng")
        except (KeyError, TypeError, ValueError) as error:
            raise PostalError(f"post API answer unreadable: {error}") from error
        return OrderCreated(tracking_number=tracking_number, postage=postage)

    def tracking(self, tracking_number: str) -> list[TrackingUpdate]:
        quoted = urllib.parse.quote(tracking_number, safe="")
        answer = self._call("GET", f"/api/orders/{quoted}/tracking", None)
        try:
            return [_event(tracking_number, item) for item in answer["events"]]
        except (KeyError, TypeError, ValueError) as error:
            raise PostalError(f"post tracking answer unreadable: {error}") from error

    def parse_webhook(
        self, *, body: bytes, headers: Mapping[str, str], now: float
    ) -> list[TrackingUpdate]:
        if len(body) > MAX_WEBHOOK_BODY:
            raise WebhookRefused("body too large")
        if not verify(
            secret=settings.MOTCUA_POST_SECRET,
            timestamp=headers.get(TIMESTAMP_HEADER, ""),
            body=body,
            signature=headers.get(SIGNATURE_HEADER, ""),
            now=now,
        ):
            raise WebhookRefused("bad signature or timestamp")
        try:
            data = json.loads(body)
            tracking_number = str(data["tracking_number"])
            return [_event(tracking_number, item) for item in data["events"]]
        except (KeyError, TypeError, ValueError) as error:
            raise WebhookRefused(f"unreadable body: {type(error).__name__}") from error
