"""Officers' signing credentials: which key signs for whom, with its certificate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency, User


class SigningCredential(models.Model):
    """A certificate (chứng thư chữ ký số) and where its private key lives.

    ``plugin`` names the signer plugin that holds the key (``keyfile``, ``pkcs11``, a remote
    service) and ``reference`` the key inside it (a file stem, a label on the token). The private
    key is never stored here. A credential belongs to an officer (a leader's signature, a
    specialist's initials) or to an agency (its seal on slips).
    """

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="signing_credentials"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="signing_credentials"
    )
    plugin = models.CharField(_("nơi giữ khóa"), max_length=30)
    reference = models.CharField(_("định danh khóa"), max_length=200)
    certificate = models.TextField(_("chứng thư số (PEM)"))
    subject = models.CharField(_("chủ thể"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=64)
    fingerprint = models.CharField(max_length=64, unique=True)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-not_before"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(agency__isnull=False),
                name="signing_credential_has_owner",
            )
        ]
        verbose_name = _("chứng thư chữ ký số")
        verbose_name_plural = _("chứng thư chữ ký số")

    def __str__(self) -> str:
        return self.subject
