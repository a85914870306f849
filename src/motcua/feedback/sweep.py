"""Reminders and escalation of feedback not answered in time (run by the worker every minute).

* ``reminder``: the answer falls due within ``MOTCUA_FEEDBACK_REMINDER_DAYS`` working days; the
  agency's leaders are reminded, once per due moment.
* ``escalated``: the answer is late. Level 1 goes to the parent agency at the due moment; each
  further ``MOTCUA_FEEDBACK_ESCALATION_DAYS`` working days late goes one level higher, up to the
  top of the chain, where the working group (tổ công tác, role reform team) follows the item.

Each effect is recorded once in :class:`~motcua.feedback.models.FeedbackMark` in the same
transaction as its history row, so the sweep may run as often as wanted.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.calendar.selectors import calendar_add_working_days, calendar_due_moment
from motcua.feedback.models import OPEN_STATUSES, Feedback, FeedbackMark
from motcua.feedback.selectors import escalation_chain
from motcua.feedback.services import agency_tell, changed, event_append

SWEEP_ACTOR = "system:feedback-sweep"


@dataclass
class FeedbackSweepReport:
    now: datetime
    reminded: list[str] = field(default_factory=list)
    escalated: list[tuple[str, int]] = field(default_factory=list)


def escalation_level_at(feedback: Feedback, *, now: datetime, levels: int) -> int:
    """How many levels up a late item must be at ``now`` (0 while on time)."""
    level = 0
    threshold = feedback.due_at
    while now > threshold and level < max(levels, 1):
        level += 1
        threshold = calendar_due_moment(
            received_at=threshold,
            working_days=settings.MOTCUA_FEEDBACK_ESCALATION_DAYS,
            paper=False,
            agency_code=feedback.agency.code,
        )
    return level


def _remind_due(feedback: Feedback, now: datetime) -> bool:
    today = timezone.localdate(now)
    horizon = calendar_add_working_days(
        day=today, days=settings.MOTCUA_FEEDBACK_REMINDER_DAYS, agency_code=feedback.agency.code
    )
    return now <= feedback.due_at and timezone.localdate(feedback.due_at) <= horizon


def _one(pk: int, now: datetime, report: FeedbackSweepReport) -> None:
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__parent")
            .filter(pk=pk, status__in=OPEN_STATUSES)
            .first()
        )
        if feedback is None:
            return
        marks = set(FeedbackMark.objects.filter(feedback=feedback).values_list("kind", "key"))
        due_key = feedback.due_at.isoformat()
        if ("reminder", due_key) not in marks and _remind_due(feedback, now):
            FeedbackMark.objects.create(feedback=feedback, kind="reminder", key=due_key, at=now)
            event_append(
                feedback,
                action="reminder",
                at=now,
                actor=SWEEP_ACTOR,
                note=_("Nhắc hạn trả lời %(due)s.")
                % {"due": timezone.localtime(feedback.due_at).strftime("%d/%m/%Y")},
            )
            agency_tell(
                feedback,
                agency=feedback.agency,
                template="feedback_reminder",
                at=now,
                key=f"{feedback.code}:reminder:{due_key}",
                roles=[Role.LEADER, Role.SPECIALIST],
            )
            report.reminded.append(feedback.code)
        chain = escalation_chain(feedback.agency)
        level = escalation_level_at(feedback, now=now, levels=len(chain))
        for step in range(feedback.escalation_level + 1, level + 1):
            if ("escalated", str(step)) in marks:
                continue
            FeedbackMark.objects.create(feedback=feedback, kind="escalated", key=str(step), at=now)
            target = chain[step - 1] if chain else feedback.agency
            top = step >= len(chain)
            feedback.escalation_level = step
            feedback.escalated_to = target
            feedback.with_working_group = top
            feedback.save(update_fields=["escalation_level", "escalated_to", "with_working_group"])
            note = _("Quá hạn trả lời: báo cáo %(agency)s (cấp %(level)s).") % {
                "agency": target.name,
                "level": step,
            }
            if top:
                note += " " + _("Tổ công tác theo dõi.")
            event_append(feedback, action="escalate", at=now, actor=SWEEP_ACTOR, note=note)
            agency_tell(
                feedback,
                agency=target,
                template="feedback_escalated",
                at=now,
                key=f"{feedback.code}:escalated:{step}",
                roles=[Role.LEADER, Role.REFORM_TEAM] if top else [Role.LEADER],
            )
            report.escalated.append((feedback.code, step))
        if report.escalated and report.escalated[-1][0] == feedback.code:
            changed("feedback", feedback.code, now)


def feedback_sweep(*, now: datetime) -> FeedbackSweepReport:
    """Remind and escalate what is due; running it twice at the same ``now`` does nothing more."""
    report = FeedbackSweepReport(now=now)
    # Reminders start a few working days before the due moment: a calendar window wide enough
    # for the longest run of days off (Tết) keeps the candidates few.
    horizon = now + timedelta(days=2 * settings.MOTCUA_FEEDBACK_REMINDER_DAYS + 14)
    candidates = (
        Feedback.objects.filter(status__in=OPEN_STATUSES, due_at__lte=horizon)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in list(candidates[:5000]):
        _one(pk, now, report)
    return report
