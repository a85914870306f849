"""Outbox handlers of the notifications app."""

from datetime import datetime
from typing import Any

from motcua.notifications.registry import ChannelError
from motcua.notifications.services import notification_send


class PermanentFailure(Exception):
    """A message the channel refused for good; the outbox still retries it a bounded number of times."""


def notification_send_task(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Send the message of one outbox row; idempotent through the notification's ``key``."""
    try:
        notification_send(
            channel=str(payload["channel"]),
            recipient=str(payload["recipient"]),
            template=str(payload["template"]),
            context=dict(payload.get("context") or {}),
            dossier_code=str(payload.get("dossier_code", "")),
            key=key,
            at=now,
            # Rows queued before the language was recorded are in Vietnamese, as they were.
            language=str(payload.get("language") or "vi"),
        )
    except ChannelError as error:
        if error.permanent:
            raise PermanentFailure(str(error)) from error
        raise
