"""Dossiers (hồ sơ thủ tục hành chính), their history, documents, codes and idempotency keys.

Every write goes through :mod:`motcua.dossiers.services`; the models hold data and constraints only.
Moments are stored in UTC and reasoned about in Asia/Ho_Chi_Minh.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import Agency, Applicant, OneStopUnit, User
from motcua.catalog.models import PaymentStage, ProcedureVersion


class RepresentationBasis(models.TextChoices):
    """Why someone other than the applicant filed the dossier (người đại diện, Civil Code Art. 134).

    An authorised representative (đại diện theo ủy quyền, Art. 138) files on the represented
    person's written authorisation, its consent; a legal representative (đại diện theo pháp
    luật, Art. 136: a parent or guardian of a minor, the legal representative of a business)
    needs none.
    """

    AUTHORISED = "authorised", _("Đại diện theo ủy quyền")
    LEGAL = "legal", _("Đại diện theo pháp luật")


@dataclass(frozen=True)
class Representation:
    """Who filed for the applicant, on what basis, with which authorisation (see the fields)."""

    representative: Applicant
    basis: str
    authorisation_reference: str = ""

    def fields(self) -> dict[str, Any]:
        return {
            "representative": self.representative,
            "representation_basis": self.basis,
            "authorisation_reference": self.authorisation_reference,
        }


class DossierChannel(models.TextChoices):
    """How the dossier was filed (Decree 61/2018, Art. 16)."""

    ONLINE = "online", _("Trực tuyến")
    COUNTER = "counter", _("Trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính")


class ReturnMethod(models.TextChoices):
    """How the applicant receives the result (hình thức nhận kết quả)."""

    COUNTER = "counter", _("Nhận trực tiếp tại Bộ phận Một cửa")
    ONLINE = "online", _("Nhận trực tuyến vào kho dữ liệu điện tử")
    POST = "post", _("Nhận qua dịch vụ bưu chính công ích")


class DossierStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang giải quyết")
    # The same words name the officer's action; the context tells the translations apart.
    SUPPLEMENT_REQUESTED = "supplement_requested", pgettext_lazy("status", "Yêu cầu bổ sung hồ sơ")
    RESULT_READY = "result_ready", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối giải quyết")
    STOPPED = "stopped", _("Dừng giải quyết")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


class HandOverOutcome(models.TextChoices):
    """Kết quả từng bước on the process-control slip: trước hạn / đúng hạn / quá hạn."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Dossier(models.Model):
    """One dossier, pinned to the procedure version in force when it was received.

    The receiving agency (where it was filed) and the competent agency (who decides) differ under
    Decree 118/2025's location-independent reception; routing follows competence.
    """

    # Unique through ``dossier_code_unique`` (Meta): a plain unique column would also get
    # PostgreSQL's pattern-matching copy of the index, which no query uses and every write updates.
    code = models.CharField(_("mã hồ sơ"), max_length=60)
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers"
    )
    applicant = models.ForeignKey(
        Applicant,
        on_delete=models.PROTECT,
        db_index=False,  # dossier_applicant_list_idx leads with it
        related_name="dossiers",
    )
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=DossierChannel.choices)
    receiving_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        db_index=False,  # the queue indexes (Meta) lead with it
        related_name="received_dossiers",
    )
    receiving_unit = models.ForeignKey(
        OneStopUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    competent_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        db_index=False,  # the queue indexes (Meta) lead with it
        related_name="competent_dossiers",
    )
    administrative_unit_code = models.CharField(_("mã đơn vị hành chính"), max_length=5)
    status = models.CharField(
        _("trạng thái"),
        max_length=30,
        choices=DossierStatus.choices,
        default=DossierStatus.RECEIVED,
    )
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), null=True, blank=True)
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    effective_received_on = models.DateField(_("ngày tiếp nhận tính thời hạn"))
    clock_started_at = models.DateTimeField(_("thời điểm bắt đầu tính thời hạn"))
    due_at = models.DateTimeField(_("hạn trả kết quả"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước hiện tại"), null=True, blank=True)
    step_started_at = models.DateTimeField(_("thời điểm nhận bước hiện tại"), null=True, blank=True)
    clock_stopped_at = models.DateTimeField(
        _("thời điểm dừng tính thời hạn"), null=True, blank=True
    )
    supplement_requested_count = models.PositiveSmallIntegerField(default=0)
    rescheduled_once = models.BooleanField(_("đã hẹn lại ngày trả"), default=False)
    marked_late = models.BooleanField(_("đã quá hạn"), default=False)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Who must act now: the role of the current step and the agency where it runs (the receiving
    # agency for reception and return, the competent one otherwise); blank/None with no step.
    # Written by the services whenever the step changes, so the work queue is one index scan.
    current_role = models.CharField(_("vai trò ở bước hiện tại"), max_length=30, blank=True)
    current_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # dossier_work_queue_incl_idx leads with it
        related_name="+",
        verbose_name=_("cơ quan xử lý bước hiện tại"),
    )
    #: Phân công xử lý: the specialist a leader or one-stop officer of the competent agency named
    #: for the specialist steps; it is theirs first in the work queue. Ends when the dossier
    #: leaves the specialist steps (``dossiers.services.assignment``).
    assignee = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # dossier_assignee_idx: the few assigned rows only, built concurrently
        related_name="+",
        verbose_name=_("chuyên viên được phân công"),
    )
    #: ``seq`` of the last :class:`DossierEvent`, kept in the same transaction as the event.
    last_event_seq = models.PositiveIntegerField(default=0)
    #: Consultations (liên thông) asked and not answered yet, kept with the locked row by the
    #: services, so completing a step reads the consultations only when some are open.
    consultations_open = models.PositiveSmallIntegerField(default=0)
    # Fees (phí, lệ phí), integer đồng, fixed at reception by the catalogue's one calculation from
    # the version's fee rules and the locality's decision in force that day; ``fee_basis`` records
    # the rules, inputs and decision that produced it. A fee the sources leave to a regulation has
    # ``fee_basis["known"]`` false and ``fee_amount`` 0 until a one-stop officer sets it.
    fee_amount = models.PositiveBigIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_basis = models.JSONField(_("căn cứ tính phí"), default=dict, blank=True)
    payment_stage = models.CharField(
        _("thời điểm nộp phí"), max_length=20, choices=PaymentStage.choices, blank=True
    )
    paid_at = models.DateTimeField(_("thời điểm nộp phí xong"), null=True, blank=True)
    return_method = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=ReturnMethod.choices,
        default=ReturnMethod.COUNTER,
    )
    # Who filed for the applicant, when not the applicant: kept beside the applicant, with the
    # basis and, for an authorisation, the number and date of the represented person's written
    # authorisation (their consent).
    representative = models.ForeignKey(
        Applicant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_dossiers",
        verbose_name=_("người đại diện nộp hồ sơ"),
    )
    representation_basis = models.CharField(
        _("căn cứ đại diện"), max_length=20, choices=RepresentationBasis.choices, blank=True
    )
    authorisation_reference = models.CharField(_("văn bản ủy quyền"), max_length=200, blank=True)
    #: The postal address for ``ReturnMethod.POST``: recipient, phone, street, commune code.
    return_address = models.JSONField(_("địa chỉ nhận kết quả"), default=dict, blank=True)
    #: Where each value of ``form_data`` came from: ``{"component.field": {"source": ...,
    #: "at": ..., "evidence": ..., "verified": bool}}`` (registry, data store, applicant, officer).
    form_provenance = models.JSONField(_("nguồn gốc dữ liệu tờ khai"), default=dict, blank=True)
    #: The language the applicant filed in (the portal's ``/en/`` or not): the e-mails and SMS
    #: about the dossier are written in it.
    language = models.CharField(_("ngôn ngữ của người nộp"), max_length=8, default="vi")
    #: The counter booking (lịch hẹn) the applicant came with, if the dossier was received from it.
    appointment_code = models.CharField(_("mã lịch hẹn"), max_length=12, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["assignee"],
                name="dossier_assignee_idx",
                condition=models.Q(assignee__isnull=False),
            ),
            # The work queue of each step (agency, role), in its order. It also holds the step's
            # due moment and the id (PostgreSQL; SQLite has no INCLUDE): the late and due-today
            # counts filter on the one and return the other from the index, without reading the
            # dossier rows of a page whose rows are all visible.
            models.Index(
                "current_agency",
                "current_role",
                models.F("marked_late").desc(),
                "due_at",
                "code",
                name="dossier_work_queue_incl_idx",
                condition=models.Q(status__in=["received", "processing", "result_ready"]),
                include=["step_due_at", "id"],
            ),
            # The same order over every agency: the superuser's queue.
            models.Index(
                models.F("marked_late").desc(),
                "due_at",
                "code",
                name="dossier_open_due_incl_idx",
                condition=models.Q(status__in=["received", "processing", "result_ready"]),
                include=["step_due_at", "id"],
            ),
            models.Index(fields=["competent_agency", "status", "due_at"], name="dossier_queue_idx"),
            models.Index(fields=["receiving_agency", "status", "due_at"], name="dossier_recv_idx"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due_idx"),
            # The lists, newest received first with keyset pagination (selectors.ListCursor): one
            # index per branch of who may see a dossier, each read backwards from its top.
            models.Index(
                fields=["competent_agency", "received_at", "id"],
                name="dossier_competent_list_idx",
            ),
            models.Index(
                fields=["receiving_agency", "received_at", "id"], name="dossier_receiving_list_idx"
            ),
            models.Index(
                fields=["applicant", "received_at", "id"], name="dossier_applicant_list_idx"
            ),
            models.Index(fields=["received_at", "id"], name="dossier_received_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="dossier_code_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(representative__isnull=True, representation_basis="")
                    | (
                        models.Q(representative__isnull=False)
                        & models.Q(representation_basis__in=["authorised", "legal"])
                    )
                )
                & ~models.Q(representation_basis="authorised", authorisation_reference=""),
                name="dossier_representation_recorded",
            ),
        ]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self) -> str:
        return self.code


class DossierEvent(models.Model):
    """One row of the process-control history (phiếu kiểm soát quá trình giải quyết, form 06).

    Append-only: a row is never updated; ``seq`` numbers the rows of one dossier from 1.
    """

    # No index of its own: dossier_event_seq_unique leads with it.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, db_index=False, related_name="events"
    )
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    from_step = models.PositiveSmallIntegerField(null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="dossier_events"
    )
    actor_label = models.CharField(max_length=300)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    step_due_before = models.DateTimeField(null=True, blank=True)
    step_due_after = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=HandOverOutcome.choices, blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")
        ]
        verbose_name = _("lịch sử xử lý hồ sơ")
        verbose_name_plural = _("lịch sử xử lý hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.seq} {self.action}"


class DossierDocument(models.Model):
    """A file supplied for one document component, with its SHA-256 and its type read from content."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    component_code = models.CharField(max_length=50)
    file = models.FileField(upload_to="dossiers/", max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    #: Hash of the stored file.
    sha256 = models.CharField(max_length=64)
    #: Hash of the file as the applicant sent it: an image is stored without its metadata.
    original_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["dossier", "component_code", "pk"]
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")

    def __str__(self) -> str:
        return f"{self.component_code}: {self.original_name}"


class DossierCodeCounter(models.Model):
    """The last sequence number issued by one agency on one local day; locked to issue the next."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossier_counters")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day.isoformat()} {self.last}"


class IdempotencyRecord(models.Model):
    """The first answer to a request carrying an ``Idempotency-Key``, per client and scope.

    ``scope`` is empty for a submission (kept for good) and ``dossier:<id>`` for an action on that
    dossier (kept ``MOTCUA_IDEMPOTENCY_HOURS``, see :mod:`motcua.dossiers.services.once`)."""

    client_id = models.CharField(max_length=100)
    # Kept in the database too: a node still running the code before the scope inserts without it.
    scope = models.CharField(max_length=40, blank=True, default="", db_default="")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client_id", "scope", "key"], name="idempotency_client_scope_key"
            )
        ]
        indexes = [
            # The periodic purge of the scoped keys, by age; submissions' keys are never purged.
            models.Index(
                fields=["created_at"],
                name="idempotency_scoped_age_idx",
                condition=~models.Q(scope=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.key}"


class DossierApology(models.Model):
    """Form 04: the apology and the proposed new return date (văn bản xin lỗi và đề nghị gia hạn).

    The SLA sweep drafts it before the dossier falls due; a leader of the competent agency approves
    it, which sets the new due moment. The return date may be rescheduled only once (Decree
    61/2018, Art. 19(9)): at most one approved apology per dossier.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apologies")
    drafted_at = models.DateTimeField(_("thời điểm dự thảo"))
    reason = models.TextField(_("lý do chậm giải quyết"))
    original_due_at = models.DateTimeField(_("hạn trả kết quả ban đầu"))
    proposed_due_at = models.DateTimeField(_("ngày hẹn trả kết quả mới"))
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    notified_at = models.DateTimeField(_("thời điểm thông báo người dân"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(approved_at__isnull=False),
                name="dossier_apology_approved_once",
            )
        ]
        verbose_name = _("văn bản xin lỗi và hẹn lại ngày trả kết quả")
        verbose_name_plural = _("văn bản xin lỗi và hẹn lại ngày trả kết quả")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.proposed_due_at.isoformat()}"


class DossierConsultation(models.Model):
    """A request for the opinion of another agency (lấy ý kiến phối hợp, liên thông), in parallel.

    Each consulted agency has its own due moment, counted on its calendar; it answers once.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="consultations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="consultations")
    step = models.PositiveSmallIntegerField(_("bước yêu cầu"), null=True, blank=True)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("hạn trả lời"))
    note = models.TextField(_("nội dung đề nghị"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("ý kiến trả lời"), blank=True)

    class Meta:
        ordering = ["dossier", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "agency"],
                condition=models.Q(answered_at__isnull=True),
                name="dossier_consultation_one_open",
            )
        ]
        indexes = [models.Index(fields=["answered_at", "due_at"], name="consultation_open_idx")]
        verbose_name = _("lấy ý kiến cơ quan phối hợp")
        verbose_name_plural = _("lấy ý kiến cơ quan phối hợp")

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.agency_id}"


class SlaMark(models.Model):
    """Ledger of what the SLA sweep already did: one row per (dossier, effect, key).

    ``key`` names the deadline the effect is about (``dossier@<due>``, ``step:2@<due>``,
    ``consultation:<id>``), so a sweep run twice does nothing the second time, and a new deadline
    (after a supplement or a reschedule) earns its own warning.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="sla_marks")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=100)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind", "key"], name="sla_mark_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.key}"


class DossierResultKind(models.TextChoices):
    RESULT = "result", _("Kết quả giải quyết")
    SLIP = "slip", _("Phiếu")
    RECEIPT = "receipt", _("Biên lai")


class DossierResult(models.Model):
    """An electronic document the dossier produced (kết quả giải quyết TTHC điện tử, Decree 45/2020).

    ``verification_code`` is what the QR code of Circular 01/2023 points to (``/verify/{code}``);
    ``file`` holds the last signed revision and ``sha256`` its hash, also written to the audit chain.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(
        _("loại"),
        max_length=10,
        choices=DossierResultKind.choices,
        default=DossierResultKind.RESULT,
    )
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    verification_code = models.CharField(_("mã tra cứu xác thực"), max_length=40, unique=True)
    file = models.FileField(upload_to="results/", max_length=300)
    sha256 = models.CharField(max_length=64)
    #: Every signature applied, in order: ``[{"signer": ..., "role": ..., "at": ..., "subject": ...}]``.
    signatures = models.JSONField(_("chữ ký số"), default=list, blank=True)
    created_at = models.DateTimeField()
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    data = models.JSONField(_("dữ liệu kết quả"), default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "created_at"]
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")

    def __str__(self) -> str:
        return f"{self.dossier.code} {self.title}"
