"""Postal consignments (bưu gửi) and their tracking events.

A consignment refers to its dossier by the dossier's code (``reference``), never by a foreign key:
this app sits below ``dossiers``. Postage is integer đồng.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsignmentKind(models.TextChoices):
    OUTBOUND_RESULT = "outbound_result", _("Gửi kết quả cho người nộp")
    INBOUND_DOSSIER = "inbound_dossier", _("Hồ sơ nộp qua bưu chính")


class ConsignmentStatus(models.TextChoices):
    TO_DISPATCH = "to_dispatch", _("Chờ gửi bưu chính")
    DISPATCHED = "dispatched", _("Đã tạo đơn gửi bưu chính")
    ACCEPTED = "accepted", _("Bưu chính đã nhận bưu gửi")
    IN_TRANSIT = "in_transit", _("Đang vận chuyển")
    DELIVERED = "delivered", _("Đã phát thành công")
    RETURNED_TO_SENDER = "returned_to_sender", _("Bưu chính trả lại")
    RECEIVED = "received", _("Bộ phận Một cửa đã nhận")


#: Statuses of an outbound consignment still on its way (neither delivered nor returned).
IN_FLIGHT = frozenset(
    {
        ConsignmentStatus.TO_DISPATCH,
        ConsignmentStatus.DISPATCHED,
        ConsignmentStatus.ACCEPTED,
        ConsignmentStatus.IN_TRANSIT,
    }
)


class TrackingCode(models.TextChoices):
    ACCEPTED = "accepted", _("Bưu chính đã nhận bưu gửi")
    IN_TRANSIT = "in_transit", _("Đang vận chuyển")
    DELIVERED = "delivered", _("Đã phát thành công")
    RETURNED_TO_SENDER = "returned_to_sender", _("Chuyển hoàn cho người gửi")


class Consignment(models.Model):
    """One item sent by (or received from) the public postal service for one dossier.

    Outbound results are numbered per dossier by ``attempt``: a result returned to sender and sent
    again is a new consignment with the next attempt number.
    """

    reference = models.CharField(_("mã hồ sơ"), max_length=60, db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=ConsignmentKind.choices)
    attempt = models.PositiveSmallIntegerField(_("lần gửi"), default=1)
    provider = models.CharField(_("đơn vị bưu chính"), max_length=40)
    tracking_number = models.CharField(
        _("số hiệu bưu gửi"), max_length=40, unique=True, null=True, blank=True
    )
    recipient_name = models.CharField(_("người nhận"), max_length=200, blank=True)
    recipient_phone = models.CharField(_("số điện thoại người nhận"), max_length=10, blank=True)
    street = models.CharField(_("số nhà, đường, thôn, xóm"), max_length=300, blank=True)
    commune_code = models.CharField(_("mã xã, phường"), max_length=5, blank=True)
    address_text = models.CharField(_("địa chỉ"), max_length=600, blank=True)
    postage = models.PositiveBigIntegerField(_("cước bưu chính (đồng)"), default=0)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ConsignmentStatus.choices,
        default=ConsignmentStatus.TO_DISPATCH,
    )
    created_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["reference", "kind", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "kind", "attempt"], name="consignment_attempt_unique"
            )
        ]
        indexes = [models.Index(fields=["status"], name="consignment_status_idx")]
        verbose_name = _("bưu gửi")
        verbose_name_plural = _("bưu gửi")

    def __str__(self) -> str:
        return f"{self.reference} #{self.attempt} {self.tracking_number or '-'}"


class TrackingEvent(models.Model):
    """One event the post reported for a consignment; a repeated report is recorded once."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=80)
    code = models.CharField(_("sự kiện"), max_length=20, choices=TrackingCode.choices)
    at = models.DateTimeField(_("thời điểm"))
    place = models.CharField(_("nơi xảy ra"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    #: ``webhook`` or ``poll``: how motcua learnt of it.
    source = models.CharField(max_length=10)
    raw = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["consignment", "at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consignment", "event_id"], name="tracking_event_once")
        ]
        verbose_name = _("sự kiện bưu gửi")
        verbose_name_plural = _("sự kiện bưu gửi")

    def __str__(self) -> str:
        return f"{self.consignment_id} {self.code} {self.at:%Y-%m-%d %H:%M}"
