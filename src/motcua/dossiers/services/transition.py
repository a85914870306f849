"""The transition engine (giải quyết hồ sơ): the one path of every step of processing.

:func:`dossier_transition` (and :func:`dossier_supplement`, its ``supplement`` action carrying
documents and form data) locks the dossier row, checks that the action is allowed in its status and
that the actor may perform it (:mod:`motcua.dossiers.permissions`), runs the step effects
(:mod:`motcua.dossiers.step_effects`), moves the dossier on, and writes its history through
:mod:`motcua.dossiers.history`, all in one transaction. A result to sign is signed before the lock,
so no lock waits on the time-stamp authority.
"""

import json
import marshal
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction
from django.db.models import ForeignKey
from django.utils.translation import gettext as _

from motcua.accounts.actors import SystemActor
from motcua.accounts.models import User
from motcua.catalog.steps import process_steps_of
from motcua.core.errors import Conflict, DomainError, FieldProblem, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.rows import Write, row_lock, row_update, row_update_write
from motcua.core.text import nfc
from motcua.dossiers.deadlines import hand_over_outcome, step_due_moment, version_due_moment
from motcua.dossiers.history import history_record
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.permissions import (
    check_performer,
    set_holder,
    step_agency,
    supplement_requested_before,
)
from motcua.dossiers.results import completing_signs, result_signature_prepare
from motcua.dossiers.services.assignment import assignment_ends
from motcua.dossiers.services.side_actions import check_consultations_closed, record_side_action
from motcua.dossiers.services.uploads import DocumentInput, delete_files, supplement_content
from motcua.dossiers.step_context import PreparedSignature, step_context
from motcua.dossiers.step_effects import complete_step_effects
from motcua.dossiers.workflow import (
    Action,
    StepInfo,
    TransitionNotAllowed,
    status_at_step,
    transition_for,
)


def dossier_transition(
    *,
    dossier: Dossier,
    action: str,
    actor: User | SystemActor | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    new_due_on: date | None = None,
    agencies: Sequence[str] = (),
    working_days: int | None = None,
) -> Dossier:
    """Move a dossier by one action of :mod:`motcua.dossiers.workflow`, as ``actor``, at ``at``.

    ``apology_approve`` takes the reasons of the delay and optionally ``new_due_on`` (else the
    drafted date); ``consult_request`` takes the consulted ``agencies`` (codes) and the
    ``working_days`` each has to answer; ``consult_answer`` takes the answer as ``note``.

    The row is locked and re-read: if it changed since the caller read it (``dossier.version``), or
    the action is no longer allowed, the caller gets a :class:`Conflict`: of two officers acting at
    once, exactly one wins.

    A :class:`~motcua.accounts.actors.SystemActor` acts where :func:`check_performer` lets the
    system act (the post's proof of delivery completes the return step); its history row carries
    its name and its audit row its label.
    """
    return _transition(
        dossier=dossier,
        action=action,
        actor=actor,
        at=at,
        note=note,
        reasons=reasons,
        new_due_on=new_due_on,
        agencies=agencies,
        working_days=working_days,
    )


def dossier_supplement(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    note: str = "",
    documents: Sequence[DocumentInput] = (),
    form_data: dict[str, Any] | None = None,
) -> Dossier:
    """The applicant supplements the dossier (bổ sung, hoàn thiện hồ sơ) as asked, at ``at``.

    The ``supplement`` action of :func:`dossier_transition` (same lock, role check, clock restart,
    history, audit and outbox rows), carrying the new ``documents``, checked as at submission and
    stored with their SHA-256, and the corrected ``form_data`` fields, laid over the tờ khai
    component by component and checked against the component schemas. Every problem is reported at
    once in a :class:`ValidationFailed`, and nothing is stored.
    """
    return _transition(
        dossier=dossier,
        action=Action.SUPPLEMENT,
        actor=actor,
        at=at,
        note=note,
        documents=documents,
        form_data=form_data,
    )


def _transition(
    *,
    dossier: Dossier,
    action: str,
    actor: User | SystemActor | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    new_due_on: date | None = None,
    agencies: Sequence[str] = (),
    working_days: int | None = None,
    documents: Sequence[DocumentInput] = (),
    form_data: dict[str, Any] | None = None,
) -> Dossier:
    """The one path of every action: see :func:`dossier_transition`; ``documents`` and
    ``form_data`` come with ``supplement`` only."""
    stored: list[str] = []
    try:
        prepared = (
            _signature_before_lock(dossier=dossier, actor=actor, at=at, stored=stored)
            if action == Action.COMPLETE_STEP
            else None
        )
        return _transition_atomic(
            dossier=dossier,
            action=action,
            actor=actor,
            at=at,
            note=note,
            reasons=reasons,
            new_due_on=new_due_on,
            agencies=agencies,
            working_days=working_days,
            documents=documents,
            form_data=form_data,
            stored=stored,
            prepared=prepared,
        )
    except BaseException:
        delete_files(stored)
        raise


def _signature_before_lock(
    *, dossier: Dossier, actor: User | SystemActor | None, at: datetime, stored: list[str]
) -> PreparedSignature | None:
    """The result signed, on the caller's copy of ``dossier``, when completing its step signs it
    and ``actor`` may complete it; see :func:`result_signature_prepare`. The transition checks
    it all again with the row locked."""
    if dossier.consultations_open:
        return None  # it may have to wait for them; if not, it signs with the row locked
    steps = process_steps_of(version=dossier.procedure_version)
    step = next((s for s in steps if s.order == dossier.current_step), None)
    if not completing_signs(dossier, step, steps):
        return None
    try:
        transition = transition_for(status=dossier.status, action=Action.COMPLETE_STEP)
        check_performer(
            performer=transition.performer,
            dossier=dossier,
            step=step,
            actor=actor,
            on=at.astimezone(LOCAL_TZ).date(),
        )
    except DomainError:
        return None  # refused again, with the row locked, and said so there
    if not isinstance(actor, User):
        return None  # the system signs nothing
    return result_signature_prepare(
        step_context(dossier=dossier, actor=actor, at=at, steps=steps, stored=stored)
    )


_SHARED_RELATIONS = ("receiving_agency", "competent_agency", "procedure_version", "applicant")


def _adopt_related(locked: Dossier, given: Dossier) -> None:
    """Give the re-read row the agencies, version and applicant the caller already read with the
    dossier (the same rows: the locked row points at the same ids), instead of joining them into
    the locking query again; one the caller did not read is loaded when first used."""
    for name in _SHARED_RELATIONS:
        field = cast(ForeignKey[Any, Any], Dossier._meta.get_field(name))
        if field.is_cached(given) and getattr(given, field.attname) == getattr(
            locked, field.attname
        ):
            field.set_cached_value(locked, field.get_cached_value(given))


_COLUMNS = tuple(f.attname for f in Dossier._meta.concrete_fields)
_JSON_COLUMNS = frozenset(
    f.attname for f in Dossier._meta.concrete_fields if f.get_internal_type() == "JSONField"
)


_UNLOADED = object()


def _snapshot(attname: str, value: Any) -> Any:
    # JSON columns as bytes: effects may change them in place. What the driver decoded is dicts,
    # lists, strings, numbers, booleans and None, which marshal copies out in C, several times
    # faster than dumping them as text; an effect may have put in a value only JSON's str()
    # fallback writes (a date). Two spellings of one value only cost the column's write.
    if attname in _JSON_COLUMNS:
        try:
            return marshal.dumps(value)
        except ValueError:
            return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def _row_values(dossier: Dossier) -> dict[str, Any]:
    """The loaded column values of ``dossier``, to tell afterwards which columns an action
    changed."""
    loaded = dossier.__dict__
    return {
        attname: _snapshot(attname, value)
        for attname in _COLUMNS
        if (value := loaded.get(attname, _UNLOADED)) is not _UNLOADED
    }


def _changed_write(dossier: Dossier, before: dict[str, Any]) -> tuple[Write, ...]:
    """The write of only the columns the action changed: a smaller statement, and a column written
    by another service's own ``UPDATE`` in this transaction is not put back to its old value.
    Returned, to go with the history row's insert in one round trip; run here on a database
    without such writes."""
    loaded = dossier.__dict__
    changed = [
        attname
        for attname, value in before.items()
        if value != _snapshot(attname, loaded.get(attname))
    ]
    if not changed:
        return ()
    write = row_update_write(dossier, changed)
    if write is None:
        row_update(dossier, changed)
        return ()
    return (write,)


def _transition_atomic(
    *,
    dossier: Dossier,
    action: str,
    actor: User | SystemActor | None,
    at: datetime,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
    agencies: Sequence[str],
    working_days: int | None,
    documents: Sequence[DocumentInput],
    form_data: dict[str, Any] | None,
    stored: list[str],
    prepared: PreparedSignature | None = None,
) -> Dossier:
    note = nfc(note).strip()
    clean_reasons = [nfc(r).strip() for r in reasons if nfc(r).strip()]
    # What the effects see of a system actor: no user.
    user = actor if isinstance(actor, User) else None
    on = at.astimezone(LOCAL_TZ).date()
    supplied: dict[str, Any] = {}
    with transaction.atomic():
        locked = row_lock(Dossier, dossier.pk)
        if locked is None:
            raise Conflict(_("Hồ sơ không còn tồn tại."))
        _adopt_related(locked, dossier)
        if locked.version != dossier.version:
            raise Conflict(
                _("Hồ sơ %(code)s vừa được người khác xử lý; hãy tải lại hồ sơ rồi thử lại.")
                % {"code": locked.code}
            )
        before = _row_values(locked)
        transition = transition_for(status=locked.status, action=action)
        steps = list(process_steps_of(version=locked.procedure_version))
        step = next((s for s in steps if s.order == locked.current_step), None)
        check_performer(
            performer=transition.performer, dossier=locked, step=step, actor=actor, on=on
        )
        if transition.needs_reasons and not clean_reasons:
            raise ValidationFailed(
                _("Thiếu lý do."),
                problems=[FieldProblem("reasons", _("Vui lòng nêu rõ lý do."))],
            )
        if action == Action.REQUEST_SUPPLEMENT and supplement_requested_before(locked):
            raise TransitionNotAllowed(
                _("Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần."),
                problems=[FieldProblem("action", _("Đã yêu cầu bổ sung trước đó."))],
            )
        from_status, from_step = locked.status, locked.current_step
        due_before, step_due_before = locked.due_at, locked.step_due_at
        outcome = ""
        infos = [StepInfo(s.order, s.role) for s in steps]
        version = locked.procedure_version
        if action == Action.COMPLETE_STEP:
            check_consultations_closed(dossier=locked, at=at)
            outcome = hand_over_outcome(at=at, due=locked.step_due_at)
            effects = step_context(
                dossier=locked,
                actor=user,
                at=at,
                steps=steps,
                stored=stored,
                prepared_signature=prepared,
            )
            following = effects.following
            complete_step_effects(effects)
            if assignment_ends(step=step, following=following):
                locked.assignee = None
            note = " ".join([note, *effects.notes]).strip()
            if not effects.hold:
                if following is None:
                    locked.current_step = None
                    locked.step_due_at = None
                    locked.step_started_at = None
                    locked.closed_at = at
                else:
                    locked.current_step = following.order
                    locked.step_started_at = at
                    locked.step_due_at = step_due_moment(
                        start=at,
                        minutes=following.minutes,
                        paper=False,
                        agency_code=step_agency(locked, following.role).code,
                    )
            locked.status = status_at_step(steps=infos, order=locked.current_step)
        elif action == Action.REQUEST_SUPPLEMENT:
            locked.status = DossierStatus.SUPPLEMENT_REQUESTED
            locked.clock_stopped_at = at
            locked.supplement_requested_count += 1
            locked.due_at = None
            locked.step_due_at = None
        elif action == Action.SUPPLEMENT:
            added, supplied = supplement_content(
                dossier=locked, documents=documents, form_data=form_data, at=at, stored=stored
            )
            note = f"{note} {added}".strip()
            # Decree 61/2018 Art. 19: the time limit restarts from zero on the complete dossier.
            locked.clock_started_at = at
            locked.clock_stopped_at = None
            locked.due_at = version_due_moment(
                start=at,
                version=version,
                channel=locked.channel,
                agency_code=locked.competent_agency.code,
            )
            if step is not None:
                locked.step_started_at = at
                locked.step_due_at = step_due_moment(
                    start=at,
                    minutes=step.minutes,
                    paper=False,
                    agency_code=step_agency(locked, step.role).code,
                )
            locked.status = (
                status_at_step(steps=infos, order=locked.current_step)
                if step is not None
                else DossierStatus.RECEIVED
            )
        elif transition.keeps_status:
            note = record_side_action(
                dossier=locked,
                action=action,
                actor=user,
                at=at,
                on=on,
                note=note,
                reasons=clean_reasons,
                new_due_on=new_due_on,
                agencies=agencies,
                working_days=working_days,
            )
        else:
            assert transition.target is not None  # noqa: S101 - the table gives every other target
            locked.status = transition.target
            locked.step_due_at = None
            locked.closed_at = at
        set_holder(locked, steps)
        locked.last_event_seq += 1
        locked.version += 1
        history_record(
            along=_changed_write(locked, before),
            dossier=locked,
            action=action,
            from_status=from_status,
            from_step=from_step,
            actor=actor,
            at=at,
            note=note,
            reasons=clean_reasons,
            due_before=due_before,
            step_due_before=step_due_before,
            outcome=outcome,
            seq=locked.last_event_seq,
            audit_data={
                "from_status": from_status,
                "to_status": locked.status,
                "from_step": from_step,
                "to_step": locked.current_step,
                "outcome": outcome,
                "due_at": locked.due_at.isoformat() if locked.due_at else None,
                **supplied,
            },
            outboxed=True,
            hooks=True,
        )
    return locked
