"""Writes of stored documents: digitizing paper at the counter, keeping files, confirming fields.

Every file goes through :func:`motcua.documents.inspection.upload_inspect` first; only a file
that passed is written to storage or shown to an officer. Slow work (OCR) never runs in the
officer's request: the scan is kept and a row of the outbox asks the worker to read it
(:func:`document_ocr_task`). The transaction holds the row, its audit entry and the outbox row;
files written before a failed transaction are deleted again.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Literal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import Actor, actor_audit, actor_for
from motcua.accounts.identifiers import check_personal_id
from motcua.accounts.models import Agency, User
from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.outbox import outbox_enqueue
from motcua.core.services import audit_append
from motcua.core.text import fold, nfc
from motcua.documents.extraction import extract_fields
from motcua.documents.hooks import scan_referenced
from motcua.documents.inspection import (
    DOSSIER_TYPES,
    FILE_TYPES,
    SCAN_TYPES,
    Inspected,
    upload_inspect,
)
from motcua.documents.models import DocumentKind, DocumentSource, OcrStatus, StoredDocument
from motcua.documents.ocr import OcrFailed, ocr_run

#: Default retention (thời hạn bảo quản), in years; ``None`` is permanent (vĩnh viễn).
#: Chosen from the scale of Circular 10/2022/TT-BNV (5, 10, 20, 70 years or permanent): the
#: documents an applicant files are kept 10 years after reception; results, which a person may
#: need again for life (civil status, permits), are kept permanently. A caller may pass another.
RETENTION_YEARS: dict[str, int | None] = {DocumentKind.INCOMING: 10, DocumentKind.RESULT: None}
#: Outbox topic of the text recognition of one scan; the key is the document's id.
OCR_TOPIC = "documents.ocr"
#: Provenance source of a field an officer read from a scan and confirmed.
OFFICER_DIGITIZED = "officer_digitized"
MAX_DOCUMENT_TYPE = 200
MAX_REFERENCE = 60


@dataclass(frozen=True)
class ConfirmField:
    """A key field an officer may confirm from a scan."""

    name: str
    label: str


def confirm_fields() -> list[ConfirmField]:
    return [
        ConfirmField("personal_id", _("Số định danh cá nhân")),
        ConfirmField("full_name", _("Họ và tên")),
        ConfirmField("document_date", _("Ngày cấp hoặc ngày ký giấy tờ")),
    ]


def _retain_until(at: datetime, years: int | None) -> date | None:
    if years is None:
        return None
    day = at.astimezone(LOCAL_TZ).date()
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _check_meta(*, document_type: str, reference: str, problems: list[FieldProblem]) -> None:
    if not document_type:
        problems.append(FieldProblem("document_type", _("Vui lòng nhập loại giấy tờ.")))
    elif len(document_type) > MAX_DOCUMENT_TYPE:
        problems.append(
            FieldProblem(
                "document_type",
                _("Loại giấy tờ dài quá %(limit)s ký tự.") % {"limit": MAX_DOCUMENT_TYPE},
            )
        )
    if len(reference) > MAX_REFERENCE or any(ch.isspace() for ch in reference):
        problems.append(FieldProblem("reference", _("Mã hồ sơ không đúng định dạng.")))


def _inspect(
    *, name: str, data: bytes, allowed: Sequence[str], problems: list[FieldProblem]
) -> Inspected | None:
    try:
        return upload_inspect(name=name, data=data, allowed_types=allowed)
    except ValidationFailed as refused:
        problems.extend(FieldProblem(f"file.{p.path}", p.message) for p in refused.problems)
        return None


def _save(folder: str, inspected_sha: str, suffix: str, data: bytes, stored: list[str]) -> str:
    name = default_storage.save(f"{folder}/{inspected_sha[:24]}{suffix}", ContentFile(data))
    stored.append(name)
    return name


def _delete(names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _create(
    *,
    agency: Agency,
    reference: str,
    kind: str,
    source: str,
    document_type: str,
    inspected: Inspected,
    actor: Actor,
    at: datetime,
    retention_years: int | None,
) -> StoredDocument:
    folder = f"documents/{at.astimezone(LOCAL_TZ):%Y/%m}/{agency.pk}"
    suffix = PurePosixPath(inspected.name.lower()).suffix
    stored: list[str] = []
    scan = source == DocumentSource.PAPER_SCAN
    try:
        file_name = _save(folder, inspected.sha256, suffix, inspected.data, stored)
        with transaction.atomic():
            document = StoredDocument.objects.create(
                reference=reference,
                agency=agency,
                kind=kind,
                source=source,
                document_type=document_type,
                original_name=inspected.name,
                file=file_name,
                size=inspected.size,
                content_type=inspected.content_type,
                sha256=inspected.sha256,
                original_sha256=inspected.original_sha256,
                search_text=fold(" ".join([document_type, inspected.name])),
                ocr_status=OcrStatus.PENDING if scan else OcrStatus.NONE,
                retention_years=retention_years,
                retain_until=_retain_until(at, retention_years),
                scanned_by=",".join(inspected.scanned_by),
                digitized_by=actor if scan and isinstance(actor, User) else None,
                digitized_at=at if source == DocumentSource.PAPER_SCAN else None,
                created_at=at,
            )
            audit_append(
                actor=actor_audit(actor),
                action="document.digitize"
                if source == DocumentSource.PAPER_SCAN
                else "document.store",
                object_type="document",
                object_id=str(document.pk),
                at=at,
                data={
                    "reference": reference,
                    "agency": agency.code,
                    "kind": kind,
                    "document_type": document_type,
                    "sha256": inspected.sha256,
                    "original_sha256": inspected.original_sha256,
                },
            )
            if scan:
                outbox_enqueue(
                    topic=OCR_TOPIC,
                    key=str(document.pk),
                    payload={"document_id": document.pk},
                    at=at,
                )
                scan_referenced(reference=reference, document_id=document.pk, at=at)
    except BaseException:
        _delete(stored)
        raise
    return document


def document_digitize(
    *,
    agency: Agency,
    reference: str,
    document_type: str,
    name: str,
    data: bytes,
    actor: User,
    at: datetime,
    retention_years: int | None = RETENTION_YEARS[DocumentKind.INCOMING],
) -> StoredDocument:
    """Digitize a paper document at the counter (số hóa): check and keep the scan, and ask the
    worker to read it (OCR); the document shows "đang xử lý" until :func:`document_ocr_task` ran.

    ``reference`` is the dossier code, or blank for a scan made before the dossier has one.
    """
    document_type = nfc(document_type).strip()
    reference = nfc(reference).strip()
    problems: list[FieldProblem] = []
    _check_meta(document_type=document_type, reference=reference, problems=problems)
    inspected = _inspect(name=name, data=data, allowed=SCAN_TYPES, problems=problems)
    if problems or inspected is None:
        raise ValidationFailed(_("Bản quét chưa được lưu."), problems=problems)
    return _create(
        agency=agency,
        reference=reference,
        kind=DocumentKind.INCOMING,
        source=DocumentSource.PAPER_SCAN,
        document_type=document_type,
        inspected=inspected,
        actor=actor,
        at=at,
        retention_years=retention_years,
    )


def document_ocr_task(*, payload: dict[str, object], key: str, now: datetime) -> None:
    """Outbox handler: read a scan (OCR) and keep its searchable PDF, text and the fields found.

    Idempotent: a scan no longer pending is left alone. A scan OCR cannot read (the tools are
    missing, it took too long) is marked failed with the reason, for the officer to see; any
    other error is raised, and the outbox tries again later.
    """
    del key
    document_id = payload["document_id"]
    if not isinstance(document_id, int):
        return  # not a row this handler wrote
    document = StoredDocument.objects.filter(pk=document_id, ocr_status=OcrStatus.PENDING).first()
    if document is None:
        return
    with default_storage.open(document.file.name, "rb") as original:
        data = original.read()
    kind = next(t.key for t in FILE_TYPES.values() if t.mime == document.content_type)
    try:
        result = ocr_run(data=data, kind=kind)
    except OcrFailed as failed:
        _ocr_record(document=document, at=now, error=failed.message[:300])
        return
    folder = PurePosixPath(document.file.name).parent
    stored: list[str] = []
    try:
        searchable_sha = hashlib.sha256(result.pdf).hexdigest()
        searchable_name = _save(str(folder), searchable_sha, ".ocr.pdf", result.pdf, stored)
        _ocr_record(
            document=document,
            at=now,
            values={
                "searchable_file": searchable_name,
                "searchable_sha256": searchable_sha,
                "pages": result.pages,
                "ocr_text": result.text,
                "search_text": fold(
                    " ".join([document.document_type, document.original_name, result.text])
                ),
                "language": result.language,
                "extracted": extract_fields(
                    result.text, today=document.created_at.astimezone(LOCAL_TZ).date()
                )
                if result.text
                else {},
            },
        )
    except BaseException:
        _delete(stored)
        raise


def _ocr_record(
    *,
    document: StoredDocument,
    at: datetime,
    values: Mapping[str, object] | None = None,
    error: str = "",
) -> None:
    with transaction.atomic():
        updated = StoredDocument.objects.filter(
            pk=document.pk, ocr_status=OcrStatus.PENDING
        ).update(
            **(values or {}),
            ocr_status=OcrStatus.FAILED if error else OcrStatus.DONE,
            ocr_error=error,
        )
        if not updated:
            return
        audit_append(
            actor="system",
            action="document.ocr_failed" if error else "document.ocr",
            object_type="document",
            object_id=str(document.pk),
            at=at,
            data={
                "reference": document.reference,
                "searchable_sha256": (values or {}).get("searchable_sha256", ""),
                "pages": (values or {}).get("pages", 0),
                "error": error,
            },
        )


def document_store(
    *,
    agency: Agency,
    reference: str,
    kind: str,
    document_type: str,
    name: str,
    data: bytes,
    actor: Actor,
    at: datetime,
    allowed_types: Sequence[str] = DOSSIER_TYPES,
    retention_years: int | Literal["default"] | None = "default",
) -> StoredDocument:
    """Keep an electronic file (an incoming copy or a result) with its type, retention and hash."""
    document_type = nfc(document_type).strip()
    reference = nfc(reference).strip()
    problems: list[FieldProblem] = []
    _check_meta(document_type=document_type, reference=reference, problems=problems)
    if kind not in DocumentKind.values:
        problems.append(FieldProblem("kind", _("Loại tài liệu không hợp lệ.")))
    inspected = _inspect(name=name, data=data, allowed=allowed_types, problems=problems)
    if problems or inspected is None:
        raise ValidationFailed(_("Tài liệu chưa được lưu."), problems=problems)
    years = RETENTION_YEARS[kind] if retention_years == "default" else retention_years
    return _create(
        agency=agency,
        reference=reference,
        kind=kind,
        source=DocumentSource.ELECTRONIC,
        document_type=document_type,
        inspected=inspected,
        actor=actor,
        at=at,
        retention_years=years,
    )


def _parse_date(value: str) -> str | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def document_fields_confirm(
    *, document: StoredDocument, values: Mapping[str, str], actor: User, at: datetime
) -> StoredDocument:
    """The officer confirms (or corrects) key fields read from a scan; each carries provenance.

    Provenance: ``{"value", "source": "officer_digitized", "by", "by_name", "at", "evidence":
    <sha256 of the scan>, "verified": true, "from_text": <whether the value appears in the text>}``.
    A blank value leaves that field as it was.
    """
    problems: list[FieldProblem] = []
    cleaned: dict[str, str] = {}
    known = {f.name for f in confirm_fields()}
    for field, raw in values.items():
        value = nfc(raw).strip()
        if field not in known:
            problems.append(FieldProblem(field, _("Trường này không được xác nhận từ bản quét.")))
            continue
        if not value:
            continue
        if field == "personal_id":
            checked = check_personal_id(value, today=at.astimezone(LOCAL_TZ).date())
            if not checked.valid:
                problems.append(FieldProblem(field, checked.reason))
                continue
            value = checked.value
        elif field == "document_date":
            parsed = _parse_date(value)
            if parsed is None:
                problems.append(
                    FieldProblem(field, _("Ngày phải có dạng ngày/tháng/năm, ví dụ 05/03/2024."))
                )
                continue
            value = parsed
        elif len(value) > MAX_DOCUMENT_TYPE:
            problems.append(FieldProblem(field, _("Giá trị quá dài.")))
            continue
        cleaned[field] = value
    if not cleaned and not problems:
        problems.append(FieldProblem("personal_id", _("Vui lòng nhập ít nhất một thông tin.")))
    if problems:
        raise ValidationFailed(_("Thông tin chưa được xác nhận."), problems=problems)
    with transaction.atomic():
        locked = StoredDocument.objects.select_for_update().filter(pk=document.pk).first()
        if locked is None:
            raise NotFound(_("Không tìm thấy tài liệu."))
        folded_text = fold(locked.ocr_text).replace(" ", "")
        confirmed = dict(locked.confirmed_fields)
        for field, value in cleaned.items():
            confirmed[field] = {
                "value": value,
                "source": OFFICER_DIGITIZED,
                "by": actor_for(actor),
                "by_name": str(actor),
                "at": at.isoformat(),
                "evidence": locked.sha256,
                "verified": True,
                "from_text": fold(value).replace(" ", "") in folded_text,
            }
        locked.confirmed_fields = confirmed
        locked.confirmed_at = at
        locked.save(update_fields=["confirmed_fields", "confirmed_at"])
        audit_append(
            actor=actor_for(actor),
            action="document.confirm_fields",
            object_type="document",
            object_id=str(locked.pk),
            at=at,
            data={"fields": sorted(cleaned), "evidence": locked.sha256},
        )
    return locked


def document_attach(
    *, document: StoredDocument, reference: str, actor: User, at: datetime
) -> StoredDocument:
    """Tie a counter scan made before the dossier had a code to that dossier's code."""
    reference = nfc(reference).strip()
    problems: list[FieldProblem] = []
    _check_meta(document_type=document.document_type, reference=reference, problems=problems)
    if not reference:
        problems.append(FieldProblem("reference", _("Vui lòng nhập mã hồ sơ.")))
    if problems:
        raise ValidationFailed(_("Chưa gắn được bản quét vào hồ sơ."), problems=problems)
    with transaction.atomic():
        updated = StoredDocument.objects.filter(pk=document.pk).update(reference=reference)
        if not updated:
            raise NotFound(_("Không tìm thấy tài liệu."))
        audit_append(
            actor=actor_for(actor),
            action="document.attach",
            object_type="document",
            object_id=str(document.pk),
            at=at,
            data={"reference": reference, "previous": document.reference},
        )
        if document.source == DocumentSource.PAPER_SCAN:
            for code in {document.reference, reference}:
                scan_referenced(reference=code, document_id=document.pk, at=at)
    document.reference = reference
    return document


def document_open_for(*, user: User, pk: int, at: datetime, purpose: str) -> StoredDocument:
    """The document if ``user`` may see it, the read written to the audit log (refusals too)."""
    found = StoredDocument.objects.visible_to(user, on=at.astimezone(LOCAL_TZ).date())
    document = found.filter(pk=pk).select_related("agency", "digitized_by").first()
    with transaction.atomic():
        audit_append(
            actor=actor_for(user),
            action="document.read" if document is not None else "document.read_denied",
            object_type="document",
            object_id=str(pk),
            at=at,
            data={"purpose": purpose},
        )
    if document is None:
        raise NotFound(_("Không tìm thấy tài liệu."))
    return document
