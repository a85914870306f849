"""The portal's own rows: online applications in progress (hồ sơ nộp dở), kept for the account.

A draft belongs to the citizen's account, not to the browser's session: reopening the form on
another day, or on another device, finds the answers and the consented registry data again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User


class ApplicationDraft(models.Model):
    """One online application in progress, keyed by the idempotency key the form carries."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="application_drafts",
        verbose_name=_("Tài khoản"),
    )
    procedure = models.CharField(_("Mã thủ tục"), max_length=50)
    key = models.CharField(_("Khóa hồ sơ nộp dở"), max_length=32, unique=True)
    #: The raw form answers, as posted (empty until the form was first accepted).
    data = models.JSONField(default=dict, blank=True)
    #: component code -> [original file name, storage name]
    files = models.JSONField(default=dict, blank=True)
    #: What the registries answered with the citizen's consent (a ``PrefillOffer``), or null.
    offer = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"))
    updated_at = models.DateTimeField(_("Cập nhật lúc"))

    class Meta:
        verbose_name = _("Hồ sơ nộp dở")
        verbose_name_plural = _("Hồ sơ nộp dở")
        indexes = [
            models.Index(
                fields=["user", "procedure", "-updated_at"], name="portal_draft_user_proc"
            ),
            models.Index(fields=["updated_at"], name="portal_draft_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} · {self.key}"
