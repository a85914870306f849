from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("đang gửi")
    SENT = "sent", _("đã gửi")
    FAILED = "failed", _("gửi không thành công")


class Notification(models.Model):
    """One message to one recipient through one channel; ``key`` makes sending it idempotent."""

    key = models.CharField(max_length=255, unique=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=60, blank=True, db_index=True)
    recipient = models.CharField(_("người nhận"), max_length=254)
    channel = models.CharField(_("kênh"), max_length=30)
    template = models.CharField(_("mẫu"), max_length=60)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return f"{self.channel} {self.template} {self.dossier_code}"
