"""Writes of the delivery app: consignments to dispatch, dispatch, tracking events, inbound items.

A result to send by post is recorded as a consignment ``to_dispatch`` in the caller's transaction,
with an outbox row; the outbox handler calls the post (idempotent by the consignment's key), so a
failure of the post's API loses nothing and is retried. Tracking events arrive by signed callback
or by the periodic poll; each is recorded once and told to the registered callbacks in the same
transaction.
"""

import hashlib
import logging
import re
from collections.abc import Mapping
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.accounts.models import AdministrativeUnit
from motcua.core.errors import FieldProblem, ValidationFailed
from motcua.core.outbox import outbox_enqueue
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.delivery.addresses import PostalAddress
from motcua.delivery.hooks import TRACKING_NOTICED, TrackingNotice
from motcua.delivery.models import (
    IN_FLIGHT,
    Consignment,
    ConsignmentKind,
    ConsignmentStatus,
    TrackingEvent,
)
from motcua.delivery.registry import (
    PostalError,
    PostalOrder,
    TrackingUpdate,
    WebhookRefused,
    provider_get,
)

logger = logging.getLogger(__name__)

#: Outbox topic of one consignment to hand to the post.
DISPATCH_TOPIC = "delivery.dispatch"
#: Where the post calls back, under the public address (``MOTCUA_POST_WEBHOOK_URL`` overrides).
WEBHOOK_PATH = "/api/v1/delivery/post/tracking/"
#: Pseudo-code of the notice sent when the post accepted the order (a tracking number exists).
DISPATCHED = "dispatched"
#: A tracking number as the post prints it: letters, digits, dashes (UPU S10 is ``EB123456785VN``).
TRACKING_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{5,38}$")
_RANK = {
    ConsignmentStatus.TO_DISPATCH: 0,
    ConsignmentStatus.DISPATCHED: 1,
    ConsignmentStatus.ACCEPTED: 2,
    ConsignmentStatus.IN_TRANSIT: 3,
    ConsignmentStatus.DELIVERED: 4,
    ConsignmentStatus.RETURNED_TO_SENDER: 4,
}
_CHAIN = "delivery:post"


def webhook_url() -> str:
    configured = str(settings.MOTCUA_POST_WEBHOOK_URL)
    return configured or str(settings.MOTCUA_PUBLIC_BASE_URL).rstrip("/") + WEBHOOK_PATH


def _notify(consignment: Consignment, code: str, at: datetime, place: str = "") -> None:
    TRACKING_NOTICED.fire(
        TrackingNotice(
            reference=consignment.reference,
            kind=consignment.kind,
            attempt=consignment.attempt,
            tracking_number=consignment.tracking_number or "",
            code=code,
            at=at,
            place=place,
            postage=consignment.postage,
        )
    )


def consignment_prepare(
    *, reference: str, address: PostalAddress, actor: str, at: datetime
) -> Consignment:
    """Record the next outbound consignment of dossier ``reference`` and schedule its dispatch.

    Call it inside the caller's transaction: the consignment and its outbox row exist if and only
    if the caller's change commits.
    """
    with transaction.atomic():
        last = Consignment.objects.filter(
            reference=reference, kind=ConsignmentKind.OUTBOUND_RESULT
        ).aggregate(last=Max("attempt"))["last"]
        consignment = Consignment.objects.create(
            reference=reference,
            kind=ConsignmentKind.OUTBOUND_RESULT,
            attempt=(last or 0) + 1,
            provider=str(settings.MOTCUA_POST_PROVIDER),
            recipient_name=address.recipient,
            recipient_phone=address.phone,
            street=address.street,
            commune_code=address.commune_code,
            address_text=address.text,
            created_at=at,
        )
        audit_append(
            actor=actor,
            action="delivery.prepare",
            object_type="consignment",
            object_id=f"{reference}#{consignment.attempt}",
            at=at,
            data={"attempt": consignment.attempt, "commune": address.commune_code},
            chain=f"dossier:{reference}",
        )
        outbox_enqueue(
            topic=DISPATCH_TOPIC,
            key=f"{reference}#{consignment.attempt}",
            payload={"consignment": consignment.pk},
            at=at,
        )
    return consignment


def consignment_dispatch(*, consignment_id: int, now: datetime) -> Consignment:
    """Hand a prepared consignment to the post; a second run returns it unchanged.

    The order's key is ``<dossier code>#<attempt>``: if a first run reached the post but died
    before its commit, the post answers the same tracking number again.
    """
    with transaction.atomic():
        consignment = Consignment.objects.select_for_update().get(pk=consignment_id)
        if consignment.tracking_number:
            return consignment
        province = consignment.commune_code and _province_of(consignment.commune_code)
        order = PostalOrder(
            key=f"{consignment.reference}#{consignment.attempt}",
            reference=consignment.reference,
            recipient_name=consignment.recipient_name,
            recipient_phone=consignment.recipient_phone,
            street=consignment.street,
            commune_code=consignment.commune_code,
            province_code=province or "",
            address_text=consignment.address_text,
            callback_url=webhook_url(),
        )
        created = provider_get(consignment.provider).create_order(order)
        consignment.tracking_number = created.tracking_number
        consignment.postage = created.postage
        consignment.status = ConsignmentStatus.DISPATCHED
        consignment.dispatched_at = now
        consignment.last_error = ""
        consignment.save()
        audit_append(
            actor="system",
            action="delivery.dispatch",
            object_type="consignment",
            object_id=f"{consignment.reference}#{consignment.attempt}",
            at=now,
            data={"tracking_number": created.tracking_number, "postage": created.postage},
            chain=f"dossier:{consignment.reference}",
        )
        _notify(consignment, DISPATCHED, now)
    return consignment


def _province_of(commune_code: str) -> str:
    unit = (
        AdministrativeUnit.objects.filter(code=commune_code)
        .select_related("parent")
        .order_by("-valid_from")
        .first()
    )
    return unit.parent.code if unit is not None and unit.parent is not None else ""


def _apply(consignment: Consignment, update: TrackingUpdate) -> bool:
    """Move the consignment's status for a new event; ``False`` for a stale (out of order) one."""
    target = ConsignmentStatus(update.code)
    current = ConsignmentStatus(consignment.status)
    if current in (ConsignmentStatus.DELIVERED, ConsignmentStatus.RETURNED_TO_SENDER):
        return False
    if _RANK[target] < _RANK[current]:
        return False
    consignment.status = target
    if target == ConsignmentStatus.DELIVERED:
        consignment.delivered_at = update.at
    elif target == ConsignmentStatus.RETURNED_TO_SENDER:
        consignment.returned_at = update.at
    consignment.save(update_fields=["status", "delivered_at", "returned_at"])
    return True


def tracking_update_record(*, update: TrackingUpdate, source: str, now: datetime) -> bool:
    """Record one event of the post; ``False`` if it was recorded before or the item is unknown.

    The registered callbacks hear of it (in this transaction) when it moved the consignment.
    """
    with transaction.atomic():
        consignment = (
            Consignment.objects.select_for_update()
            .filter(tracking_number=update.tracking_number)
            .first()
        )
        if consignment is None:
            return False
        try:
            with transaction.atomic():
                TrackingEvent.objects.create(
                    consignment=consignment,
                    event_id=update.event_id,
                    code=update.code,
                    at=update.at,
                    place=update.place,
                    note=update.note,
                    source=source,
                    raw=update.raw,
                    recorded_at=now,
                )
        except IntegrityError:
            return False  # the same event again (a repeated callback, or the poll after one)
        moved = _apply(consignment, update)
        audit_append(
            actor="post",
            action="delivery.tracking",
            object_type="consignment",
            object_id=f"{consignment.reference}#{consignment.attempt}",
            at=now,
            data={
                "tracking_number": update.tracking_number,
                "event": update.event_id,
                "code": update.code,
                "at": update.at.isoformat(),
                "source": source,
            },
            chain=f"dossier:{consignment.reference}",
        )
        if moved:
            _notify(consignment, update.code, update.at, update.place)
    return True


def tracking_webhook_receive(
    *, body: bytes, headers: Mapping[str, str], now: datetime, provider: str | None = None
) -> int:
    """Check and record one tracking callback of the post; the number of new events.

    A callback whose signature does not hold is refused with :class:`WebhookRefused`, and the
    refusal is written to the audit log (its hash and length, never its content) and logged.
    """
    try:
        updates = provider_get(provider).parse_webhook(
            body=body, headers=headers, now=now.timestamp()
        )
    except WebhookRefused as refusal:
        logger.warning("post tracking callback refused: %s", refusal)
        with transaction.atomic():
            audit_append(
                actor="post",
                action="delivery.webhook_refused",
                object_type="webhook",
                object_id="post",
                at=now,
                data={
                    "reason": str(refusal),
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "length": len(body),
                },
                chain=_CHAIN,
            )
        raise
    return sum(tracking_update_record(update=u, source="webhook", now=now) for u in updates)


def tracking_poll(*, now: datetime) -> int:
    """Ask the post about every item still on its way; records what the callbacks missed."""
    recorded = 0
    pending = Consignment.objects.filter(
        status__in=list(IN_FLIGHT), tracking_number__isnull=False
    ).order_by("pk")
    for consignment in pending:
        assert consignment.tracking_number is not None  # noqa: S101 - filtered above
        try:
            updates = provider_get(consignment.provider).tracking(consignment.tracking_number)
        except PostalError as error:
            logger.warning("tracking query failed for consignment %s: %s", consignment.pk, error)
            continue
        for update in updates:
            recorded += tracking_update_record(update=update, source="poll", now=now)
    return recorded


def consignment_dispatch_task(*, payload: dict[str, object], key: str, now: datetime) -> None:
    """Outbox handler of :data:`DISPATCH_TOPIC`; idempotent through the tracking number."""
    consignment_id = payload.get("consignment")
    if not isinstance(consignment_id, int):
        return
    consignment_dispatch(consignment_id=consignment_id, now=now)


def tracking_number_check(value: str) -> tuple[str, str]:
    """The normalised tracking number and ``""``, or ``""`` and why it is not one."""
    number = nfc(value).strip().upper().replace(" ", "")
    if not number:
        return "", _("Vui lòng nhập số hiệu bưu gửi.")
    if not TRACKING_NUMBER.fullmatch(number):
        return "", _(
            "Số hiệu bưu gửi chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang, "
            "từ 6 đến 39 ký tự (ví dụ EB123456785VN)."
        )
    return number, ""


def consignment_inbound_record(
    *, reference: str, tracking_number: str, actor: str, at: datetime
) -> Consignment:
    """Record the postal item that brought a paper dossier to the one-stop unit (nộp qua bưu chính).

    Call it inside the dossier's transaction.
    """
    number, problem = tracking_number_check(tracking_number)
    if problem:
        raise ValidationFailed(
            _("Số hiệu bưu gửi không hợp lệ."),
            problems=[FieldProblem("inbound_tracking_number", problem)],
        )
    if Consignment.objects.filter(tracking_number=number).exists():
        raise ValidationFailed(
            _("Số hiệu bưu gửi không hợp lệ."),
            problems=[
                FieldProblem(
                    "inbound_tracking_number",
                    _("Bưu gửi %(number)s đã được ghi nhận cho một hồ sơ khác.")
                    % {"number": number},
                )
            ],
        )
    with transaction.atomic():
        consignment = Consignment.objects.create(
            reference=reference,
            kind=ConsignmentKind.INBOUND_DOSSIER,
            attempt=1,
            provider=str(settings.MOTCUA_POST_PROVIDER),
            tracking_number=number,
            status=ConsignmentStatus.RECEIVED,
            created_at=at,
            delivered_at=at,
        )
        audit_append(
            actor=actor,
            action="delivery.inbound",
            object_type="consignment",
            object_id=f"{reference}#inbound",
            at=at,
            data={"tracking_number": number},
            chain=f"dossier:{reference}",
        )
    return consignment
