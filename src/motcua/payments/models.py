"""Payments of fees (phí, lệ phí), gateway notifications, refunds, e-receipts and reconciliation.

A payment refers to its dossier by the dossier's code (``reference``), never by a foreign key:
this app sits below ``dossiers``. Money is integer đồng (``PositiveBigIntegerField``). The database
itself refuses a second settlement of one dossier and a second use of one gateway transaction.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Thanh toán trực tuyến")
    COUNTER_CASH = "counter_cash", _("Tiền mặt tại Bộ phận Một cửa")
    COUNTER_CARD = "counter_card", _("Thẻ tại Bộ phận Một cửa")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    REFUNDED = "refunded", _("Đã hoàn tiền")


#: Statuses in which the money was received; at most one payment per dossier is in one of them.
SETTLED = (PaymentStatus.PAID, PaymentStatus.REFUNDED)


class Payment(models.Model):
    """One attempt to pay the fee of one dossier; pending → paid (→ refunded) or pending → failed."""

    reference = models.CharField(_("mã hồ sơ"), max_length=60, db_index=True)
    order_id = models.CharField(_("mã giao dịch của cơ quan"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("đơn vị tiền"), max_length=3, default="VND")
    method = models.CharField(_("hình thức"), max_length=20, choices=PaymentMethod.choices)
    gateway = models.CharField(_("cổng thanh toán"), max_length=40, blank=True)
    gateway_transaction_no = models.CharField(
        _("mã giao dịch tại cổng thanh toán"), max_length=60, blank=True
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    agency_code = models.CharField(_("mã cơ quan thu"), max_length=40)
    agency_name = models.CharField(_("cơ quan thu"), max_length=300)
    payer_name = models.CharField(_("người nộp"), max_length=300)
    description = models.CharField(_("nội dung"), max_length=255)
    created_at = models.DateTimeField(_("thời điểm tạo"))
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    #: How the settlement became known: ``ipn``, ``query``, ``return`` or ``counter``.
    settled_via = models.CharField(max_length=10, blank=True)
    recorded_by = models.CharField(max_length=200, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(
                fields=["gateway", "gateway_transaction_no"],
                condition=~Q(gateway_transaction_no=""),
                name="payment_gateway_transaction_unique",
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=Q(status__in=["paid", "refunded"]),
                name="payment_one_settlement_per_dossier",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_idx")]
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")

    def __str__(self) -> str:
        return f"{self.order_id} {self.reference} {self.amount} đồng ({self.status})"


class NotificationOutcome(models.TextChoices):
    SETTLED = "settled", _("Ghi nhận thanh toán")
    FAILED = "failed", _("Ghi nhận giao dịch không thành công")
    DUPLICATE = "duplicate", _("Đã ghi nhận trước đó")
    BAD_SIGNATURE = "bad_signature", _("Sai chữ ký")
    UNKNOWN_ORDER = "unknown_order", _("Không có giao dịch")
    BAD_AMOUNT = "bad_amount", _("Sai số tiền hoặc đơn vị tiền")
    IGNORED = "ignored", _("Bỏ qua")


class GatewayNotification(models.Model):
    """Every notification (IPN) received, valid or not: the log of forged and tampered ones too."""

    gateway = models.CharField(max_length=40)
    received_at = models.DateTimeField()
    params = models.JSONField(help_text="The parameters as received.")
    signature_valid = models.BooleanField()
    order_id = models.CharField(max_length=40, blank=True, db_index=True)
    outcome = models.CharField(max_length=20, choices=NotificationOutcome.choices)
    answer_code = models.CharField(max_length=4)

    class Meta:
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")

    def __str__(self) -> str:
        return f"{self.gateway} {self.order_id} {self.outcome}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Chờ hoàn tiền")
    DONE = "done", _("Đã hoàn tiền")
    FAILED = "failed", _("Hoàn tiền không thành công")


class Refund(models.Model):
    """The refund of one settled payment; one per payment."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    amount = models.PositiveBigIntegerField(_("số tiền hoàn (đồng)"))
    reason = models.CharField(_("lý do"), max_length=500)
    status = models.CharField(max_length=10, choices=RefundStatus.choices)
    gateway_reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")

    def __str__(self) -> str:
        return f"refund {self.payment_id} {self.amount} đồng ({self.status})"


class ReceiptCounter(models.Model):
    """The last receipt number of one agency in one year; locked while a number is taken."""

    agency_code = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "year"], name="receipt_counter_agency_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.year}: {self.last}"


class Receipt(models.Model):
    """Biên lai điện tử: the e-receipt of one settled payment, as a PDF with its SHA-256."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    number = models.CharField(_("số biên lai"), max_length=80, unique=True)
    series = models.CharField(_("ký hiệu"), max_length=60)
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    file = models.FileField(upload_to="receipts/", max_length=300)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("biên lai điện tử")
        verbose_name_plural = _("biên lai điện tử")

    def __str__(self) -> str:
        return self.number


class ReconciliationRun(models.Model):
    """One comparison of the payments of one day with the gateway's ledger (đối soát)."""

    gateway = models.CharField(max_length=40)
    day = models.DateField(_("ngày đối soát"))
    created_at = models.DateTimeField()
    ours = models.PositiveIntegerField(default=0)
    theirs = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    total_ours = models.PositiveBigIntegerField(default=0)
    total_theirs = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-created_at"]
        verbose_name = _("lần đối soát")
        verbose_name_plural = _("đối soát")

    def __str__(self) -> str:
        return f"{self.gateway} {self.day}"


class MismatchKind(models.TextChoices):
    MISSING_HERE = "missing_here", _("Cổng đã thu nhưng hệ thống chưa ghi nhận")
    MISSING_THERE = "missing_there", _("Hệ thống ghi nhận nhưng cổng không có")
    AMOUNT = "amount", _("Số tiền khác nhau")
    STATUS = "status", _("Trạng thái khác nhau")


class ReconciliationMismatch(models.Model):
    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="mismatches")
    kind = models.CharField(max_length=20, choices=MismatchKind.choices)
    order_id = models.CharField(max_length=40)
    reference = models.CharField(max_length=60, blank=True)
    ours_amount = models.PositiveBigIntegerField(null=True, blank=True)
    theirs_amount = models.PositiveBigIntegerField(null=True, blank=True)
    ours_status = models.CharField(max_length=10, blank=True)
    theirs_status = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["run", "order_id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_id}"
