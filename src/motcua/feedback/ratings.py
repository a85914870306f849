"""The applicant rates a returned dossier; the per-dossier evaluation of Circular 01/2018 Art. 13.

Nine indices, each scored 0/1/2 (đánh giá việc giải quyết TTHC). The dossier's own history decides
indices 1, 2, 3, 4, 6 and 7, the agency's feedback record index 8; the applicant's answers decide
5 and 9 (shares the unit reports, which one dossier's data cannot decide). A rating "không hài
lòng" opens a feedback item with the unit that handled the dossier.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.catalog.models import OnlineLevel, VersionStatus
from motcua.core.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier, DossierChannel, DossierEvent, DossierStatus
from motcua.feedback.models import (
    DossierRating,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    Satisfaction,
    SenderKind,
)
from motcua.feedback.services import changed, feedback_submit

#: Indices the applicant answers, 0/1/2 each.
ASKED = ("5", "9")
RATEABLE = (DossierStatus.RETURNED,)


def _score_time(closed: datetime | None, due: datetime | None) -> tuple[int, str]:
    if closed is None or due is None:
        return 1, "no_due"
    closed_day, due_day = timezone.localdate(closed), timezone.localdate(due)
    if closed_day < due_day:
        return 2, "early"
    if closed_day == due_day:
        return 1, "on_due_day"
    return 0, "late"


def feedback_on_time_share(*, agency_id: int) -> tuple[int, int]:
    """(answered on time, answered or late) of the agency's feedback so far."""
    rows = Feedback.objects.filter(agency_id=agency_id).exclude(
        status__in=[FeedbackStatus.FORWARDED, FeedbackStatus.NOT_ACCEPTED]
    )
    on_time = late = 0
    for answered_at, due_at, level in rows.values_list("answered_at", "due_at", "escalation_level"):
        if answered_at is not None and answered_at <= due_at:
            on_time += 1
        elif answered_at is not None or level > 0:
            late += 1
    return on_time, on_time + late


def dossier_evaluation(
    dossier: Dossier, *, answers: Mapping[str, int], legal_due: datetime | None
) -> dict[str, dict[str, Any]]:
    """The nine indices for ``dossier``; ``legal_due`` is its due moment at reception."""
    result: dict[str, dict[str, Any]] = {}
    score, basis = _score_time(
        dossier.closed_at, dossier.due_at if legal_due is None else legal_due
    )
    result["1"] = {"score": score, "source": "data", "basis": basis}
    outcomes = list(
        DossierEvent.objects.filter(dossier=dossier)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
    if "late" in outcomes:
        result["2"] = {"score": 0, "source": "data", "basis": "a_step_late"}
    elif outcomes and all(o == "early" for o in outcomes):
        result["2"] = {"score": 2, "source": "data", "basis": "every_step_early"}
    else:
        result["2"] = {"score": 1, "source": "data", "basis": "steps_on_time"}
    contacts = dossier.supplement_requested_count
    result["3"] = {
        "score": 2 if contacts == 0 else 1 if contacts == 1 else 0,
        "source": "data",
        "basis": f"supplements:{contacts}",
    }
    result["4"] = (
        {"score": 2, "source": "data", "basis": "online"}
        if dossier.channel == DossierChannel.ONLINE
        else {"score": 1, "source": "data", "basis": "one_stop_unit_only"}
    )
    version = dossier.procedure_version
    published = version.status == VersionStatus.PUBLISHED
    online = version.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)
    result["6"] = {
        "score": 2 if published and online else 1 if published else 0,
        "source": "data",
        "basis": f"published:{published},online:{online}",
    }
    complaints = Feedback.objects.filter(
        dossier_code=dossier.code, category=FeedbackCategory.CONDUCT, substantiated=True
    ).exists()
    if complaints:
        result["7"] = {"score": 0, "source": "data", "basis": "substantiated_complaint"}
    else:
        result["7"] = {
            "score": 2 if result["1"]["score"] == 2 else 1,
            "source": "data",
            "basis": "no_complaint",
        }
    on_time, total = feedback_on_time_share(agency_id=dossier.competent_agency_id)
    share = on_time / total if total else 1.0
    result["8"] = {
        "score": 2 if share >= 1 else 1 if share >= 0.9 else 0,
        "source": "data",
        "basis": f"feedback_on_time:{on_time}/{total}",
    }
    for index in ASKED:
        result[index] = {"score": int(answers[index]), "source": "rating", "basis": "applicant"}
    return dict(sorted(result.items(), key=lambda item: int(item[0])))


def _legal_due(dossier: Dossier) -> datetime | None:
    first = DossierEvent.objects.filter(dossier=dossier, seq=1).values_list("due_after", flat=True)
    return first.first()


def dossier_rate(
    *,
    code: str,
    satisfaction: int,
    answers: Mapping[str, Any],
    actor: User,
    at: datetime,
    comment: str = "",
) -> DossierRating:
    """The applicant (the user the dossier's applicant belongs to) rates it, once, after return."""
    problems: list[FieldProblem] = []
    if satisfaction not in Satisfaction.values:
        problems.append(FieldProblem("satisfaction", _("Vui lòng chọn mức độ hài lòng.")))
    clean: dict[str, int] = {}
    for index in ASKED:
        value = answers.get(index)
        if value not in (0, 1, 2, "0", "1", "2"):
            problems.append(FieldProblem(f"answers.{index}", _("Vui lòng chọn một mức đánh giá.")))
        else:
            clean[index] = int(value)
    if problems:
        raise ValidationFailed(_("Chưa ghi nhận được đánh giá."), problems=problems)
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure_version", "applicant", "competent_agency")
            .filter(code=code, applicant__user=actor)
            .first()
        )
        if dossier is None:
            raise NotFound(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
        if dossier.status not in RATEABLE:
            raise Forbidden(_("Chỉ đánh giá được hồ sơ đã trả kết quả."))
        if DossierRating.objects.filter(dossier_code=dossier.code).exists():
            raise Conflict(_("Hồ sơ %(code)s đã được đánh giá.") % {"code": dossier.code})
        evaluation = dossier_evaluation(dossier, answers=clean, legal_due=_legal_due(dossier))
        rating = DossierRating.objects.create(
            dossier_code=dossier.code,
            agency=dossier.competent_agency,
            satisfaction=satisfaction,
            answers=clean,
            comment=comment.strip()[:2000],
            evaluation=evaluation,
            total=sum(int(v["score"]) for v in evaluation.values()),
            rated_at=at,
            rated_by=actor,
        )
        audit_append(
            actor=actor_for(actor),
            action="dossier.rated",
            object_type="dossier",
            object_id=dossier.code,
            at=at,
            data={"satisfaction": satisfaction, "total": rating.total},
            chain=f"dossier:{dossier.code}",
        )
        if satisfaction == Satisfaction.UNSATISFIED:
            item = feedback_submit(
                channel=FeedbackChannel.RATING,
                sender_kind=SenderKind.CITIZEN,
                title=_("Không hài lòng với việc giải quyết hồ sơ %(code)s")
                % {"code": dossier.code},
                content=rating.comment or _("Người nộp hồ sơ đánh giá không hài lòng."),
                sender_name=dossier.applicant.name,
                sender_email=dossier.applicant.email,
                dossier_code=dossier.code,
                category=FeedbackCategory.DOSSIER,
                source_ref=f"rating:{dossier.code}",
                actor=actor,
                at=at,
            )
            rating.feedback_code = item.code
            rating.save(update_fields=["feedback_code"])
        changed("dossier", dossier.code, at)
    return rating
