"""The history of a dossier (form 06 of Circular 03/2025/TT-VPCP): the one writer of its rows.

A dossier's history row (:class:`~motcua.dossiers.models.DossierEvent`), its audit row (one audit
chain per dossier, ``dossier:<code>``), its ``dossier.event`` outbox row and the
:data:`~motcua.dossiers.hooks.DOSSIER_COMMITTED` hook are written and fired here and nowhere
else; every action of the app, the SLA sweep and the fee settlement call :func:`history_record` inside their own transaction.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor, SystemActor, actor_audit
from motcua.accounts.models import User
from motcua.core.metrics import dossier_event_counted
from motcua.core.outbox import outbox_enqueue, outbox_enqueue_write, outbox_enqueued
from motcua.core.rows import Write, row_insert, row_insert_write
from motcua.core.services import audit_append
from motcua.dossiers.hooks import DOSSIER_COMMITTED, EVENT_TOPIC, DossierCommitted
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tasks import event_key, event_payload


def actor_name(actor: Actor | None) -> str:
    """The name on a history row: the user's, the system actor's ("Bưu chính"), or "Hệ thống"."""
    if isinstance(actor, SystemActor):
        return actor.name
    return str(actor) if actor is not None else _("Hệ thống")


def event_row(
    *,
    dossier: Dossier,
    action: str,
    from_status: str,
    from_step: int | None,
    actor: Actor | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    due_before: datetime | None = None,
    step_due_before: datetime | None = None,
    outcome: str = "",
    seq: int | None = None,
    label: str = "",
) -> DossierEvent:
    """One history row, not inserted yet; ``seq`` is the caller's ``dossier.last_event_seq``
    already bumped and saved with the locked row, else it is read and ``last_event_seq`` brought
    up to it. ``label`` names the actor on the row in place of :func:`actor_name`."""
    if seq is None:
        last = (
            DossierEvent.objects.filter(dossier=dossier)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        seq = (last or 0) + 1
        dossier.last_event_seq = seq
        Dossier.objects.filter(pk=dossier.pk).update(last_event_seq=seq)
    return DossierEvent(
        dossier=dossier,
        seq=seq,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        from_step=from_step,
        to_step=dossier.current_step,
        actor=actor if isinstance(actor, User) else None,
        actor_label=label or actor_name(actor),
        at=at,
        note=note,
        reasons=list(reasons),
        due_before=due_before,
        due_after=dossier.due_at,
        step_due_before=step_due_before,
        step_due_after=dossier.step_due_at,
        outcome=outcome,
    )


def history_record(
    *,
    dossier: Dossier,
    action: str,
    from_status: str,
    from_step: int | None,
    actor: Actor | None,
    at: datetime,
    audit_data: Mapping[str, Any],
    outboxed: bool,
    hooks: bool,
    audit_actor: str = "",
    note: str = "",
    reasons: Sequence[str] = (),
    due_before: datetime | None = None,
    step_due_before: datetime | None = None,
    outcome: str = "",
    seq: int | None = None,
    label: str = "",
    along: Sequence[Write] = (),
) -> DossierEvent:
    """One change of ``dossier`` in its history: the history row (:func:`event_row`), the audit
    row ``dossier.<action>`` on the dossier's chain, and, as the caller says, the ``dossier.event``
    outbox row (the applicant hears about it, the published figures follow it) and
    :data:`~motcua.dossiers.hooks.DOSSIER_COMMITTED` once the transaction commits. Called inside
    the caller's transaction, with the dossier row locked. The audit row names ``actor``
    (:func:`~motcua.accounts.actors.actor_audit`, ``system`` for none) unless ``audit_actor`` names
    whoever acted outside this app (the payment's recorder). ``along``: the caller's writes of the
    locked row (:func:`~motcua.core.rows.row_update_write`), sent with the history row."""
    event = event_row(
        dossier=dossier,
        action=action,
        from_status=from_status,
        from_step=from_step,
        actor=actor,
        at=at,
        note=note,
        reasons=reasons,
        due_before=due_before,
        step_due_before=step_due_before,
        outcome=outcome,
        seq=seq,
        label=label,
    )
    # The caller's writes and the history row go with the statement taking the audit chain's
    # head, the outbox row with the audit row: two round trips for the six writes, every key read
    # back (the history row's, and the outbox row's for the broker, if any).
    written = row_insert_write(event)
    if written is None:
        row_insert(event, along=along)
    key = event_key(code=dossier.code, seq=event.seq)
    payload = event_payload(code=dossier.code, seq=event.seq)
    box = (
        outbox_enqueue_write(topic=EVENT_TOPIC, key=key, payload=payload, at=at)
        if outboxed
        else None
    )
    audit_append(
        actor=audit_actor or (actor_audit(actor) if actor is not None else "system"),
        action=f"dossier.{action}",
        object_type="dossier",
        object_id=dossier.code,
        at=at,
        data=dict(audit_data),
        chain=f"dossier:{dossier.code}",
        along=(box,) if box is not None else (),
        before=(*along, written) if written is not None else (),
    )
    if hooks:
        DOSSIER_COMMITTED.fire(DossierCommitted(dossier_id=dossier.pk, action=action))
    dossier_event_counted(action=action, channel=dossier.channel)
    if box is not None:
        outbox_enqueued(box)
    elif outboxed:  # a database without the one-statement writes
        outbox_enqueue(topic=EVENT_TOPIC, key=key, payload=payload, at=at)
    return event


def history_note(
    *,
    dossier: Dossier,
    action: str,
    note: str,
    at: datetime,
    actor: Actor | None,
    label: str = "",
    audit_actor: str = "",
    audit_data: Mapping[str, Any] | None = None,
) -> DossierEvent:
    """A history row that moves neither status nor step (the post's dispatch and return notes, a
    result sent again) on the locked ``dossier``: its seq and version are bumped and written here
    (those two columns only), with the audit row when ``audit_data`` is given."""
    dossier.last_event_seq += 1
    dossier.version += 1
    Dossier.objects.filter(pk=dossier.pk).update(
        last_event_seq=dossier.last_event_seq, version=dossier.version
    )
    row: dict[str, Any] = {
        "dossier": dossier,
        "action": action,
        "from_status": dossier.status,
        "from_step": dossier.current_step,
        "actor": actor,
        "at": at,
        "note": note,
        "due_before": dossier.due_at,
        "step_due_before": dossier.step_due_at,
        "seq": dossier.last_event_seq,
        "label": label,
    }
    if audit_data is None:
        event = event_row(**row)
        row_insert(event)
        return event
    return history_record(
        **row, audit_actor=audit_actor, audit_data=audit_data, outboxed=False, hooks=False
    )
