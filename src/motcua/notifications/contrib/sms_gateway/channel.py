import json
import time
import urllib.error
import urllib.request
from email.message import Message
from typing import IO, Any, NoReturn

from django.conf import settings

from motcua.accounts.identifiers import check_mobile_phone
from motcua.notifications.contrib.sms_gateway.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from motcua.notifications.registry import ChannelError

#: Seconds to wait for the gateway on each try.
TIMEOUT = 5
#: Tries per message (the outbox retries the whole message later, with its own backoff).
TRIES = 3
#: Pause before the second try; doubled for each further one.
PAUSE = 0.25


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A gateway answering with a redirect is refused, never followed."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> NoReturn:
        raise ChannelError(f"SMS gateway answered with a redirect ({code})", permanent=True)


_OPENER = urllib.request.build_opener(_NoRedirect)


class SmsGatewayChannel:
    name = "sms"

    def check_recipient(self, recipient: str) -> str | None:
        checked = check_mobile_phone(recipient)
        return None if checked.valid else checked.reason

    def send(self, *, recipient: str, subject: str, body: str, key: str) -> str:
        phone = check_mobile_phone(recipient)
        if not phone.valid:
            raise ChannelError("not a mobile number", permanent=True)
        raw = json.dumps(
            {"to": phone.value, "text": body, "reference": key}, ensure_ascii=False
        ).encode()
        last = "no try made"
        for attempt in range(TRIES):
            if attempt:
                time.sleep(PAUSE * 2 ** (attempt - 1))
            timestamp = str(int(time.time()))
            request = urllib.request.Request(  # noqa: S310 - the URL is a setting, http(s) only
                settings.MOTCUA_SMS_GATEWAY_URL,
                data=raw,
                method="POST",
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    TIMESTAMP_HEADER: timestamp,
                    SIGNATURE_HEADER: sign(
                        secret=settings.MOTCUA_SMS_GATEWAY_SECRET, timestamp=timestamp, body=raw
                    ),
                },
            )
            try:
                with _OPENER.open(request, timeout=TIMEOUT) as response:
                    answer: Any = json.loads(response.read() or b"{}")
                return str(answer.get("id", "")) if isinstance(answer, dict) else ""
            except urllib.error.HTTPError as error:
                last = f"SMS gateway answered {error.code}"
                if error.code < 500 and error.code != 429:
                    raise ChannelError(last, permanent=True) from error
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
                last = f"SMS gateway unreachable: {type(error).__name__}"
        raise ChannelError(last)
