"""The procedure catalogue as the National Database on TTHC (CSDLQG về TTHC) records it.

A :class:`Procedure` is an identity (its national code). What the procedure says at a given time
is a :class:`ProcedureVersion`: drafted, then published, and from then on never changed. A dossier
pins the version id in force when it was received. Periods are ``valid_from`` (inclusive) and a
nullable, exclusive ``valid_to``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency, AgencyKind, Role

HOURS_PER_WORKING_DAY = 8


class Level(models.TextChoices):
    """Cấp thực hiện. The district level was removed on 1 July 2025."""

    MINISTRY = "ministry", _("Cấp Bộ")
    PROVINCE = "province", _("Cấp Tỉnh")
    COMMUNE = "commune", _("Cấp Xã")
    #: Published before 1 July 2025; kept so that a superseded version reads as published.
    DISTRICT = "district", _("Cấp Huyện")
    ABROAD = "abroad", _("Cơ quan đại diện ở nước ngoài")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Decree 42/2022, Art. 11)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không cung cấp trực tuyến")
    #: Most published procedures do not state it.
    NOT_STATED = "not_stated", _("Không ghi mức độ")


class ProcedureType(models.TextChoices):
    """Loại thủ tục as the national database classifies it."""

    LAW_DETAILED = "law_detailed", _("TTHC được luật giao quy định chi tiết")
    NOT_DELEGATED = (
        "not_delegated",
        _("TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết"),
    )
    LOCAL = "local", _("TTHC do địa phương quy định")


class TimeUnit(models.TextChoices):
    """How a published time limit counts. Only the first four give a due moment."""

    WORKING_DAYS = "working_days", _("Ngày làm việc")
    WORKING_HOURS = "working_hours", _("Giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("Ngày")
    SAME_DAY = "same_day", _("Trong ngày")
    NOT_REGULATED = "not_regulated", _("Không quy định")


#: Units that take a number (``value``); the others stand alone.
COUNTED_UNITS = frozenset({TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS})
#: Units a due moment can be computed from.
COMPUTABLE_UNITS = COUNTED_UNITS | {TimeUnit.SAME_DAY}


class AgencyRole(models.TextChoices):
    """What a participating agency does in a (liên thông) procedure."""

    RECEIVES = "receives", _("Tiếp nhận hồ sơ")
    DECIDES = "decides", _("Quyết định, giải quyết")
    COORDINATES = "coordinates", _("Phối hợp")
    CONSULTED = "consulted", _("Lấy ý kiến")


class AliasKind(models.TextChoices):
    FULL_CODE = "full_code", _("Ký hiệu đầy đủ trên CSDLQG")
    LEGACY = "legacy", _("Số hồ sơ TTHC cũ")
    LOCAL = "local", _("Mã do địa phương đặt")


class Channel(models.TextChoices):
    """Cách thức thực hiện (Decree 61/2018, Art. 16)."""

    DIRECT = "direct", _("Trực tiếp")
    POST = "post", _("Dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class ApplicantType(models.TextChoices):
    """Đối tượng thực hiện."""

    CITIZEN = "citizen", _("Công dân Việt Nam")
    FOREIGNER = "foreigner", _("Người nước ngoài")
    BUSINESS = "business", _("Doanh nghiệp, hộ kinh doanh")
    ORGANISATION = "organisation", _("Tổ chức")


class ResultKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy chứng nhận, giấy phép")
    DECISION = "decision", _("Quyết định")
    CONFIRMATION = "confirmation", _("Xác nhận, văn bản trả lời")
    RECORD = "record", _("Cập nhật cơ sở dữ liệu")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công bố")


class FeeKind(models.TextChoices):
    FEE = "fee", _("Phí")
    CHARGE = "charge", _("Lệ phí")


class FeeBasis(models.TextChoices):
    FIXED = "fixed", _("Cố định")
    PER_ITEM = "per_item", _("Theo đơn vị")
    TIERED = "tiered", _("Theo bậc")


class FeeCondition(models.TextChoices):
    """When a rule applies at all; the dossier says which case it is."""

    ALWAYS = "", _("Luôn áp dụng")
    LATE = "late", _("Chỉ khi đăng ký quá hạn")


class FeeInput(models.TextChoices):
    """What a per-item or tiered rule counts, as the dossier states it."""

    COPIES = "copies", _("Số bản")
    PAGES = "pages", _("Số trang")
    AREA_M2 = "area_m2", _("Diện tích (m²)")


class PaymentStage(models.TextChoices):
    """When the fee must be paid, as the procedure says (Circular 01/2018 on online payment)."""

    NONE = "", _("Không có bước nộp phí")
    BEFORE_PROCESSING = "before_processing", _("Trước khi giải quyết")
    BEFORE_RETURN = "before_return", _("Trước khi trả kết quả")


class ComponentKind(models.TextChoices):
    DOCUMENT = "document", _("Giấy tờ")
    FORM = "form", _("Tờ khai, mẫu đơn")


class DataSource(models.TextChoices):
    """Where the state already holds a component, so the applicant need not supply it again."""

    POPULATION_DB = "population_db", _("Cơ sở dữ liệu quốc gia về dân cư")
    BUSINESS_DB = "business_db", _("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp")
    DATA_STORE = "data_store", _("Kho quản lý dữ liệu điện tử của tổ chức, cá nhân")
    VNEID = "vneid", _("Ứng dụng VNeID")


class Field(models.Model):
    """Lĩnh vực (e.g. "Nghĩa vụ quân sự")."""

    code = models.CharField(_("mã lĩnh vực"), max_length=50, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure's identity: national code (``1.001748``) and optional local suffix (``H38``).

    Many published procedures carry no national code, or only the full ký hiệu
    (``1.009319.000.00.00.H41``) or an old number (``B-BTP-BS43``): those are aliases
    (:class:`ProcedureAlias`), and a procedure without a national code is known by its first
    alias (``primary_alias``).
    """

    national_code = models.CharField(_("mã thủ tục"), max_length=20, blank=True, default="")
    local_suffix = models.CharField(_("ký hiệu địa phương"), max_length=20, blank=True, default="")
    primary_alias = models.CharField(_("mã khác"), max_length=100, blank=True, default="")

    class Meta:
        ordering = ["national_code", "local_suffix", "primary_alias"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_code", "local_suffix"],
                condition=~models.Q(national_code=""),
                name="catalog_procedure_code_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(national_code="") | ~models.Q(primary_alias=""),
                name="catalog_procedure_has_identity",
            ),
        ]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return self.code_of(self.national_code, self.local_suffix, self.primary_alias)

    @staticmethod
    def code_of(national_code: str, local_suffix: str, primary_alias: str) -> str:
        """The code from its three columns, for lists that read columns rather than models."""
        if not national_code:
            return primary_alias
        if local_suffix:
            return f"{national_code}.{local_suffix}"
        return national_code


class ProcedureAlias(models.Model):
    """Another code a procedure is published under; lookups accept any of them."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("mã"), max_length=100, unique=True)
    kind = models.CharField(_("loại mã"), max_length=20, choices=AliasKind.choices)

    class Meta:
        ordering = ["procedure", "alias"]
        verbose_name = _("mã khác của thủ tục")
        verbose_name_plural = _("mã khác của thủ tục")

    def __str__(self) -> str:
        return self.alias


class ProcedureVersion(models.Model):
    """What a procedure says during one period. Published versions are immutable."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("số phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến (không bao gồm)"), null=True, blank=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    decision_number = models.CharField(_("số quyết định công bố"), max_length=100, blank=True)
    levels = models.JSONField(_("cấp thực hiện"), default=list, blank=True)
    # " commune province ": lets every database filter by level with a plain LIKE.
    levels_index = models.CharField(max_length=100, default="", editable=False)
    procedure_type = models.CharField(
        _("loại thủ tục"),
        max_length=20,
        choices=ProcedureType.choices,
        default=ProcedureType.NOT_DELEGATED,
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("lĩnh vực")
    )
    implementing_agency = models.CharField(_("cơ quan thực hiện"), max_length=500, blank=True)
    competent_agency_kind = models.CharField(
        _("loại cơ quan có thẩm quyền"), max_length=30, choices=AgencyKind.choices, blank=True
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="procedure_versions", verbose_name=_("cơ quan cụ thể")
    )
    #: The general term (đơn vị ``""`` when the source states none); ``processing_terms`` holds
    #: the others (conditions, channels, levels, agencies) and ``processing_time_text`` the
    #: published wording.
    processing_time_value = models.PositiveIntegerField(
        _("thời hạn giải quyết"), null=True, blank=True
    )
    processing_time_unit = models.CharField(
        _("đơn vị thời hạn"),
        max_length=20,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
        blank=True,
    )
    processing_time_text = models.TextField(_("thời hạn giải quyết (nguyên văn)"), blank=True)
    processing_terms = models.JSONField(
        _("các thời hạn khác"),
        default=list,
        blank=True,
        help_text="[{value, unit, condition, channel, level, agency}]",
    )
    #: The agencies of a (liên thông) procedure with their roles and time shares.
    agency_roles = models.JSONField(
        _("cơ quan tham gia"),
        default=list,
        blank=True,
        help_text="[{name, role, agency, time: {value, unit}, time_text}]",
    )
    dossier_sets = models.PositiveSmallIntegerField(_("số lượng bộ hồ sơ"), null=True, blank=True)
    fee_text = models.TextField(_("phí, lệ phí (nguyên văn)"), blank=True)
    source_url = models.URLField(_("nguồn công bố"), max_length=1000, blank=True)
    name_en = models.CharField(_("tên thủ tục (tiếng Anh)"), max_length=500, blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    service_norm_value = models.PositiveIntegerField(_("định mức nội bộ"), null=True, blank=True)
    service_norm_unit = models.CharField(
        _("đơn vị định mức"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.PARTIAL,
    )
    #: When a non-zero fee is paid; a dossier whose fee comes to 0 đồng has no payment step.
    payment_stage = models.CharField(
        _("thời điểm nộp phí"),
        max_length=20,
        choices=PaymentStage.choices,
        default=PaymentStage.BEFORE_PROCESSING,
        blank=True,
    )
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    channels = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)
    results = models.JSONField(
        _("kết quả thực hiện"),
        default=list,
        blank=True,
        help_text="[{kind, name, template, validity}]",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.CharField(max_length=2000, default="", editable=False)
    #: The name folded, without a leading "Thủ tục": search ranks names that begin with the query.
    search_name = models.CharField(max_length=500, default="", editable=False)

    class Meta:
        ordering = ["procedure__national_code", "procedure__local_suffix", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="catalog_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(status="draft"),
                name="catalog_version_one_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=False, valid_to__gt=models.F("valid_from")),
                name="catalog_version_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(valid_from__isnull=False),
                name="catalog_version_published_has_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_from"], name="catalog_version_status_idx"),
        ]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def processing_hours(self) -> int | None:
        """The statutory time in working hours (a working day counts 8 hours); None when the
        term is not counted in working time (calendar days, not regulated, not stated)."""
        return to_hours(self.processing_time_value, self.processing_time_unit)


def to_hours(value: int | None, unit: str) -> int | None:
    """Working hours of a term; same day counts one working day, other units none."""
    if unit == TimeUnit.SAME_DAY:
        return HOURS_PER_WORKING_DAY
    if value is None:
        return None
    if unit == TimeUnit.WORKING_DAYS:
        return value * HOURS_PER_WORKING_DAY
    if unit == TimeUnit.WORKING_HOURS:
        return value
    return None


class LegalBasis(models.Model):
    """Căn cứ pháp lý: one legal document the version rests on."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="legal_basis"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số hiệu"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    article = models.CharField(_("điều"), max_length=100, blank=True)
    clause = models.CharField(_("khoản, điểm"), max_length=100, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_legal_order_unique")
        ]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class FeeRule(models.Model):
    """Phí or lệ phí as published; amounts are integer đồng, never floats.

    The calculation lives in :mod:`motcua.catalog.fee_rules`; the rule's fields say:
    ``amount`` (the figure, per item when ``basis`` is per item; meaningless when
    ``amount_stated`` is false: the source says only "theo quy định"), ``channel_amounts``
    (another figure for a channel, e.g. cheaper online), ``condition`` (applies only in that case),
    ``item_input`` (what a per-item or tiered rule counts), ``from_item`` (the first item charged:
    3 for "từ bản thứ 3"), ``maximum`` (a cap on the line), ``tiers`` (``[{up_to, amount}]``,
    the first tier whose ``up_to`` is at least the input), ``legal_reference`` and ``wording``
    (the published text, shown as is).
    """

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    amount = models.BigIntegerField(_("mức thu (đồng)"), default=0)
    amount_stated = models.BooleanField(_("văn bản ghi rõ mức thu"), default=True)
    basis = models.CharField(
        _("cách tính"), max_length=10, choices=FeeBasis.choices, default=FeeBasis.FIXED
    )
    unit_name = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    channel_amounts = models.JSONField(
        _("mức thu theo cách thức nộp"), default=dict, blank=True, help_text='{"online": 10000}'
    )
    condition = models.CharField(
        _("điều kiện áp dụng"), max_length=20, choices=FeeCondition.choices, blank=True, default=""
    )
    item_input = models.CharField(
        _("căn cứ tính theo"), max_length=20, choices=FeeInput.choices, blank=True, default=""
    )
    from_item = models.PositiveIntegerField(_("thu từ đơn vị thứ"), default=1)
    maximum = models.BigIntegerField(_("mức thu tối đa (đồng)"), null=True, blank=True)
    tiers = models.JSONField(
        _("các bậc mức thu"), default=list, blank=True, help_text="[{up_to, amount}]"
    )
    exempt_groups = models.JSONField(_("đối tượng miễn, giảm"), default=list, blank=True)
    legal_reference = models.CharField(_("căn cứ quy định mức thu"), max_length=500, blank=True)
    wording = models.TextField(_("nội dung như văn bản công bố"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_fee_order_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="catalog_fee_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(from_item__gte=1), name="catalog_fee_from_item_gte_1"
            ),
        ]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        amount = f"{self.amount} đồng" if self.amount_stated else "theo quy định"
        return f"{self.get_kind_display()}: {self.name} {amount}"


class LocalFeePolicy(models.Model):
    """A locality's own fee decision (e.g. "0 đồng" for online filing) over a period.

    ``administrative_unit_code`` is a province (2 digits) or a commune (5 digits) code; a null
    ``procedure`` means every procedure; a blank ``channel`` means every way of filing.
    """

    administrative_unit_code = models.CharField(_("mã đơn vị hành chính"), max_length=5)
    procedure = models.ForeignKey(
        Procedure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_fee_policies",
        verbose_name=_("thủ tục"),
    )
    channel = models.CharField(
        _("cách thức nộp"), max_length=10, choices=Channel.choices, blank=True, default=""
    )
    amount = models.BigIntegerField(_("mức thu áp dụng (đồng)"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến (không bao gồm)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["administrative_unit_code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="catalog_policy_amount_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="catalog_policy_period_valid",
            ),
        ]
        verbose_name = _("chính sách phí địa phương")
        verbose_name_plural = _("chính sách phí địa phương")

    def __str__(self) -> str:
        return f"{self.administrative_unit_code} {self.decision_number}: {self.amount} đồng"


class Component(models.Model):
    """Thành phần hồ sơ: a document to supply or a form to fill (with its JSON Schema)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã thành phần"), max_length=50)
    name = models.CharField(_("tên thành phần"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=ComponentKind.choices)
    schema = models.JSONField(_("JSON Schema của tờ khai"), null=True, blank=True)
    template = models.CharField(_("mẫu đơn, tờ khai"), max_length=300, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    reusable_from = models.JSONField(_("dữ liệu đã có tại"), default=list, blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="catalog_component_order_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "code"], name="catalog_component_code_unique"
            ),
        ]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """One step of the internal process (quy trình nội bộ); time in working minutes."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("nội dung bước"), max_length=500)
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit_description = models.CharField(_("đơn vị thực hiện"), max_length=300, blank=True)
    minutes = models.PositiveIntegerField(_("thời gian (phút làm việc)"))
    citizen_facing = models.BooleanField(_("tiếp xúc người dân"), default=False)
    #: Completing this step signs the result: initials for a specialist, the signature for a
    #: leader. With no step marked, the last leader step signs.
    signs_result = models.BooleanField(_("ký số kết quả"), default=False)
    #: The step judges the dossier (thẩm định, phê duyệt): it is where the decision is made, even
    #: when the history records no refusal or supplement there. Never a step to cut as "only
    #: forwarding"; the signing steps are decisions too.
    decides = models.BooleanField(_("bước ra quyết định"), default=False)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="catalog_step_order_unique")
        ]
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("bước quy trình nội bộ")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
