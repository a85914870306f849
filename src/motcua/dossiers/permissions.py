"""Who may do what to a dossier now (ai được làm gì với hồ sơ lúc này).

The one home of the rule: the transition engine checks it before acting (:func:`check_performer`,
:func:`supplement_requested_before`), and the back office and the API ask
:func:`dossier_actions_for` which actions to offer a user.
A step belongs to the agency of :func:`step_agency`; who holds the dossier now is stored by
:func:`set_holder` for the work queues.
"""

from collections.abc import Sequence
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.actors import SystemActor
from motcua.accounts.models import Agency, Role, RoleAssignment, User
from motcua.accounts.selectors import officer_role_keys, officers_holding
from motcua.catalog.models import ProcessStep
from motcua.catalog.steps import process_steps_of
from motcua.core.errors import FieldProblem, Forbidden
from motcua.core.periods import in_force
from motcua.dossiers.models import Dossier, DossierConsultation, DossierStatus, ReturnMethod
from motcua.dossiers.workflow import TRANSITIONS, Action, Performer, TransitionNotAllowed


class ActorNotAllowed(Forbidden):
    """The actor may not perform this action on this dossier (wrong role or agency)."""


def step_agency(dossier: Dossier, role: str) -> Agency:
    """Reception and return steps run in the receiving agency; the others in the competent one."""
    return dossier.receiving_agency if role == Role.ONE_STOP_OFFICER else dossier.competent_agency


def set_holder(dossier: Dossier, steps: Sequence[ProcessStep]) -> None:
    """Store who must act at the dossier's current step (``current_role``, ``current_agency``):
    the agency of :func:`step_agency`, by id (no agency row is read)."""
    step = next((s for s in steps if s.order == dossier.current_step), None)
    dossier.current_role = step.role if step is not None else ""
    if step is None:
        dossier.current_agency_id = None
    elif step.role == Role.ONE_STOP_OFFICER:
        dossier.current_agency_id = dossier.receiving_agency_id
    else:
        dossier.current_agency_id = dossier.competent_agency_id


def _roles(
    held: frozenset[tuple[int, str]] | None, *, actor: User, on: date
) -> frozenset[tuple[int, str]]:
    return held if held is not None else officer_role_keys(user=actor, on=on)


def check_performer(
    *,
    performer: Performer,
    dossier: Dossier,
    step: ProcessStep | None,
    actor: User | SystemActor | None,
    on: date,
    held: frozenset[tuple[int, str]] | None = None,
) -> None:
    """``held``: the actor's :func:`officer_role_keys` on ``on`` when the caller has read them
    already (one read for every action of :func:`dossier_actions_for`)."""
    if actor is None:
        raise ActorNotAllowed(_("Cần đăng nhập để xử lý hồ sơ."))
    if isinstance(actor, SystemActor):
        check_system(performer=performer, dossier=dossier, step=step)
        return
    if performer == Performer.APPLICANT:
        if dossier.applicant.user_id is not None and dossier.applicant.user_id == actor.pk:
            return
        # At the counter a one-stop officer acts on the applicant's written request.
        held = _roles(held, actor=actor, on=on)
        if any(
            (agency_id, Role.ONE_STOP_OFFICER) in held
            for agency_id in (dossier.receiving_agency_id, dossier.competent_agency_id)
        ):
            return
        raise ActorNotAllowed(
            _("Chỉ người nộp hồ sơ hoặc cán bộ một cửa tiếp nhận mới được thực hiện thao tác này.")
        )
    if performer == Performer.CONSULTED:
        if consultation_for(dossier=dossier, actor=actor, on=on) is not None:
            return
        raise ActorNotAllowed(
            _("Chỉ cán bộ của cơ quan được lấy ý kiến và chưa trả lời mới được trả lời ý kiến.")
        )
    if performer == Performer.LEADER:
        if (dossier.competent_agency_id, Role.LEADER) in _roles(held, actor=actor, on=on):
            return
        raise ActorNotAllowed(
            _("Chỉ lãnh đạo %(agency)s mới được thực hiện thao tác này.")
            % {"agency": dossier.competent_agency.name}
        )
    if step is None:
        raise TransitionNotAllowed(_("Hồ sơ không ở bước xử lý nào."))
    agencies = [step_agency(dossier, step.role)]
    if step.role == Role.ONE_STOP_OFFICER and dossier.competent_agency not in agencies:
        agencies.append(dossier.competent_agency)
    held = _roles(held, actor=actor, on=on)
    if any((a.pk, step.role) in held for a in agencies):
        return
    raise ActorNotAllowed(
        _("Bước “%(step)s” do %(role)s của %(agency)s thực hiện; bạn không có vai trò này.")
        % {
            "step": step.name,
            "role": str(Role(step.role).label).lower(),
            "agency": agencies[0].name,
        }
    )


def check_system(*, performer: Performer, dossier: Dossier, step: ProcessStep | None) -> None:
    """The system acts on one step only: the return step of a result sent by post, which the
    post's proof of delivery completes (the return effect still refuses until it is delivered)."""
    if (
        performer == Performer.STEP_ROLE
        and step is not None
        and step.role == Role.ONE_STOP_OFFICER
        and dossier.status == DossierStatus.RESULT_READY
        and dossier.return_method == ReturnMethod.POST
    ):
        return
    raise ActorNotAllowed(_("Hệ thống không tự thực hiện thao tác này."))


def consultation_for(
    *, dossier: Dossier, actor: User, on: date, lock: bool = False
) -> DossierConsultation | None:
    """The open consultation of ``dossier`` addressed to an agency where ``actor`` holds a role.

    An agency that already answered gets :class:`TransitionNotAllowed`: it answers once.
    """
    held = {a.agency_id for a in RoleAssignment.objects.filter(in_force(on), user=actor)}
    consultations = DossierConsultation.objects.filter(
        dossier=dossier, agency_id__in=held
    ).select_related("agency")
    if lock:
        consultations = consultations.select_for_update()
    rows = list(consultations.order_by("due_at", "pk"))
    open_rows = [c for c in rows if c.answered_at is None]
    if open_rows:
        return open_rows[0]
    if rows:
        raise TransitionNotAllowed(
            _(
                "%(agency)s đã trả lời ý kiến phối hợp cho hồ sơ này; mỗi cơ quan chỉ trả lời một lần."
            )
            % {"agency": rows[0].agency.name},
            problems=[FieldProblem("action", _("Đã trả lời trước đó."))],
        )
    return None


def supplement_requested_before(dossier: Dossier) -> bool:
    """A dossier is asked for a supplement once only (yêu cầu bổ sung, hoàn thiện một lần)."""
    return dossier.supplement_requested_count >= 1


def rescheduled_before(dossier: Dossier) -> bool:
    """The return date is set anew once only, and not while the clock is stopped (no due date)."""
    return dossier.rescheduled_once or dossier.due_at is None


def dossier_actions_for(*, user: User, dossier: Dossier, on: date) -> list[Action]:
    """The actions ``user`` may take on ``dossier`` now, in the order of the table.

    An action is listed when the table (:mod:`motcua.dossiers.workflow`) allows it from the
    dossier's status, :func:`check_performer` lets ``user`` perform it, and it is not one already
    used up (a second supplement request, a second new date). The transition engine asks the same
    questions when the action is taken; the back office and the API list what this answers.
    """
    steps = process_steps_of(version=dossier.procedure_version)
    step = next((s for s in steps if s.order == dossier.current_step), None)
    allowed: list[Action] = []
    held = officer_role_keys(user=user, on=on)
    for transition in TRANSITIONS:
        if dossier.status not in transition.sources:
            continue
        if transition.performer == Performer.CONSULTED and not dossier.consultations_open:
            continue  # no consultation waits for an answer (the count kept on the dossier)
        try:
            check_performer(
                performer=transition.performer,
                dossier=dossier,
                step=step,
                actor=user,
                on=on,
                held=held,
            )
        except (ActorNotAllowed, TransitionNotAllowed):
            continue
        allowed.append(transition.action)
    if Action.REQUEST_SUPPLEMENT in allowed and supplement_requested_before(dossier):
        allowed.remove(Action.REQUEST_SUPPLEMENT)
    if Action.APOLOGY_APPROVE in allowed and rescheduled_before(dossier):
        allowed.remove(Action.APOLOGY_APPROVE)
    return allowed


#: Phân công xử lý: while the dossier is received or being processed.
ASSIGNABLE = frozenset({DossierStatus.RECEIVED, DossierStatus.PROCESSING})
#: Who names the specialist: a leader or a one-stop officer of the competent agency.
ASSIGNERS = (Role.LEADER, Role.ONE_STOP_OFFICER)


def check_may_assign(*, user: User, dossier: Dossier, on: date) -> None:
    """Phân công xử lý: a leader or a one-stop officer of the competent agency names the specialist
    who handles the dossier, while it is received or being processed."""
    if dossier.status not in ASSIGNABLE:
        raise TransitionNotAllowed(_("Chỉ phân công xử lý hồ sơ đang được giải quyết."))
    held = officer_role_keys(user=user, on=on)
    if not any((dossier.competent_agency_id, role) in held for role in ASSIGNERS):
        raise ActorNotAllowed(
            _("Chỉ lãnh đạo hoặc cán bộ một cửa của %(agency)s mới được phân công xử lý.")
            % {"agency": dossier.competent_agency.name}
        )


def may_assign(*, user: User, dossier: Dossier, on: date) -> bool:
    try:
        check_may_assign(user=user, dossier=dossier, on=on)
    except (ActorNotAllowed, TransitionNotAllowed):
        return False
    return True


def assignable_specialists(*, dossier: Dossier, on: date) -> QuerySet[User]:
    """The specialists (chuyên viên) of the competent agency on ``on``: the only ones who may be
    named."""
    return officers_holding(agency=dossier.competent_agency, role=Role.SPECIALIST, on=on)
