import json
import time

from django.conf import settings

from motcua.accounts.identifiers import check_mobile_phone
from motcua.core.http import HttpCallFailed, json_call
from motcua.notifications.contrib.sms_gateway.signing import headers_for
from motcua.notifications.registry import ChannelError

#: Seconds to wait for the gateway on each try.
TIMEOUT = 5
#: Tries per message (the outbox retries the whole message later, with its own backoff).
TRIES = 3
#: Pause before the second try; doubled for each further one.
PAUSE = 0.25


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
        try:
            answer = json_call(
                system="SMS gateway",
                url=settings.MOTCUA_SMS_GATEWAY_URL,
                method="POST",
                body=raw,
                headers=lambda: headers_for(
                    secret=settings.MOTCUA_SMS_GATEWAY_SECRET, body=raw, now=time.time()
                ),
                timeout=TIMEOUT,
                tries=TRIES,
                pause=PAUSE,
            )
        except HttpCallFailed as error:
            raise ChannelError(str(error), permanent=error.permanent) from error
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""
