"""Actions beside the steps: apology and new date (văn bản xin lỗi, hẹn lại), consultation of other
agencies (lấy ý kiến phối hợp) and their answers.

They run inside the transition engine (:mod:`.transition`), with its lock and history; each returns
the sentence of the history note.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, User
from motcua.calendar.rules import MAX_WORKING_DAYS
from motcua.calendar.selectors import calendar_due_moment, working_calendar_get
from motcua.core.errors import Conflict, FieldProblem, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.periods import in_force
from motcua.core.text import nfc
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation
from motcua.dossiers.permissions import consultation_for
from motcua.dossiers.workflow import Action, TransitionNotAllowed


def _local_text(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def check_consultations_closed(*, dossier: Dossier, at: datetime) -> None:
    """``complete_step`` waits for every consulted agency still within its own due moment."""
    if not dossier.consultations_open:
        return
    waiting = list(
        # At its due moment the agency is still on time (the SLA sweep reports it late only after).
        DossierConsultation.objects.filter(
            dossier=dossier, answered_at__isnull=True, due_at__gte=at
        )
        .select_related("agency")
        .order_by("due_at", "pk")
    )
    if waiting:
        names = ", ".join(
            _("%(agency)s (hạn %(due)s)") % {"agency": c.agency.name, "due": _local_text(c.due_at)}
            for c in waiting
        )
        raise TransitionNotAllowed(
            _("Chưa thể chuyển bước: đang chờ ý kiến phối hợp của %(agencies)s.")
            % {"agencies": names},
            problems=[FieldProblem("action", _("Còn cơ quan phối hợp chưa trả lời."))],
        )


def record_side_action(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    at: datetime,
    on: date,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
    agencies: Sequence[str],
    working_days: int | None,
) -> str:
    """Carry out an action that keeps the status; the answer is the note of its history row."""
    if action == Action.APOLOGY_APPROVE:
        return _apology_approve(
            dossier=dossier, actor=actor, at=at, note=note, reasons=reasons, new_due_on=new_due_on
        )
    if action == Action.CONSULT_REQUEST:
        return _consult_request(
            dossier=dossier,
            actor=actor,
            at=at,
            on=on,
            note=note,
            agencies=agencies,
            working_days=working_days,
        )
    assert actor is not None  # noqa: S101 - the performer check refuses anonymous actors
    return _consult_answer(dossier=dossier, actor=actor, at=at, on=on, note=note)


def _apology_approve(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
) -> str:
    approved = DossierApology.objects.filter(dossier=dossier, approved_at__isnull=False).exists()
    if dossier.rescheduled_once or approved:
        raise TransitionNotAllowed(
            _(
                "Hồ sơ %(code)s đã được hẹn lại ngày trả kết quả một lần; theo quy định, ngày trả "
                "kết quả chỉ được hẹn lại một lần."
            )
            % {"code": dossier.code},
            problems=[FieldProblem("action", _("Đã hẹn lại ngày trả kết quả trước đó."))],
        )
    old_due = dossier.due_at
    if old_due is None:
        raise TransitionNotAllowed(_("Hồ sơ đang dừng tính thời hạn nên chưa thể hẹn lại."))
    draft = (
        DossierApology.objects.select_for_update()
        .filter(dossier=dossier, approved_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    calendar = working_calendar_get(agency_code=dossier.competent_agency.code)
    if new_due_on is not None:
        if not calendar.is_working_day(new_due_on):
            raise ValidationFailed(
                _("Ngày hẹn trả kết quả mới không hợp lệ."),
                problems=[
                    FieldProblem("new_due_on", _("Ngày hẹn trả kết quả mới phải là ngày làm việc."))
                ],
            )
        new_due = calendar.end_of_day(new_due_on)
    elif draft is not None:
        new_due = draft.proposed_due_at
    else:
        raise ValidationFailed(
            _("Ngày hẹn trả kết quả mới không hợp lệ."),
            problems=[
                FieldProblem(
                    "new_due_on",
                    _("Chưa có dự thảo văn bản xin lỗi; vui lòng nhập ngày hẹn trả kết quả mới."),
                )
            ],
        )
    if new_due <= old_due:
        raise ValidationFailed(
            _("Ngày hẹn trả kết quả mới không hợp lệ."),
            problems=[
                FieldProblem(
                    "new_due_on",
                    _("Ngày hẹn trả kết quả mới phải sau hạn hiện tại (%(due)s).")
                    % {"due": _local_text(old_due)},
                )
            ],
        )
    if draft is None:
        draft = DossierApology(dossier=dossier, drafted_at=at, original_due_at=old_due)
    draft.reason = "; ".join(reasons)
    draft.proposed_due_at = new_due
    draft.approved_by = actor
    draft.approved_at = at
    draft.save()
    dossier.due_at = new_due
    dossier.rescheduled_once = True
    summary = _("Hẹn lại ngày trả kết quả từ %(old)s sang %(new)s.") % {
        "old": _local_text(old_due),
        "new": _local_text(new_due),
    }
    return f"{summary} {note}".strip()


def _consult_request(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    on: date,
    note: str,
    agencies: Sequence[str],
    working_days: int | None,
) -> str:
    codes = list(dict.fromkeys(nfc(code).strip() for code in agencies if nfc(code).strip()))
    problems: list[FieldProblem] = []
    if not codes:
        problems.append(
            FieldProblem("agencies", _("Vui lòng chọn ít nhất một cơ quan cần lấy ý kiến."))
        )
    if working_days is None or not 1 <= working_days <= MAX_WORKING_DAYS:
        problems.append(
            FieldProblem(
                "working_days",
                _("Số ngày làm việc để trả lời phải là số nguyên từ 1 đến %(days)s.")
                % {"days": MAX_WORKING_DAYS},
            )
        )
    found = {a.code: a for a in Agency.objects.filter(in_force(on), code__in=codes)}
    asked = set(
        DossierConsultation.objects.filter(
            dossier=dossier, answered_at__isnull=True, agency__code__in=codes
        ).values_list("agency__code", flat=True)
    )
    for index, code in enumerate(codes):
        agency = found.get(code)
        if agency is None:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("Không tìm thấy cơ quan có mã định danh %(code)s.") % {"code": code},
                )
            )
        elif agency.pk == dossier.competent_agency_id:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("%(agency)s là cơ quan chủ trì giải quyết hồ sơ.") % {"agency": agency.name},
                )
            )
        elif code in asked:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("%(agency)s đang được lấy ý kiến và chưa trả lời.") % {"agency": agency.name},
                )
            )
    if problems or working_days is None:
        raise ValidationFailed(_("Chưa gửi được yêu cầu lấy ý kiến phối hợp."), problems=problems)
    lines = []
    for code in codes:
        agency = found[code]
        due = calendar_due_moment(
            received_at=at, working_days=working_days, paper=False, agency_code=agency.code
        )
        DossierConsultation.objects.create(
            dossier=dossier,
            agency=agency,
            step=dossier.current_step,
            requested_at=at,
            requested_by=actor,
            due_at=due,
            note=note,
        )
        lines.append(
            _("%(agency)s (hạn %(due)s)") % {"agency": agency.name, "due": _local_text(due)}
        )
    dossier.consultations_open += len(codes)
    summary = _("Lấy ý kiến phối hợp: %(agencies)s.") % {"agencies": ", ".join(lines)}
    return f"{summary} {note}".strip()


def _consult_answer(*, dossier: Dossier, actor: User, at: datetime, on: date, note: str) -> str:
    consultation = consultation_for(dossier=dossier, actor=actor, on=on, lock=True)
    if consultation is None:  # the performer check found it; another answer came in between
        raise Conflict(_("Ý kiến phối hợp vừa được trả lời; hãy tải lại hồ sơ."))
    if not note:
        raise ValidationFailed(
            _("Chưa có nội dung trả lời."),
            problems=[FieldProblem("note", _("Vui lòng nhập ý kiến trả lời."))],
        )
    consultation.answered_at = at
    consultation.answered_by = actor
    consultation.answer = note
    consultation.save(update_fields=["answered_at", "answered_by", "answer"])
    dossier.consultations_open = max(0, dossier.consultations_open - 1)
    return _("Ý kiến của %(agency)s: %(answer)s") % {
        "agency": consultation.agency.name,
        "answer": note,
    }
