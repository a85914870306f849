"""Internal procedures, overlap findings, simplification plans, norms and reform tasks.

Every write goes through :mod:`motcua.reform.services`. A procedure under review is named by a
reference string: ``internal:<code>`` for an internal procedure of this register, ``public:<code>``
for a procedure of the catalogue, so findings and plans never hold a key into another app's table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency


class InternalScope(models.TextChoices):
    """Loại TTHC nội bộ (Decision 1085/QĐ-TTg)."""

    BETWEEN_AGENCIES = "between_agencies", _("Giữa các cơ quan hành chính nhà nước")
    WITHIN_AGENCY = "within_agency", _("Trong nội bộ một cơ quan")


class InternalProcedure(models.Model):
    """TTHC nội bộ: a procedure between state agencies or inside one, with its steps and documents.

    ``steps`` is ``[{"name", "unit", "hours"}]`` (the processing time of each step, working hours);
    ``documents`` is ``[{"name", "hours", "cost"}]`` (the time and direct cost, đồng, of preparing
    it); ``legal_basis`` a list of document numbers and titles.
    """

    code = models.CharField(_("mã thủ tục nội bộ"), max_length=50, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    agency_code = models.CharField(_("mã cơ quan ban hành"), max_length=50)
    agency_name = models.CharField(_("cơ quan ban hành"), max_length=300)
    field_name = models.CharField(_("lĩnh vực"), max_length=300, blank=True)
    scope = models.CharField(
        _("loại thủ tục nội bộ"),
        max_length=20,
        choices=InternalScope.choices,
        default=InternalScope.BETWEEN_AGENCIES,
    )
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    steps = models.JSONField(_("trình tự thực hiện"), default=list, blank=True)
    documents = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    serves = models.CharField(_("đối tượng thực hiện"), max_length=500, blank=True)
    fee = models.PositiveBigIntegerField(_("phí, lệ phí (đồng)"), default=0)
    visits = models.PositiveSmallIntegerField(_("số lần đi lại"), default=1)
    times_per_year = models.PositiveIntegerField(_("số lần thực hiện mỗi năm"), default=1)
    subjects = models.PositiveIntegerField(_("số đối tượng thực hiện mỗi năm"), default=1)
    imported_from = models.CharField(_("nguồn nhập"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("thời điểm nhập"))

    class Meta:
        ordering = ["agency_code", "code"]
        verbose_name = _("thủ tục hành chính nội bộ")
        verbose_name_plural = _("thủ tục hành chính nội bộ")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Judgement(models.TextChoices):
    PENDING = "", _("Chưa đánh giá")
    OVERLAP = "overlap", _("Trùng lặp")
    NOT_OVERLAP = "not_overlap", _("Không trùng lặp")
    MERGE = "merge", _("Đề xuất hợp nhất")


class OverlapFinding(models.Model):
    """A pair of procedures found alike, with the evidence; the team's judgement is kept."""

    left_ref = models.CharField(max_length=80)
    right_ref = models.CharField(max_length=80)
    left_name = models.CharField(max_length=500)
    right_name = models.CharField(max_length=500)
    left_agency = models.CharField(max_length=300, blank=True)
    right_agency = models.CharField(max_length=300, blank=True)
    #: 0..1000 (per mille), so every database orders it the same way.
    score = models.PositiveSmallIntegerField()
    evidence = models.JSONField(default=dict)
    cluster = models.PositiveIntegerField(default=0)
    found_at = models.DateTimeField()
    judgement = models.CharField(
        _("đánh giá"), max_length=20, choices=Judgement.choices, default="", blank=True
    )
    judged_by = models.CharField(max_length=300, blank=True)
    judged_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-score", "left_ref", "right_ref"]
        constraints = [
            models.UniqueConstraint(fields=["left_ref", "right_ref"], name="reform_overlap_pair")
        ]
        verbose_name = _("kết quả rà soát trùng lặp")
        verbose_name_plural = _("kết quả rà soát trùng lặp")

    def __str__(self) -> str:
        return f"{self.left_ref} ~ {self.right_ref} ({self.score})"

    @property
    def left_code(self) -> str:
        return _code_label(self.left_ref)

    @property
    def right_code(self) -> str:
        return _code_label(self.right_ref)


def _code_label(ref: str) -> str:
    """ "public:1.000656" -> "Mã thủ tục 1.000656": how a reviewer names a procedure."""
    kind, _sep, code = ref.partition(":")
    if kind == "internal":
        return str(_("Mã thủ tục nội bộ %(code)s") % {"code": code})
    return str(_("Mã thủ tục %(code)s") % {"code": code})


class LabourCostRate(models.Model):
    """The cost of one hour of a subject's time for a year, set by the Government Office (đồng)."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    hourly_rate = models.PositiveBigIntegerField(_("chi phí một giờ công (đồng)"))
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("mức chi phí giờ công")
        verbose_name_plural = _("mức chi phí giờ công")

    def __str__(self) -> str:
        return f"{self.year}: {self.hourly_rate}"


class CutKind(models.TextChoices):
    PROCEDURE = "procedure", _("Bãi bỏ thủ tục")
    COMPONENT = "component", _("Cắt giảm thành phần hồ sơ")
    STEP = "step", _("Cắt giảm bước")
    VISIT = "visit", _("Giảm số lần đi lại")
    FEE = "fee", _("Giảm phí, lệ phí")
    DAYS = "days", _("Giảm thời gian giải quyết (giờ)")


class SimplificationPlan(models.Model):
    """Phương án đơn giản hóa of one procedure: what is cut, the legal change, who, by when.

    ``cost_before`` is the standard-cost-model profile the plan was computed on (a snapshot, so a
    later change of the register does not rewrite an adopted plan); ``cuts`` is
    ``[{"kind", "name", "amount"}]``.
    """

    ref = models.CharField(max_length=80)
    subject_name = models.CharField(_("thủ tục"), max_length=500)
    subject_agency = models.CharField(_("cơ quan"), max_length=300, blank=True)
    cuts = models.JSONField(_("nội dung cắt giảm"), default=list)
    legal_change = models.TextField(_("kiến nghị sửa đổi văn bản quy phạm pháp luật"))
    responsible_agency = models.CharField(_("cơ quan chịu trách nhiệm"), max_length=300)
    deadline = models.DateField(_("thời hạn thực hiện"))
    year = models.PositiveSmallIntegerField(_("năm tính chi phí"))
    cost_before = models.JSONField(default=dict)
    #: The costing's assumptions the team set for this plan, each with its source:
    #: ``{"times_per_year" | "subjects" | "hourly_rate": {"value", "source"}}``; what is not set
    #: comes from the register (or motcua's own count) and the year's labour-cost rate.
    assumptions = models.JSONField(_("giả định tính chi phí"), default=dict, blank=True)
    created_by = models.CharField(max_length=300)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("phương án đơn giản hóa")
        verbose_name_plural = _("phương án đơn giản hóa")

    def __str__(self) -> str:
        return f"{self.ref} ({self.deadline})"


class NormActivity(models.TextChoices):
    """Activities of the one-stop unit with an economic-technical norm."""

    GUIDE = "guide", _("Hướng dẫn người nộp hồ sơ")
    RECEIVE_COUNTER = "receive_counter", _("Tiếp nhận hồ sơ tại quầy")
    RECEIVE_ONLINE = "receive_online", _("Tiếp nhận hồ sơ trực tuyến")
    DIGITIZE_PAGE = "digitize_page", _("Số hóa một trang hồ sơ")
    RETURN_COUNTER = "return_counter", _("Trả kết quả tại quầy")
    RETURN_POST = "return_post", _("Trả kết quả qua bưu chính")
    RETURN_ONLINE = "return_online", _("Trả kết quả trực tuyến")


class OperatingNorm(models.Model):
    """Định mức kinh tế - kỹ thuật of one activity for a year: minutes and direct cost (đồng)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    activity = models.CharField(_("hoạt động"), max_length=30, choices=NormActivity.choices)
    minutes = models.PositiveIntegerField(_("thời gian (phút)"))
    cost = models.PositiveBigIntegerField(_("chi phí trực tiếp (đồng)"), default=0)

    class Meta:
        ordering = ["year", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["year", "activity"], name="reform_norm_year_activity")
        ]
        verbose_name = _("định mức kinh tế - kỹ thuật")
        verbose_name_plural = _("định mức kinh tế - kỹ thuật")

    def __str__(self) -> str:
        return f"{self.year} {self.activity}"


class ReformTask(models.Model):
    """Nhiệm vụ cải cách assigned to an agency; its status is computed, never stored."""

    title = models.CharField(_("nhiệm vụ"), max_length=500)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="reform_tasks", verbose_name=_("cơ quan")
    )
    source = models.CharField(_("văn bản giao"), max_length=300, blank=True)
    original_deadline = models.DateField(_("thời hạn ban đầu"))
    deadline = models.DateField(_("thời hạn hiện tại"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("nhiệm vụ cải cách")
        verbose_name_plural = _("nhiệm vụ cải cách")

    def __str__(self) -> str:
        return self.title


class TaskExtension(models.Model):
    """One extension of a task's deadline (gia hạn), with its date and reason. Append-only."""

    task = models.ForeignKey(ReformTask, on_delete=models.PROTECT, related_name="extensions")
    previous_deadline = models.DateField()
    new_deadline = models.DateField()
    reason = models.TextField()
    decided_on = models.DateField()
    recorded_by = models.CharField(max_length=300)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["task", "recorded_at", "pk"]
        verbose_name = _("gia hạn nhiệm vụ")
        verbose_name_plural = _("gia hạn nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.previous_deadline} -> {self.new_deadline}"


class TaskReminder(models.Model):
    """The ledger of reminders sent: once per task and deadline, however often the job runs."""

    task = models.ForeignKey(ReformTask, on_delete=models.PROTECT, related_name="reminders")
    deadline = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "deadline"], name="reform_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.deadline}"
