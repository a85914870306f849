"""Scanned and uploaded documents (số hóa hồ sơ, kết quả), their text, type, retention and hash.

A document belongs to a dossier through its code (``reference``), never a foreign key: this app
sits below ``dossiers``. A counter scan may be made before the dossier has a code; its reference
is then blank and the receiving agency scopes it.
"""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency, RoleAssignment, User
from motcua.core.periods import in_force


class DocumentKind(models.TextChoices):
    INCOMING = "incoming", _("Giấy tờ tiếp nhận")
    RESULT = "result", _("Kết quả giải quyết")


class DocumentSource(models.TextChoices):
    PAPER_SCAN = "paper_scan", _("Số hóa từ bản giấy")
    ELECTRONIC = "electronic", _("Tệp điện tử")


class OcrStatus(models.TextChoices):
    """Where the text recognition of a paper scan stands; blank for an electronic file."""

    NONE = "", _("không nhận dạng")
    PENDING = "pending", _("đang xử lý")
    DONE = "done", _("đã nhận dạng")
    FAILED = "failed", _("không nhận dạng được")


class StoredDocumentQuerySet(models.QuerySet["StoredDocument"]):
    def visible_to(self, user: User, *, on: date) -> "StoredDocumentQuerySet":
        """Documents of the agencies where ``user`` holds a role on ``on``; nothing for others."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        agencies = RoleAssignment.objects.filter(in_force(on), user=user).values("agency_id")
        return self.filter(agency_id__in=agencies)


class StoredDocument(models.Model):
    """One file kept by the agency: an incoming document (often a scan of paper) or a result."""

    reference = models.CharField(_("mã hồ sơ"), max_length=60, blank=True, db_index=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="stored_documents", verbose_name=_("cơ quan")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=DocumentKind.choices)
    source = models.CharField(_("nguồn"), max_length=12, choices=DocumentSource.choices)
    document_type = models.CharField(_("loại giấy tờ"), max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    file = models.FileField(_("tệp gốc"), upload_to="documents/", max_length=300)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    #: Hash of the file as sent: an image is stored without its metadata (EXIF, GPS, comments).
    original_sha256 = models.CharField(_("mã băm SHA-256 của tệp gốc"), max_length=64, blank=True)
    searchable_file = models.FileField(
        _("bản PDF tìm kiếm được"), upload_to="documents/", max_length=300, blank=True
    )
    searchable_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    ocr_text = models.TextField(_("văn bản nhận dạng"), blank=True)
    #: ``fold(ocr_text + type + name)``: what the officers' search compares.
    search_text = models.TextField(blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=30, blank=True)
    #: OCR runs in the background worker, never inside the officer's request.
    ocr_status = models.CharField(
        _("nhận dạng văn bản"), max_length=10, choices=OcrStatus.choices, blank=True, default=""
    )
    ocr_error = models.CharField(_("lỗi nhận dạng"), max_length=300, blank=True)
    #: Candidates read from the text: ``{"personal_id": [...], "dates": [...]}``.
    extracted = models.JSONField(_("thông tin trích xuất"), default=dict, blank=True)
    #: ``{"personal_id": {"value", "source", "by", "at", "evidence", "verified"}}``.
    confirmed_fields = models.JSONField(_("thông tin đã xác nhận"), default=dict, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("thời hạn bảo quản (năm)"), null=True, blank=True, help_text=_("Để trống: vĩnh viễn.")
    )
    retain_until = models.DateField(_("bảo quản đến ngày"), null=True, blank=True)
    scanned_by = models.CharField(_("đã quét mã độc bằng"), max_length=100, blank=True)
    digitized_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digitized_documents",
        verbose_name=_("người số hóa"),
    )
    digitized_at = models.DateTimeField(_("thời điểm số hóa"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm lưu"))

    objects = StoredDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tài liệu lưu trữ")
        verbose_name_plural = _("tài liệu lưu trữ")
        indexes = [models.Index(fields=["agency", "created_at"], name="documents_agency_created")]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.original_name}"
