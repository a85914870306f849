"""Once-only data (dữ liệu dùng chung): evidence of registry answers, consent, the citizen's
access log, the personal e-data store and the state of each registry's circuit breaker.

Nothing here refers to a dossier by foreign key: a dossier is named by its code string.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvenanceSource(models.TextChoices):
    """Where a value in a dossier's form data came from (nguồn dữ liệu)."""

    POPULATION_DB = "population_db", _("Cơ sở dữ liệu quốc gia về dân cư")
    BUSINESS_DB = "business_db", _("Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp")
    DATA_STORE = "data_store", _("Kho quản lý dữ liệu điện tử của tổ chức, cá nhân")
    VNEID = "vneid", _("Ứng dụng VNeID")
    APPLICANT = "applicant", _("Người nộp hồ sơ tự nhập")
    OFFICER = "officer", _("Cán bộ nhập")


#: Sources whose values the state vouches for (the others are typed by a person).
STATE_SOURCES = frozenset(
    {ProvenanceSource.POPULATION_DB, ProvenanceSource.BUSINESS_DB, ProvenanceSource.DATA_STORE}
)


class AccessChannel(models.TextChoices):
    REGISTRY_CALL = "registry_call", _("Khai thác từ cơ sở dữ liệu")
    OFFICER_VIEW = "officer_view", _("Cán bộ xem hồ sơ")
    EXPORT = "export", _("Kết xuất dữ liệu")


class Consent(models.Model):
    """The data subject's consent to retrieve their data for one purpose (sự đồng ý của chủ thể
    dữ liệu, Law 91/2025/QH15); withdrawn by setting ``withdrawn_at``, never deleted."""

    subject = models.CharField(max_length=14, db_index=True)
    given_by = models.CharField(max_length=100)
    purpose = models.CharField(max_length=300)
    procedure_code = models.CharField(max_length=50, blank=True)
    sources = models.JSONField(default=list)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sự đồng ý khai thác dữ liệu")
        verbose_name_plural = _("sự đồng ý khai thác dữ liệu")

    def __str__(self) -> str:
        return f"{self.subject} {self.purpose}"


class RegistryEvidence(models.Model):
    """A registry's answer kept as evidence (chứng cứ), its raw signed body as received.

    ``evidence_id`` is what a dossier's field provenance cites. ``dossier_code`` stays empty while
    the answer serves a draft; answers of drafts never submitted are purged after a set time.
    """

    evidence_id = models.CharField(max_length=40, unique=True)
    source = models.CharField(max_length=20, choices=ProvenanceSource.choices)
    subject = models.CharField(max_length=14, db_index=True)
    purpose = models.CharField(max_length=300)
    procedure_code = models.CharField(max_length=50, blank=True)
    dossier_code = models.CharField(max_length=40, blank=True, db_index=True)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    requested_by = models.CharField(max_length=100)
    request_id = models.CharField(max_length=64)
    fetched_at = models.DateTimeField(db_index=True)
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64)
    signature = models.CharField(max_length=200, blank=True)
    key_id = models.CharField(max_length=100, blank=True)
    verified = models.BooleanField(default=False)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("chứng cứ khai thác dữ liệu")
        verbose_name_plural = _("chứng cứ khai thác dữ liệu")

    def __str__(self) -> str:
        return self.evidence_id


class PersonalDataAccess(models.Model):
    """One read of a person's data, for the person to see (nhật ký truy cập dữ liệu cá nhân)."""

    subject = models.CharField(max_length=14, db_index=True)
    accessor = models.CharField(max_length=100)
    accessor_name = models.CharField(max_length=300)
    channel = models.CharField(max_length=20, choices=AccessChannel.choices)
    source = models.CharField(max_length=20, blank=True)
    purpose = models.CharField(max_length=300)
    dossier_code = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["subject", "-at"], name="registry_access_subject_at")]
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("lượt truy cập dữ liệu cá nhân")

    def __str__(self) -> str:
        return f"{self.subject} {self.channel} {self.at:%Y-%m-%d %H:%M}"


class DataStoreItem(models.Model):
    """An item of a person's personal e-data store (kho quản lý dữ liệu điện tử): a result or
    document of an earlier dossier, deposited when that dossier finished."""

    owner = models.CharField(max_length=14, db_index=True)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    number = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_reference = models.CharField(max_length=300, blank=True)
    source_dossier = models.CharField(max_length=40)
    procedure_code = models.CharField(max_length=50, blank=True)
    deposited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source_dossier", "kind"], name="registry_store_item_once"
            )
        ]
        verbose_name = _("dữ liệu trong kho cá nhân")
        verbose_name_plural = _("dữ liệu trong kho cá nhân")

    def __str__(self) -> str:
        return self.title


class CircuitState(models.Model):
    """One registry's circuit breaker, in the database so every web node and worker shares it."""

    registry = models.CharField(max_length=50, unique=True)
    failures = models.PositiveIntegerField(default=0)
    opened_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.registry
