"""Writes of the once-only rules: consent, retrieval with evidence, the access log, the personal
e-data store and the purge of data fetched for drafts never submitted.

A registry is called outside any transaction (a slow registry must not hold locks); what its
answer leads to (evidence, access-log row, audit row) is then written in one transaction.
"""

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.rows import row_insert
from motcua.core.services import audit_append
from motcua.registry.models import (
    AccessChannel,
    Consent,
    DataStoreItem,
    PersonalDataAccess,
    RegistryEvidence,
)
from motcua.registry.plugins import (
    RegistryAnswerRefused,
    RegistryUnavailable,
    registry_plugin_get,
)

SYSTEM_ACTOR = "system:registry"


def consent_give(
    *,
    subject: str,
    given_by: str,
    purpose: str,
    procedure_code: str,
    sources: Sequence[str],
    at: datetime,
) -> Consent:
    """Record the subject's consent to retrieve their data from ``sources`` for ``purpose``."""
    problems = []
    if not subject:
        problems.append(FieldProblem("subject", _("Thiếu số định danh của chủ thể dữ liệu.")))
    if not purpose.strip():
        problems.append(FieldProblem("purpose", _("Phải nêu rõ mục đích khai thác dữ liệu.")))
    if not sources:
        problems.append(FieldProblem("sources", _("Phải nêu nguồn dữ liệu được khai thác.")))
    if problems:
        raise ValidationFailed(_("Chưa ghi nhận được sự đồng ý."), problems=problems)
    with transaction.atomic():
        consent = Consent.objects.create(
            subject=subject,
            given_by=given_by,
            purpose=purpose.strip(),
            procedure_code=procedure_code,
            sources=sorted(set(sources)),
            given_at=at,
        )
        audit_append(
            actor=given_by,
            action="registry.consent_given",
            object_type="consent",
            object_id=str(consent.pk),
            at=at,
            data={"purpose": consent.purpose, "sources": consent.sources},
            chain=f"consent:{consent.pk}",
        )
    return consent


def consent_withdraw(*, consent_id: int, subject: str, actor: str, at: datetime) -> Consent:
    """Withdraw a consent: no further retrieval under it, and what it fetched for a draft that
    was not submitted is deleted now (what a submitted dossier cites stays with the dossier)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(pk=consent_id, subject=subject).first()
        if consent is None:
            raise NotFound(_("Không tìm thấy sự đồng ý này."))
        if consent.withdrawn_at is not None:
            return consent
        consent.withdrawn_at = at
        consent.save(update_fields=["withdrawn_at"])
        purged, _detail = RegistryEvidence.objects.filter(consent=consent, dossier_code="").delete()
        audit_append(
            actor=actor,
            action="registry.consent_withdrawn",
            object_type="consent",
            object_id=str(consent.pk),
            at=at,
            data={"purged_evidence": purged},
            chain=f"consent:{consent.pk}",
        )
    return consent


def personal_data_access_record(
    *,
    subject: str,
    accessor: str,
    accessor_name: str,
    channel: str,
    purpose: str,
    at: datetime,
    dossier_code: str = "",
    source: str = "",
) -> PersonalDataAccess | None:
    """Log one read of ``subject``'s data for the subject to see (nothing when no subject)."""
    if not subject:
        return None
    if channel not in AccessChannel.values:
        message = f"unknown access channel {channel}"
        raise ValueError(message)
    return PersonalDataAccess.objects.create(
        subject=subject,
        accessor=accessor,
        accessor_name=accessor_name[:300],
        channel=channel,
        source=source,
        purpose=purpose[:300],
        dossier_code=dossier_code,
        at=at,
    )


def registry_fetch(
    *,
    source: str,
    subject: str,
    consent: Consent,
    actor: str,
    actor_name: str,
    at: datetime,
    dossier_code: str = "",
) -> RegistryEvidence:
    """Ask registry ``source`` about ``subject`` under ``consent`` and keep the answer as evidence.

    Raises :class:`ValidationFailed` when the consent does not cover the call (withdrawn, another
    subject or source), and the plugin's :class:`RegistryUnavailable` or
    :class:`RegistryAnswerRefused` (the refusal is audited; nothing of the answer is kept).
    """
    consent.refresh_from_db()
    problems = []
    if consent.withdrawn_at is not None:
        problems.append(FieldProblem("consent", _("Sự đồng ý đã được rút lại.")))
    if consent.subject != subject:
        problems.append(FieldProblem("consent", _("Sự đồng ý không phải của chủ thể dữ liệu này.")))
    if source not in consent.sources:
        problems.append(FieldProblem("source", _("Sự đồng ý không bao gồm nguồn dữ liệu này.")))
    if problems:
        raise ValidationFailed(_("Không được khai thác dữ liệu."), problems=problems)
    plugin = registry_plugin_get(source)
    request_id = uuid.uuid4().hex
    try:
        answer = plugin.lookup(
            subject=subject,
            purpose=consent.purpose,
            dossier_code=dossier_code,
            request_id=request_id,
            at=at,
        )
    except RegistryAnswerRefused as error:
        with transaction.atomic():
            audit_append(
                actor=actor,
                action="registry.answer_refused",
                object_type="consent",
                object_id=str(consent.pk),
                at=at,
                data={"source": source, "request_id": request_id, "reason": str(error)},
                chain=f"consent:{consent.pk}",
            )
        raise
    except RegistryUnavailable:
        raise
    with transaction.atomic():
        evidence = RegistryEvidence.objects.create(
            evidence_id=f"ev-{uuid.uuid4().hex}",
            source=source,
            subject=subject,
            purpose=consent.purpose,
            procedure_code=consent.procedure_code,
            dossier_code=dossier_code,
            consent=consent,
            requested_by=actor,
            request_id=request_id,
            fetched_at=at,
            body=answer.body,
            body_sha256=hashlib.sha256(answer.body.encode()).hexdigest(),
            signature=answer.signature,
            key_id=answer.key_id,
            verified=answer.verified and answer.found,
            data=answer.data,
        )
        personal_data_access_record(
            subject=subject,
            accessor=actor,
            accessor_name=actor_name,
            channel=AccessChannel.REGISTRY_CALL,
            purpose=consent.purpose,
            at=at,
            dossier_code=dossier_code,
            source=source,
        )
        audit_append(
            actor=actor,
            action="registry.fetched",
            object_type="consent",
            object_id=str(consent.pk),
            at=at,
            data={
                "source": source,
                "evidence": evidence.evidence_id,
                "found": answer.found,
                "sha256": evidence.body_sha256,
            },
            chain=f"consent:{consent.pk}",
        )
    return evidence


def evidence_attach(*, evidence_ids: Iterable[str], subject: str, dossier_code: str) -> int:
    """Tie evidence fetched for a draft to the dossier it was submitted in (kept, not purged)."""
    ids = list(evidence_ids)
    if not ids:  # most filings: nothing fetched, and no statement to compile for it
        return 0
    return RegistryEvidence.objects.filter(
        evidence_id__in=ids, subject=subject, dossier_code=""
    ).update(dossier_code=dossier_code)


def data_store_deposit(
    *,
    owner: str,
    kind: str,
    title: str,
    source_dossier: str,
    procedure_code: str,
    at: datetime,
    actor: str,
    data: dict[str, Any] | None = None,
    number: str = "",
    file_sha256: str = "",
    file_reference: str = "",
) -> DataStoreItem:
    """Put a result of a finished dossier into its owner's data store; once per (dossier, kind).

    Inside the caller's transaction (the step that returns the dossier), with no savepoint: the
    row is inserted unless the same (owner, dossier, kind) is already there, and only a new row is
    audited."""
    item = DataStoreItem(
        owner=owner,
        source_dossier=source_dossier,
        kind=kind,
        title=title,
        number=number,
        data=data or {},
        file_sha256=file_sha256,
        file_reference=file_reference,
        procedure_code=procedure_code,
        deposited_at=at,
    )
    with transaction.atomic(savepoint=False):
        created = row_insert(item, unless_exists=("owner", "source_dossier", "kind"))
        if not created:
            item = DataStoreItem.objects.get(owner=owner, source_dossier=source_dossier, kind=kind)
        else:
            audit_append(
                actor=actor,
                action="registry.deposited",
                object_type="dossier",
                object_id=source_dossier,
                at=at,
                data={"kind": kind, "item": item.pk, "sha256": file_sha256},
                chain=f"dossier:{source_dossier}",
            )
    return item


def registry_purge_drafts(*, now: datetime) -> int:
    """Delete evidence fetched for drafts never submitted, older than the retention setting."""
    limit = now - timedelta(hours=settings.MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS)
    with transaction.atomic():
        count, _detail = RegistryEvidence.objects.filter(
            dossier_code="", fetched_at__lt=limit
        ).delete()
        if count:
            audit_append(
                actor=SYSTEM_ACTOR,
                action="registry.purged",
                object_type="registry",
                object_id="drafts",
                at=now,
                data={"evidence": count, "older_than": limit.isoformat()},
                chain="registry:purge",
            )
    return count
