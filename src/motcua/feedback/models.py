"""Feedback and petitions (phản ánh, kiến nghị — PAKN) and the applicant's rating of a dossier.

Every write goes through :mod:`motcua.feedback.services`. A dossier is referred to by its code
string, never by a foreign key: this app sits above dossiers but keeps its own rows independent.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency, User


class FeedbackCategory(models.TextChoices):
    """Phân loại (Decree 20/2008, Art. 9)."""

    UNCLASSIFIED = "unclassified", _("Chưa phân loại")
    REGULATION = "regulation", _("Về quy định hành chính")
    CONDUCT = "conduct", _("Về hành vi, thái độ của cán bộ, công chức")
    DOSSIER = "dossier", _("Về việc giải quyết hồ sơ")


class FeedbackChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công")
    API = "api", _("Ứng dụng kết nối (API)")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    RATING = "rating", _("Đánh giá hồ sơ không hài lòng")


class SenderKind(models.TextChoices):
    CITIZEN = "citizen", _("Cá nhân")
    BUSINESS = "business", _("Doanh nghiệp, tổ chức")
    OFFICER = "officer", _("Cán bộ, công chức")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ROUTED = "routed", _("Đang xử lý")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    ANSWERED = "answered", _("Đã trả lời")
    NOT_ACCEPTED = "not_accepted", _("Không đủ điều kiện tiếp nhận")


OPEN_STATUSES = (FeedbackStatus.RECEIVED, FeedbackStatus.ROUTED)


class Feedback(models.Model):
    """One feedback or petition, coded ``PAKN.YYYYMMDD.NNNN`` on its local day of reception.

    ``agency`` is the agency that must answer (the intake agency until it is routed);
    ``escalated_to`` the agency up the chain that was told it is late.
    """

    code = models.CharField(_("mã phản ánh, kiến nghị"), max_length=30, unique=True)
    #: Given to the sender with the acknowledgement: with the code, it shows the answer and lets
    #: them rate it. The code alone shows only the status (codes are guessable).
    access_key = models.CharField(max_length=20)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=FeedbackChannel.choices)
    #: The message id of an e-mail, the gateway id of an SMS: the same one twice is one item.
    source_ref = models.CharField(max_length=300, blank=True)
    category = models.CharField(
        _("phân loại"),
        max_length=20,
        choices=FeedbackCategory.choices,
        default=FeedbackCategory.UNCLASSIFIED,
    )
    sender_kind = models.CharField(max_length=10, choices=SenderKind.choices)
    sender_name = models.CharField(_("người gửi"), max_length=300, blank=True)
    sender_email = models.EmailField(blank=True)
    sender_phone = models.CharField(max_length=10, blank=True)
    #: The account of a sender who was signed in: their items are listed in "Hồ sơ của tôi" and
    #: open there without the access key.
    sender_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_sent"
    )
    #: The language the sender wrote from (the portal's ``/en/``, or their account's choice): the
    #: acknowledgement and the answer's notice are written in it, as a dossier's are.
    language = models.CharField(_("ngôn ngữ của người gửi"), max_length=8, default="vi")
    title = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung"))
    dossier_code = models.CharField(_("mã hồ sơ liên quan"), max_length=60, blank=True)
    dossier_step = models.PositiveSmallIntegerField(
        _("bước xử lý liên quan"), null=True, blank=True
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="feedback_items", verbose_name=_("cơ quan")
    )
    status = models.CharField(
        max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    forward_due_at = models.DateTimeField(_("hạn chuyển cơ quan có thẩm quyền"))
    due_at = models.DateTimeField(_("hạn trả lời"))
    routed_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forwarded_to = models.CharField(_("cơ quan được chuyển đến"), max_length=300, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_to = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The top of the chain was told: the working group (tổ công tác) now follows the item.
    with_working_group = models.BooleanField(default=False)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    #: The complaint about conduct was found to be well founded (Circular 01/2018 Art. 13 index 7).
    substantiated = models.BooleanField(default=False)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("mức hài lòng với trả lời"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="feedback_source_once",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="feedback_queue_idx"),
            models.Index(fields=["status", "due_at"], name="feedback_due_idx"),
            models.Index(fields=["dossier_code"], name="feedback_dossier_idx"),
            models.Index(fields=["published_at"], name="feedback_published_idx"),
        ]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")

    def __str__(self) -> str:
        return self.code


class FeedbackEvent(models.Model):
    """The item's history, appended and never updated; ``seq`` numbers one item's rows from 1."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=30)
    at = models.DateTimeField()
    actor_label = models.CharField(max_length=300)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["feedback", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "seq"], name="feedback_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} #{self.seq} {self.action}"


class FeedbackCodeCounter(models.Model):
    """The last number issued on one local day; locked to issue the next."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.last}"


class FeedbackMark(models.Model):
    """Ledger of the sweep's reminders and escalations: one row per (item, kind, key)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="marks")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=100)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "kind", "key"], name="feedback_mark_once")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind} {self.key}"


class Satisfaction(models.IntegerChoices):
    """Mức độ hài lòng, as on the national portal."""

    UNSATISFIED = 0, _("Không hài lòng")
    SATISFIED = 1, _("Hài lòng")
    VERY_SATISFIED = 2, _("Rất hài lòng")


class DossierRating(models.Model):
    """The applicant's rating of a returned dossier, with the per-dossier evaluation of Circular
    01/2018 Art. 13 (nine indices scored 0/1/2) computed when the rating was given.

    ``evaluation`` is ``{"1": {"score": 2, "source": "data"|"rating", "basis": "..."}, ...}``.
    """

    dossier_code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossier_ratings")
    satisfaction = models.PositiveSmallIntegerField(choices=Satisfaction.choices)
    answers = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    evaluation = models.JSONField(default=dict)
    total = models.PositiveSmallIntegerField(default=0)
    rated_at = models.DateTimeField()
    rated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT)
    #: The feedback item opened with the handling unit for a low rating.
    feedback_code = models.CharField(max_length=30, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_idx")]
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_code} {self.satisfaction}"
