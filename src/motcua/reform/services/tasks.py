"""Reform tasks: assigned, extended, completed, and the reminders mailed before they are due."""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, Role, RoleAssignment
from motcua.core.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from motcua.core.outbox import effect_once, outbox_enqueue
from motcua.core.periods import in_force
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.reform.models import (
    ReformTask,
    TaskExtension,
    TaskReminder,
)
from motcua.reform.permissions import ReformScope


def task_create(
    *,
    title: str,
    agency: Agency,
    deadline: date,
    source: str,
    scope: ReformScope,
    actor: str,
    at: datetime,
) -> ReformTask:
    """Assign a reform task (nhiệm vụ) to an agency of the team's ``scope`` with a deadline."""
    problems = []
    if not nfc(title).strip():
        problems.append(FieldProblem("title", _("Nhập nội dung nhiệm vụ.")))
    if not scope.agencies().filter(pk=agency.pk).exists():
        problems.append(
            FieldProblem("agency", _("Cơ quan này không thuộc phạm vi của tổ công tác."))
        )
    if problems:
        raise ValidationFailed(_("Nhiệm vụ chưa lưu được."), problems=problems)
    with transaction.atomic():
        task = ReformTask.objects.create(
            title=nfc(title).strip()[:500],
            agency=agency,
            source=nfc(source).strip()[:300],
            original_deadline=deadline,
            deadline=deadline,
            created_at=at,
        )
        audit_append(
            actor=actor,
            action="reform.task_created",
            object_type="reform_task",
            object_id=str(task.pk),
            at=at,
            data={"title": task.title, "agency": agency.code, "deadline": deadline.isoformat()},
        )
    return task


def task_extend(
    *,
    task: ReformTask,
    new_deadline: date,
    reason: str,
    decided_on: date,
    scope: ReformScope,
    actor: str,
    at: datetime,
) -> ReformTask:
    """Record an extension of the task's deadline (gia hạn), with its date and reason."""
    problems = []
    if not nfc(reason).strip():
        problems.append(FieldProblem("reason", _("Nêu lý do gia hạn.")))
    with transaction.atomic():
        locked = _task_locked(task, scope)
        if new_deadline <= locked.deadline:
            problems.append(
                FieldProblem("new_deadline", _("Thời hạn mới phải sau thời hạn hiện tại."))
            )
        if locked.done_on is not None:
            raise Conflict(_("Nhiệm vụ đã hoàn thành, không gia hạn được."))
        if problems:
            raise ValidationFailed(_("Chưa gia hạn được nhiệm vụ."), problems=problems)
        TaskExtension.objects.create(
            task=locked,
            previous_deadline=locked.deadline,
            new_deadline=new_deadline,
            reason=nfc(reason).strip(),
            decided_on=decided_on,
            recorded_by=actor,
            recorded_at=at,
        )
        previous = locked.deadline
        locked.deadline = new_deadline
        locked.save(update_fields=["deadline"])
        audit_append(
            actor=actor,
            action="reform.task_extended",
            object_type="reform_task",
            object_id=str(locked.pk),
            at=at,
            data={
                "from": previous.isoformat(),
                "to": new_deadline.isoformat(),
                "reason": reason,
                "decided_on": decided_on.isoformat(),
            },
        )
    return locked


def _task_locked(task: ReformTask, scope: ReformScope) -> ReformTask:
    locked = scope.tasks().select_for_update().filter(pk=task.pk).first()
    if locked is None:
        raise NotFound(_("Không tìm thấy đối tượng này trong phạm vi của tổ công tác."))
    return locked


def task_complete(
    *, task: ReformTask, done_on: date, scope: ReformScope, actor: str, at: datetime
) -> ReformTask:
    with transaction.atomic():
        locked = _task_locked(task, scope)
        if locked.done_on is not None:
            raise Conflict(_("Nhiệm vụ đã được ghi nhận hoàn thành."))
        locked.done_on = done_on
        locked.save(update_fields=["done_on"])
        audit_append(
            actor=actor,
            action="reform.task_completed",
            object_type="reform_task",
            object_id=str(locked.pk),
            at=at,
            data={"done_on": done_on.isoformat()},
        )
    return locked


REMINDER_ACTOR = "system:reform-reminders"
REMINDER_TOPIC = "reform.task_reminder"


def task_reminder_mail(*, payload: dict[str, Any], key: str, now: datetime) -> None:
    """Outbox handler: send one reminder e-mail; a failure raises, and the worker retries."""
    if effect_once(effect=REMINDER_TOPIC, key=key, at=now):
        send_mail(payload["subject"], payload["body"], None, list(payload["recipients"]))


def task_reminders_send(*, now: datetime) -> list[int]:
    """E-mail the reform team of each agency whose open task falls due within the reminder window.

    Once per task and deadline (the :class:`TaskReminder` ledger, written in the same transaction
    as the audit row); an extended deadline gets its own reminder. The e-mail leaves on commit.
    """
    today = timezone.localdate(now)
    horizon = today + timedelta(days=int(settings.MOTCUA_REFORM_REMINDER_DAYS))
    sent: list[int] = []
    due = ReformTask.objects.filter(
        done_on__isnull=True, deadline__gte=today, deadline__lte=horizon
    ).select_related("agency")
    for task in due:
        with transaction.atomic():
            if TaskReminder.objects.filter(task=task, deadline=task.deadline).exists():
                continue
            recipients = sorted(
                {
                    a.user.email
                    for a in RoleAssignment.objects.filter(
                        in_force(today), agency=task.agency, role=Role.REFORM_TEAM
                    ).select_related("user")
                    if a.user.email
                }
            )
            TaskReminder.objects.create(
                task=task, deadline=task.deadline, recipients=recipients, sent_at=now
            )
            audit_append(
                actor=REMINDER_ACTOR,
                action="reform.task_reminded",
                object_type="reform_task",
                object_id=str(task.pk),
                at=now,
                data={"deadline": task.deadline.isoformat(), "recipients": len(recipients)},
            )
            subject = _("Nhắc hạn nhiệm vụ cải cách: %(title)s") % {"title": task.title}
            body = _(
                "Nhiệm vụ “%(title)s” của %(agency)s đến hạn ngày %(day)s và chưa hoàn thành."
            ) % {
                "title": task.title,
                "agency": task.agency.name,
                "day": task.deadline.strftime("%d/%m/%Y"),
            }
            if recipients:
                outbox_enqueue(
                    topic=REMINDER_TOPIC,
                    key=f"{task.pk}:{task.deadline.isoformat()}",
                    payload={"subject": subject, "body": body, "recipients": recipients},
                    at=now,
                )
            sent.append(task.pk)
    return sent
