"""Writes of feedback and petitions (phản ánh, kiến nghị): receive, route, forward, answer, rate.

Each write is one transaction with its history row, its audit row and its notifications (through
the outbox), and fires :data:`motcua.feedback.hooks.FEEDBACK_CHANGED` (the reporting aggregates listen) inside
the same transaction, so a figure never counts an item whose change rolled back.
"""

import secrets
import unicodedata
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_label
from motcua.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from motcua.calendar.selectors import calendar_due_moment
from motcua.core.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from motcua.core.periods import in_force
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier
from motcua.feedback.hooks import FEEDBACK_CHANGED, FeedbackChange
from motcua.feedback.models import (
    OPEN_STATUSES,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackCodeCounter,
    FeedbackEvent,
    FeedbackStatus,
    SenderKind,
)
from motcua.feedback.selectors import feedback_agencies_of, feedback_visible_to
from motcua.notifications.services import notification_enqueue

MAX_TITLE = 300
MAX_CONTENT = 10_000


def changed(kind: str, ref: str, at: datetime) -> None:
    FEEDBACK_CHANGED.fire(FeedbackChange(kind=kind, ref=ref, at=at))


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _issue_code(*, at: datetime) -> str:
    day = timezone.localdate(at)
    FeedbackCodeCounter.objects.bulk_create(
        [FeedbackCodeCounter(day=day, last=0)], ignore_conflicts=True
    )
    counter = FeedbackCodeCounter.objects.select_for_update().get(day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PAKN.{day:%Y%m%d}.{counter.last:04d}"


def intake_agency() -> Agency:
    """The agency that receives feedback not about a dossier (MOTCUA_FEEDBACK_INTAKE_AGENCY)."""
    code = settings.MOTCUA_FEEDBACK_INTAKE_AGENCY
    agency = Agency.objects.filter(code=code).first() if code else None
    if agency is None:
        roots = Agency.objects.filter(parent__isnull=True).order_by("code")
        agency = roots.filter(kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE).first() or roots.first()
    if agency is None:
        raise NotFound(_("Chưa có cơ quan tiếp nhận phản ánh, kiến nghị."))
    return agency


def _working_days_after(at: datetime, days: int, agency: Agency) -> datetime:
    return calendar_due_moment(
        received_at=at, working_days=days, paper=False, agency_code=agency.code
    )


def event_append(
    feedback: Feedback, *, action: str, at: datetime, actor: str, note: str = ""
) -> FeedbackEvent:
    feedback.last_seq += 1
    Feedback.objects.filter(pk=feedback.pk).update(last_seq=F("last_seq") + 1)
    event = FeedbackEvent.objects.create(
        feedback=feedback,
        seq=feedback.last_seq,
        action=action,
        at=at,
        actor_label=actor,
        agency=feedback.agency,
        note=note,
    )
    audit_append(
        actor=actor,
        action=f"feedback.{action}",
        object_type="feedback",
        object_id=feedback.code,
        at=at,
        data={"agency": feedback.agency.code, "status": feedback.status, "seq": event.seq},
    )
    return event


def _local(moment: datetime) -> str:
    """``moment`` in local time, worded in the active language."""
    return timezone.localtime(moment).strftime(_("%H:%M ngày %d/%m/%Y"))


def _lookup_url(code: str) -> str:
    """The follow page in the active language (``/en/…`` for an English sender)."""
    return f"{settings.MOTCUA_PUBLIC_BASE_URL}{reverse('portal:feedback_follow')}?ma={code}"


def _tell_sender(feedback: Feedback, *, template: str, at: datetime, key: str) -> None:
    # In the sender's language, as a dossier's notices are in its applicant's.
    with translation.override(feedback.language):
        context = {
            "code": feedback.code,
            "name": feedback.sender_name or _("Ông/Bà"),
            "key": feedback.access_key,
            "due": _local(feedback.due_at),
            "title": feedback.title,
            "lookup_url": _lookup_url(feedback.code),
        }
    for channel, recipient in (("email", feedback.sender_email), ("sms", feedback.sender_phone)):
        if recipient:
            try:
                notification_enqueue(
                    channel=channel,
                    recipient=recipient,
                    template=template,
                    context=context,
                    dossier_code="",
                    key=f"{key}:{channel}",
                    at=at,
                    language=feedback.language,
                )
            except ValidationFailed:
                continue


def agency_tell(
    feedback: Feedback, *, agency: Agency, template: str, at: datetime, key: str, roles: list[str]
) -> None:
    """E-mail the officers of ``agency`` holding ``roles`` (the head asked to be told 24/7)."""
    on = timezone.localdate(at)
    officers = RoleAssignment.objects.filter(
        in_force(on), agency=agency, role__in=roles
    ).select_related("user")
    with translation.override("vi"):  # officers' notices are in Vietnamese whatever the page
        due = _local(feedback.due_at)
    context = {
        "code": feedback.code,
        "title": feedback.title,
        "agency": agency.name,
        "due": due,
        "level": str(feedback.escalation_level),
        "lookup_url": f"{settings.MOTCUA_PUBLIC_BASE_URL}/can-bo/phan-anh/{feedback.code}/",
        "name": "",
    }
    for assignment in officers:
        user = assignment.user
        if not user.email:
            continue
        context["name"] = user.full_name or user.username
        try:
            notification_enqueue(
                channel="email",
                recipient=user.email,
                template=template,
                context=dict(context),
                dossier_code=feedback.dossier_code,
                key=f"{key}:{user.pk}",
                at=at,
            )
        except ValidationFailed:
            continue


def _problems_of_submission(
    *,
    channel: str,
    sender_kind: str,
    sender_email: str,
    sender_phone: str,
    title: str,
    content: str,
    category: str,
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if channel not in FeedbackChannel.values:
        problems.append(FieldProblem("channel", _("Kênh tiếp nhận không hợp lệ.")))
    if sender_kind not in SenderKind.values:
        problems.append(FieldProblem("sender_kind", _("Vui lòng chọn đối tượng gửi.")))
    if not title:
        problems.append(FieldProblem("title", _("Vui lòng nhập tiêu đề.")))
    elif len(title) > MAX_TITLE:
        problems.append(FieldProblem("title", _("Tiêu đề dài tối đa 300 ký tự.")))
    if not content:
        problems.append(FieldProblem("content", _("Vui lòng nhập nội dung phản ánh, kiến nghị.")))
    elif len(content) > MAX_CONTENT:
        problems.append(FieldProblem("content", _("Nội dung dài tối đa 10.000 ký tự.")))
    if category not in FeedbackCategory.values:
        problems.append(FieldProblem("category", _("Phân loại không hợp lệ.")))
    if sender_email and ("@" not in sender_email or len(sender_email) > 254):
        problems.append(FieldProblem("sender_email", _("Địa chỉ thư điện tử không hợp lệ.")))
    if sender_phone and not (
        len(sender_phone) == 10
        and sender_phone.startswith("0")
        and all("0" <= c <= "9" for c in sender_phone)
    ):
        problems.append(
            FieldProblem("sender_phone", _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."))
        )
    return problems


def normalise_phone(value: str) -> str:
    """``+84 912 345 678`` → ``0912345678``; anything else is returned stripped of spaces."""
    digits = "".join(c for c in value if c not in " .-")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def feedback_submit(
    *,
    channel: str,
    sender_kind: str,
    title: str,
    content: str,
    at: datetime,
    sender_name: str = "",
    sender_email: str = "",
    sender_phone: str = "",
    dossier_code: str = "",
    category: str = FeedbackCategory.UNCLASSIFIED,
    source_ref: str = "",
    actor: User | None = None,
    sender_user: User | None = None,
    language: str = "vi",
) -> Feedback:
    """Receive one item at any hour, give it its code and acknowledge it to the sender.

    ``sender_user`` is the sender's own account when they sent it signed in (the portal);
    ``language`` the one they wrote from (their notices are written in it).

    An item about a dossier goes straight to the agency holding the dossier (or that decides it),
    with the step concerned; any other item to the intake agency, which classifies and routes it.
    The same ``source_ref`` on the same channel (an e-mail's Message-ID) returns the first item.
    """
    title, content = _nfc(title), _nfc(content)
    sender_name, sender_email = _nfc(sender_name), _nfc(sender_email).lower()
    sender_phone = normalise_phone(_nfc(sender_phone))
    dossier_code = _nfc(dossier_code).upper()
    source_ref = _nfc(source_ref)[:300]
    if source_ref:
        existing = Feedback.objects.filter(channel=channel, source_ref=source_ref).first()
        if existing is not None:
            return existing
    problems = _problems_of_submission(
        channel=channel,
        sender_kind=sender_kind,
        sender_email=sender_email,
        sender_phone=sender_phone,
        title=title,
        content=content,
        category=category,
    )
    dossier = None
    if dossier_code:
        dossier = Dossier.objects.filter(code=dossier_code).first()
        if dossier is None:
            problems.append(
                FieldProblem(
                    "dossier_code",
                    _("Không tìm thấy hồ sơ có mã %(code)s.") % {"code": dossier_code},
                )
            )
    elif category == FeedbackCategory.DOSSIER:
        problems.append(
            FieldProblem("dossier_code", _("Phản ánh về hồ sơ cần có mã hồ sơ liên quan."))
        )
    if problems:
        raise ValidationFailed(_("Phản ánh, kiến nghị chưa hợp lệ."), problems=problems)
    try:
        with transaction.atomic():
            if dossier is not None:
                agency = dossier.current_agency or dossier.competent_agency
                category = (
                    category
                    if category in (FeedbackCategory.CONDUCT, FeedbackCategory.DOSSIER)
                    else FeedbackCategory.DOSSIER
                )
            else:
                agency = intake_agency()
            feedback = Feedback(
                code=_issue_code(at=at),
                access_key=secrets.token_hex(4).upper(),
                channel=channel,
                source_ref=source_ref,
                category=category,
                sender_kind=sender_kind,
                sender_name=sender_name,
                sender_email=sender_email,
                sender_phone=sender_phone,
                sender_user=sender_user,
                language=language,
                title=title,
                content=content,
                dossier_code=dossier.code if dossier else "",
                dossier_step=dossier.current_step if dossier else None,
                agency=agency,
                status=FeedbackStatus.ROUTED if dossier else FeedbackStatus.RECEIVED,
                received_at=at,
                routed_at=at if dossier else None,
                forward_due_at=_working_days_after(
                    at, settings.MOTCUA_FEEDBACK_FORWARD_DAYS, agency
                ),
                due_at=_working_days_after(at, settings.MOTCUA_FEEDBACK_ANSWER_DAYS, agency),
            )
            feedback.save()
            label = actor_label(actor, fallback=f"{channel}:sender")
            event_append(feedback, action="receive", at=at, actor=label)
            if dossier is not None:
                event_append(
                    feedback,
                    action="route",
                    at=at,
                    actor="system:feedback",
                    note=_("Chuyển đến %(agency)s, đơn vị giải quyết hồ sơ %(code)s.")
                    % {"agency": agency.name, "code": dossier.code},
                )
            _tell_sender(feedback, template="feedback_received", at=at, key=f"{feedback.code}:ack")
            agency_tell(
                feedback,
                agency=agency,
                template="feedback_new",
                at=at,
                key=f"{feedback.code}:new",
                roles=[Role.LEADER, Role.ONE_STOP_OFFICER, Role.REFORM_TEAM],
            )
            changed("feedback", feedback.code, at)
    except IntegrityError:
        if source_ref:
            existing = Feedback.objects.filter(channel=channel, source_ref=source_ref).first()
            if existing is not None:
                return existing
        raise
    return feedback


def _locked_for(*, code: str, actor: User, at: datetime) -> Feedback:
    """The item under its row lock, if ``actor`` may act on it; another agency's item is 404."""
    feedback = (
        feedback_visible_to(user=actor, at=at)
        .select_for_update(of=("self",))
        .select_related("agency")
        .filter(code=code)
        .first()
    )
    if feedback is None:
        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị %(code)s.") % {"code": code})
    if actor.is_superuser:
        return feedback
    if feedback.agency_id not in feedback_agencies_of(user=actor, at=at):
        raise Forbidden(_("Chỉ cơ quan đang xử lý mới được thực hiện thao tác này."))
    return feedback


def _require_open(feedback: Feedback) -> None:
    if feedback.status not in OPEN_STATUSES:
        raise Conflict(
            _("Phản ánh, kiến nghị %(code)s đã được xử lý xong.") % {"code": feedback.code}
        )


def feedback_route(
    *, code: str, agency_code: str, category: str, actor: User, at: datetime, note: str = ""
) -> Feedback:
    """Classify the item and give it to the competent agency within this system."""
    problems: list[FieldProblem] = []
    target = Agency.objects.filter(code=agency_code).first()
    if target is None:
        problems.append(FieldProblem("agency_code", _("Vui lòng chọn cơ quan có thẩm quyền.")))
    if category not in FeedbackCategory.values or category == FeedbackCategory.UNCLASSIFIED:
        problems.append(FieldProblem("category", _("Vui lòng phân loại phản ánh, kiến nghị.")))
    if problems:
        raise ValidationFailed(_("Chưa chuyển được phản ánh, kiến nghị."), problems=problems)
    assert target is not None  # noqa: S101 - checked above
    with transaction.atomic():
        feedback = _locked_for(code=code, actor=actor, at=at)
        _require_open(feedback)
        feedback.agency = target
        feedback.category = category
        feedback.status = FeedbackStatus.ROUTED
        feedback.routed_at = at
        feedback.save(update_fields=["agency", "category", "status", "routed_at"])
        event_append(
            feedback,
            action="route",
            at=at,
            actor=actor_label(actor, fallback=""),
            note=note or _("Chuyển đến %(agency)s.") % {"agency": target.name},
        )
        agency_tell(
            feedback,
            agency=target,
            template="feedback_new",
            at=at,
            key=f"{feedback.code}:route:{feedback.last_seq}",
            roles=[Role.LEADER, Role.SPECIALIST],
        )
        changed("feedback", feedback.code, at)
    return feedback


def feedback_forward(*, code: str, to: str, actor: User, at: datetime, note: str = "") -> Feedback:
    """Not ours: forward to the competent body outside this system (within 5 working days)."""
    to = _nfc(to)
    if not to:
        raise ValidationFailed(
            _("Chưa chuyển được phản ánh, kiến nghị."),
            problems=[FieldProblem("to", _("Vui lòng nhập tên cơ quan có thẩm quyền."))],
        )
    with transaction.atomic():
        feedback = _locked_for(code=code, actor=actor, at=at)
        _require_open(feedback)
        feedback.status = FeedbackStatus.FORWARDED
        feedback.forwarded_at = at
        feedback.forwarded_to = to[:300]
        feedback.save(update_fields=["status", "forwarded_at", "forwarded_to"])
        event_append(
            feedback,
            action="forward",
            at=at,
            actor=actor_label(actor, fallback=""),
            note=note or _("Chuyển đến %(to)s.") % {"to": to},
        )
        _tell_sender(
            feedback, template="feedback_forwarded", at=at, key=f"{feedback.code}:forwarded"
        )
        changed("feedback", feedback.code, at)
    return feedback


def feedback_not_accept(*, code: str, reason: str, actor: User, at: datetime) -> Feedback:
    """Not admissible (không đủ điều kiện tiếp nhận, xử lý): closed without an answer, with the
    reason told to the sender (the sender cannot be identified, the content is unclear, it is a
    complaint or denunciation for another procedure, or it repeats an item already answered).

    The item leaves the answer-on-time figures: it was never due an answer.
    """
    reason = _nfc(reason)
    if not reason:
        raise ValidationFailed(
            _("Chưa cập nhật được phản ánh, kiến nghị."),
            problems=[FieldProblem("reason", _("Vui lòng nêu lý do không đủ điều kiện xử lý."))],
        )
    with transaction.atomic():
        feedback = _locked_for(code=code, actor=actor, at=at)
        _require_open(feedback)
        feedback.status = FeedbackStatus.NOT_ACCEPTED
        feedback.save(update_fields=["status"])
        event_append(
            feedback,
            action="not_accept",
            at=at,
            actor=actor_label(actor, fallback=""),
            note=reason[:2000],
        )
        _tell_sender(
            feedback, template="feedback_not_accepted", at=at, key=f"{feedback.code}:not_accepted"
        )
        changed("feedback", feedback.code, at)
    return feedback


def feedback_answer(
    *,
    code: str,
    answer: str,
    actor: User,
    at: datetime,
    publish: bool = False,
    substantiated: bool = False,
) -> Feedback:
    """Answer the sender; ``publish`` puts question and answer (no personal data) on the portal."""
    answer = _nfc(answer)
    if not answer:
        raise ValidationFailed(
            _("Chưa trả lời được phản ánh, kiến nghị."),
            problems=[FieldProblem("answer", _("Vui lòng nhập nội dung trả lời."))],
        )
    with transaction.atomic():
        feedback = _locked_for(code=code, actor=actor, at=at)
        _require_open(feedback)
        feedback.status = FeedbackStatus.ANSWERED
        feedback.answer = answer
        feedback.answered_at = at
        feedback.answered_by = actor
        feedback.substantiated = substantiated
        feedback.published_at = at if publish else None
        feedback.save(
            update_fields=[
                "status",
                "answer",
                "answered_at",
                "answered_by",
                "substantiated",
                "published_at",
            ]
        )
        late = at > feedback.due_at
        event_append(
            feedback,
            action="answer",
            at=at,
            actor=actor_label(actor, fallback=""),
            note=_("Trả lời quá hạn.") if late else _("Trả lời đúng hạn."),
        )
        if publish:
            event_append(feedback, action="publish", at=at, actor=actor_label(actor, fallback=""))
        _tell_sender(feedback, template="feedback_answered", at=at, key=f"{feedback.code}:answer")
        changed("feedback", feedback.code, at)
    return feedback


def feedback_publish(*, code: str, actor: User, at: datetime) -> Feedback:
    """Publish an answer that concerns everyone (công khai kết quả xử lý)."""
    with transaction.atomic():
        feedback = _locked_for(code=code, actor=actor, at=at)
        if feedback.status != FeedbackStatus.ANSWERED:
            raise Conflict(_("Chỉ công khai được phản ánh, kiến nghị đã có trả lời."))
        if feedback.published_at is None:
            feedback.published_at = at
            feedback.save(update_fields=["published_at"])
            event_append(feedback, action="publish", at=at, actor=actor_label(actor, fallback=""))
            changed("feedback", feedback.code, at)
    return feedback


RATING_CHOICES = (1, 2, 3, 4, 5)
#: A rating of the answer at or above this counts as satisfied.
SATISFIED_FROM = 4


def feedback_rate(*, code: str, access_key: str, rating: int, at: datetime) -> Feedback:
    """The sender rates the answer (1 to 5), once, with the key of the acknowledgement."""
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(code=_nfc(code).upper()).first()
        if feedback is None or not secrets.compare_digest(
            feedback.access_key.encode(), _nfc(access_key).upper().encode()
        ):
            raise NotFound(_("Mã phản ánh hoặc mã tra cứu không đúng."))
        if rating not in RATING_CHOICES:
            raise ValidationFailed(
                _("Chưa ghi nhận được đánh giá."),
                problems=[FieldProblem("rating", _("Vui lòng chọn mức đánh giá từ 1 đến 5."))],
            )
        if feedback.status != FeedbackStatus.ANSWERED:
            raise Conflict(_("Chỉ đánh giá được khi phản ánh, kiến nghị đã có trả lời."))
        if feedback.rated_at is not None:
            raise Conflict(_("Ông/Bà đã đánh giá trả lời này."))
        feedback.rating = rating
        feedback.rated_at = at
        feedback.save(update_fields=["rating", "rated_at"])
        event_append(
            feedback,
            action="rate",
            at=at,
            actor="sender",
            note=_("Người gửi đánh giá %(rating)s/5.") % {"rating": rating},
        )
        changed("feedback", feedback.code, at)
    return feedback
