"""Writes of notifications: send one message now (idempotent by key), or enqueue it for the worker."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.outbox import outbox_enqueue
from motcua.core.services import audit_append
from motcua.notifications.messages import TEMPLATES, template_render
from motcua.notifications.models import Notification, NotificationStatus
from motcua.notifications.registry import ChannelError, channel_get

#: Outbox topic of one notification to send.
SEND_TOPIC = "notification.send"


def _check(*, channel: str, recipient: str, template: str) -> None:
    problems: list[FieldProblem] = []
    provider = channel_get(channel)
    reason = provider.check_recipient(recipient)
    if reason:
        problems.append(FieldProblem("recipient", reason))
    if template not in TEMPLATES:
        problems.append(FieldProblem("template", _("Mẫu thông báo không tồn tại.")))
    if problems:
        raise ValidationFailed(_("Thông báo không hợp lệ."), problems=problems)


def notification_send(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: dict[str, Any],
    dossier_code: str,
    key: str,
    at: datetime,
    language: str = "vi",
) -> Notification:
    """Send one message through ``channel``, written in ``language``; the same ``key`` again
    returns the row already sent.

    On a delivery failure the row is marked failed and :class:`ChannelError` propagates, so the
    caller (an outbox handler) retries later. Nothing about the recipient is logged or audited.
    """
    existing = Notification.objects.filter(key=key).first()
    if existing is not None and existing.status == NotificationStatus.SENT:
        return existing
    _check(channel=channel, recipient=recipient, template=template)
    subject, body = template_render(
        template=template, context=context, channel=channel, language=language
    )
    with transaction.atomic():
        row = existing or Notification.objects.create(
            key=key,
            dossier_code=dossier_code,
            recipient=recipient,
            channel=channel,
            template=template,
            subject=subject[:300],
            body=body,
            created_at=at,
        )
    try:
        provider_id = channel_get(channel).send(
            recipient=recipient, subject=subject, body=body, key=key
        )
    except ChannelError as error:
        Notification.objects.filter(pk=row.pk).update(
            status=NotificationStatus.FAILED, error=str(error)[:2000]
        )
        raise
    with transaction.atomic():
        Notification.objects.filter(pk=row.pk).update(
            status=NotificationStatus.SENT, provider_message_id=provider_id, sent_at=at, error=""
        )
        audit_append(
            actor="system",
            action="notification.sent",
            object_type="notification",
            object_id=key,
            at=at,
            data={"channel": channel, "template": template, "dossier": dossier_code},
        )
    row.refresh_from_db()
    return row


def notification_enqueue(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: dict[str, Any],
    dossier_code: str,
    key: str,
    at: datetime,
    language: str = "vi",
) -> None:
    """Schedule :func:`notification_send` through the outbox, inside the caller's transaction."""
    _check(channel=channel, recipient=recipient, template=template)
    outbox_enqueue(
        topic=SEND_TOPIC,
        key=key,
        payload={
            "channel": channel,
            "recipient": recipient,
            "template": template,
            "context": context,
            "dossier_code": dossier_code,
            "language": language,
        },
        at=at,
    )
