"""Actions taken once (Idempotency-Key): the first answer to a keyed action is kept, and the same
key again gets it back without acting again.

The one home of idempotency keys is :class:`~motcua.dossiers.models.IdempotencyRecord`, which
submissions already use (:mod:`.submit`, with the empty scope, kept for good: the portal finds a
repeated click's dossier by it). An action on a dossier is scoped to the caller and that dossier
(``dossier:<id>``) and kept ``MOTCUA_IDEMPOTENCY_HOURS``; :func:`idempotency_purge` deletes it then.

The record is inserted in the action's transaction, before the action: a second request with the
same key waits on the unique index until the first commits, then answers what the first stored.
If the first is refused (a domain error rolls it back), nothing is kept and the key may be reused.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core.errors import Conflict, FieldProblem, KeyReused
from motcua.dossiers.models import Dossier, IdempotencyRecord
from motcua.dossiers.services.transition import dossier_transition


@dataclass(frozen=True)
class KeyedAnswer:
    """The answer to a keyed action; ``replayed`` when it is the one stored by an earlier call."""

    status: int
    body: dict[str, Any]
    replayed: bool


def request_hash(body: Mapping[str, Any]) -> str:
    """What tells two requests apart: their body, keys sorted (the order a client writes them in
    does not make another request)."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _kept_for() -> timedelta:
    return timedelta(hours=settings.MOTCUA_IDEMPOTENCY_HOURS)


def _scope(dossier: Dossier) -> str:
    return f"dossier:{dossier.pk}"


def _stored(*, client_id: str, scope: str, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.filter(client_id=client_id, scope=scope, key=key).first()


def _replayed(record: IdempotencyRecord, digest: str) -> KeyedAnswer:
    if record.request_hash != digest:
        raise KeyReused(
            _(
                "Khóa Idempotency-Key này đã được dùng cho một thao tác khác trên hồ sơ này; "
                "hãy dùng khóa mới cho thao tác mới."
            ),
            problems=[FieldProblem("Idempotency-Key", _("Khóa đã dùng cho nội dung khác."))],
        )
    if record.response_status is None or record.response_body is None:
        # Written in the same transaction as the record, so only a foreign writer leaves it out.
        raise Conflict(_("Thao tác với khóa này chưa hoàn tất; hãy thử lại sau giây lát."))
    return KeyedAnswer(status=record.response_status, body=record.response_body, replayed=True)


def dossier_transition_once(
    *,
    dossier: Dossier,
    client_id: str,
    key: str,
    digest: str,
    at: datetime,
    answer: Callable[[Dossier], dict[str, Any]],
    **transition: Any,
) -> KeyedAnswer:
    """:func:`~.transition.dossier_transition` of ``dossier`` at most once per ``key`` of
    ``client_id`` on this dossier: the first call acts and stores ``answer(moved dossier)`` with
    ``digest`` (:func:`request_hash` of the body); a repeat with the same digest gets the stored
    answer, with another a :class:`KeyReused`. A record older than ``MOTCUA_IDEMPOTENCY_HOURS`` no
    longer counts: the key acts again."""
    scope = _scope(dossier)
    try:
        with transaction.atomic():
            record = _stored(client_id=client_id, scope=scope, key=key)
            if record is not None and record.created_at > at - _kept_for():
                return _replayed(record, digest)
            if record is not None:
                record.delete()
            record = IdempotencyRecord.objects.create(
                client_id=client_id,
                scope=scope,
                key=key,
                request_hash=digest,
                dossier=dossier,
                created_at=at,
            )
            moved = dossier_transition(dossier=dossier, at=at, **transition)
            body = answer(moved)
            record.response_status = 200
            record.response_body = body
            record.save(update_fields=["response_status", "response_body"])
    except IntegrityError:
        # A concurrent request with the same key committed first: its answer is this one's.
        record = _stored(client_id=client_id, scope=scope, key=key)
        if record is None:
            raise
        return _replayed(record, digest)
    return KeyedAnswer(status=200, body=body, replayed=False)


def idempotency_purge(*, now: datetime) -> int:
    """Delete the keys of actions older than ``MOTCUA_IDEMPOTENCY_HOURS`` (a periodic job); the
    keys of submissions stay. Returns how many were deleted."""
    deleted, _by_model = (
        IdempotencyRecord.objects.exclude(scope="")
        .filter(created_at__lt=now - _kept_for())
        .delete()
    )
    return deleted
