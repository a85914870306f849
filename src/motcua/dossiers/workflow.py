"""The transition table of a dossier, as data, and the one function that reads it.

Steps of the pinned internal process (quy trình nội bộ) map to statuses this way:

* at the first step (reception, usually the one-stop officer): ``received``;
* at any later step up to and including the last step with the leader role: ``processing``;
* at a step after the last leader step (returning the approved result): ``result_ready``;
* completing the last step: ``returned`` (the result is handed to the applicant).

``complete_step`` therefore has no fixed target: :func:`status_at_step` computes it.

Actions that keep the status (``keeps_status``) record something beside the walk: the approved
apology with its new return date (form 04, once per dossier), a consultation of other agencies
(liên thông) and its answers. Rule while consultations are open: ``complete_step`` is refused as
long as a consulted agency has not answered and its own due moment has not passed; once it is late
(the SLA sweep has reported it to the head of the one-stop unit) the holder may move on without it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from motcua.accounts.models import Role
from motcua.core.errors import Conflict
from motcua.dossiers.models import DossierStatus

S = DossierStatus


class Action(StrEnum):
    COMPLETE_STEP = "complete_step"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT = "supplement"
    REFUSE = "refuse"
    STOP = "stop"
    WITHDRAW = "withdraw"
    APOLOGY_APPROVE = "apology_approve"
    CONSULT_REQUEST = "consult_request"
    CONSULT_ANSWER = "consult_answer"


class Performer(StrEnum):
    """Who may perform an action."""

    STEP_ROLE = "step_role"  # holds the current step's role in the agency that step belongs to
    APPLICANT = "applicant"  # the applicant, or a one-stop officer of the receiving agency for them
    LEADER = "leader"  # a leader of the competent agency
    CONSULTED = "consulted"  # an officer of an agency whose opinion was asked and not yet given


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[str]
    target: str | None  # None: computed from the step walk
    performer: Performer
    needs_reasons: bool = False
    keeps_status: bool = False  # the action records something; status and step stay as they are


ACTIVE = frozenset({S.RECEIVED, S.PROCESSING, S.RESULT_READY})


def transition_table() -> tuple[Transition, ...]:
    """The rows, built on every call: the readers below then see a mutated row when mutation
    testing changes one (nine small objects; no cost worth caching)."""
    return (
        Transition(Action.COMPLETE_STEP, ACTIVE, None, Performer.STEP_ROLE),
        # Form 02: once per dossier, at reception or after appraisal; the clock stops.
        Transition(
            Action.REQUEST_SUPPLEMENT,
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.SUPPLEMENT_REQUESTED,
            Performer.STEP_ROLE,
            needs_reasons=True,
        ),
        # The applicant supplements; the dossier goes back to the step it was at.
        Transition(
            Action.SUPPLEMENT, frozenset({S.SUPPLEMENT_REQUESTED}), None, Performer.APPLICANT
        ),
        # Form 03: at reception or in processing, with reasons.
        Transition(
            Action.REFUSE,
            frozenset({S.RECEIVED, S.PROCESSING}),
            S.REFUSED,
            Performer.STEP_ROLE,
            needs_reasons=True,
        ),
        # Form 05 (Circular 03/2025): processing stopped, decided by a leader.
        Transition(
            Action.STOP,
            frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED}),
            S.STOPPED,
            Performer.LEADER,
            needs_reasons=True,
        ),
        Transition(
            Action.WITHDRAW,
            frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED}),
            S.WITHDRAWN,
            Performer.APPLICANT,
        ),
        # Form 04: the leader approves the apology and the new return date, once per dossier.
        Transition(
            Action.APOLOGY_APPROVE,
            ACTIVE,
            None,
            Performer.LEADER,
            needs_reasons=True,
            keeps_status=True,
        ),
        # Liên thông: the holder of the current step asks other agencies, in parallel.
        Transition(
            Action.CONSULT_REQUEST,
            frozenset({S.RECEIVED, S.PROCESSING}),
            None,
            Performer.STEP_ROLE,
            keeps_status=True,
        ),
        # A consulted agency answers once; the lead agency's clock is not stopped meanwhile.
        Transition(
            Action.CONSULT_ANSWER,
            ACTIVE | {S.SUPPLEMENT_REQUESTED},
            None,
            Performer.CONSULTED,
            keeps_status=True,
        ),
    )


#: The table as data, for readers that list it (the back office's overview).
TRANSITIONS = transition_table()

TERMINAL = frozenset({S.RETURNED, S.REFUSED, S.STOPPED, S.WITHDRAWN})


class TransitionNotAllowed(Conflict):
    """The action is not allowed from the dossier's current status."""

    code = "transition_not_allowed"


def transition_for(*, status: str, action: str) -> Transition:
    """The row of the table for ``action`` from ``status``, or :class:`TransitionNotAllowed`."""
    for transition in transition_table():
        if transition.action == action and status in transition.sources:
            return transition
    if action not in Action.__members__.values():
        message = _("Thao tác %(action)s không tồn tại.") % {"action": action}
    else:
        message = _(
            "Không thể thực hiện thao tác “%(action)s” khi hồ sơ ở trạng thái “%(status)s”."
        ) % {
            "action": action_label(action),
            "status": status_label(status),
        }
    raise TransitionNotAllowed(message)


def actions_from(status: str) -> list[Action]:
    """The actions the table allows from ``status`` (who may do them is checked separately)."""
    return [t.action for t in transition_table() if status in t.sources]


def status_label(status: str) -> str:
    try:
        return str(DossierStatus(status).label)
    except ValueError:
        return status


_ACTION_LABELS = {
    Action.COMPLETE_STEP: gettext_lazy("Chuyển bước tiếp theo"),
    # Also the name of a status: the context "action" gives it its own translation.
    Action.REQUEST_SUPPLEMENT: pgettext_lazy("action", "Yêu cầu bổ sung hồ sơ"),
    Action.SUPPLEMENT: gettext_lazy("Bổ sung hồ sơ"),
    Action.REFUSE: gettext_lazy("Từ chối giải quyết"),
    Action.STOP: gettext_lazy("Dừng giải quyết"),
    Action.WITHDRAW: gettext_lazy("Rút hồ sơ"),
    Action.APOLOGY_APPROVE: gettext_lazy("Phê duyệt văn bản xin lỗi và hẹn lại ngày trả kết quả"),
    Action.CONSULT_REQUEST: gettext_lazy("Lấy ý kiến cơ quan phối hợp"),
    Action.CONSULT_ANSWER: gettext_lazy("Trả lời ý kiến phối hợp"),
}


#: Rows of the history that are not an officer's action: what the system or the post did.
_EVENT_LABELS = {
    "submit": gettext_lazy("Tiếp nhận hồ sơ"),
    # Rows the SLA sweep writes (the worker, "Hệ thống").
    "due_soon": gettext_lazy("Cảnh báo sắp đến hạn"),
    "became_late": gettext_lazy("Quá hạn"),
    "apology_drafted": gettext_lazy("Dự thảo văn bản xin lỗi (mẫu 04)"),
    "consultation_late": gettext_lazy("Cơ quan phối hợp quá hạn trả lời"),
    # Return of the result by post (dossiers/postal.py).
    "post_dispatched": gettext_lazy("Gửi kết quả qua bưu chính"),
    "post_returned": gettext_lazy("Bưu chính trả lại"),
    "post_resend": gettext_lazy("Gửi lại kết quả qua bưu chính"),
    "migrate": gettext_lazy("Chuyển sang phiên bản thủ tục mới"),
    "assign": gettext_lazy("Phân công xử lý"),
}


def action_label(action: str) -> str:
    for key, label in _ACTION_LABELS.items():
        if key == action:
            return str(label)
    return action


def event_label(kind: str) -> str:
    """The words for a row of the dossier's history (its ``action``): every page and export that
    names a history row (the process-control slip, the mined process) asks here."""
    label = _EVENT_LABELS.get(kind)
    return str(label) if label is not None else action_label(kind)


@dataclass(frozen=True)
class StepInfo:
    order: int
    role: str


def status_at_step(*, steps: Sequence[StepInfo], order: int | None) -> str:
    """The status of a dossier standing at step ``order`` (``None``: past the last step)."""
    if order is None:
        return S.RETURNED
    if steps and order == steps[0].order:
        return S.RECEIVED
    leader_orders = [step.order for step in steps if step.role == Role.LEADER]
    if leader_orders and order > max(leader_orders):
        return S.RESULT_READY
    return S.PROCESSING
