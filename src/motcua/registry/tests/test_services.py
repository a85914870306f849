"""Consent, retrieval with evidence, the access log, the data store and the purge rules."""

from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.registry.models import (
    AccessChannel,
    Consent,
    DataStoreItem,
    PersonalDataAccess,
    RegistryEvidence,
)
from motcua.registry.plugins import RegistryAnswerRefused
from motcua.registry.selectors import access_log_for, evidence_for_subject
from motcua.registry.services import (
    consent_give,
    consent_withdraw,
    data_store_deposit,
    evidence_attach,
    registry_fetch,
    registry_purge_drafts,
)
from motcua.registry.tests.simulators import RegistrySim

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CUONG = "031203004567"
AN = "001090012345"
PURPOSE = "Giải quyết thủ tục hành chính 1.001821"


def _consent(subject: str = CUONG, sources: tuple[str, ...] = ("population_db",)) -> Consent:
    return consent_give(
        subject=subject,
        given_by="user:1",
        purpose=PURPOSE,
        procedure_code="1.001821",
        sources=list(sources),
        at=AT,
    )


def _fetch(
    consent: Consent, subject: str = CUONG, source: str = "population_db"
) -> RegistryEvidence:
    return registry_fetch(
        source=source,
        subject=subject,
        consent=consent,
        actor="user:1",
        actor_name="Cổng dịch vụ công",
        at=AT,
    )


def test_consent_must_name_purpose_and_sources() -> None:
    with pytest.raises(ValidationFailed) as error:
        consent_give(
            subject=CUONG, given_by="user:1", purpose=" ", procedure_code="", sources=[], at=AT
        )
    assert {p.path for p in error.value.problems} == {"purpose", "sources"}


def test_a_fetch_keeps_the_signed_answer_and_logs_the_access(registry_sim: RegistrySim) -> None:
    evidence = _fetch(_consent())

    assert evidence.verified
    assert evidence.data["full_name"] == "Lê Hoàng Cường"
    assert evidence.signature
    assert evidence.body_sha256
    assert evidence.purpose == PURPOSE
    [access] = access_log_for(subject=CUONG)
    assert access.channel == AccessChannel.REGISTRY_CALL
    assert access.source == "population_db"
    assert access.purpose == PURPOSE
    assert AuditEntry.objects.filter(action="registry.fetched").count() == 1


def test_no_fetch_without_a_valid_consent(registry_sim: RegistrySim) -> None:
    consent = _consent()
    consent_withdraw(consent_id=consent.pk, subject=CUONG, actor="user:1", at=AT)
    with pytest.raises(ValidationFailed, match="Không được khai thác"):
        _fetch(consent)
    with pytest.raises(ValidationFailed):
        _fetch(_consent(), subject=AN)  # the consent is Cường's, not An's
    with pytest.raises(ValidationFailed):
        _fetch(_consent(), source="business_db")
    assert registry_sim.requests() == []
    assert not PersonalDataAccess.objects.exists()


def test_a_tampered_answer_is_refused_audited_and_not_kept(registry_sim: RegistrySim) -> None:
    registry_sim.control(tamper=True)
    with pytest.raises(RegistryAnswerRefused):
        _fetch(_consent())
    assert not RegistryEvidence.objects.exists()
    assert AuditEntry.objects.filter(action="registry.answer_refused").count() == 1


def test_withdrawal_purges_draft_data_but_not_what_a_dossier_cites(
    registry_sim: RegistrySim,
) -> None:
    consent = _consent()
    submitted = _fetch(consent)
    draft = _fetch(consent)
    evidence_attach(evidence_ids=[submitted.evidence_id], subject=CUONG, dossier_code="D-1")

    consent_withdraw(consent_id=consent.pk, subject=CUONG, actor="user:1", at=AT)

    assert list(RegistryEvidence.objects.values_list("evidence_id", flat=True)) == [
        submitted.evidence_id
    ]
    assert not RegistryEvidence.objects.filter(evidence_id=draft.evidence_id).exists()
    # the reads stay in the citizen's access log
    assert access_log_for(subject=CUONG).count() == 2


def test_evidence_is_attached_only_for_its_own_subject(registry_sim: RegistrySim) -> None:
    evidence = _fetch(_consent())
    assert evidence_attach(evidence_ids=[evidence.evidence_id], subject=AN, dossier_code="D") == 0
    assert evidence_for_subject(evidence_id=evidence.evidence_id, subject=AN) is None
    assert evidence_for_subject(evidence_id=evidence.evidence_id, subject=CUONG) == evidence


def test_the_purge_deletes_old_draft_data_only(
    registry_sim: RegistrySim, settings: Settings
) -> None:
    settings.MOTCUA_REGISTRY_DRAFT_RETENTION_HOURS = 24
    consent = _consent()
    old_draft, old_submitted = _fetch(consent), _fetch(consent)
    evidence_attach(evidence_ids=[old_submitted.evidence_id], subject=CUONG, dossier_code="D-2")
    recent = registry_fetch(
        source="population_db",
        subject=CUONG,
        consent=consent,
        actor="user:1",
        actor_name="Cổng",
        at=AT + timedelta(hours=20),
    )

    assert registry_purge_drafts(now=AT + timedelta(hours=25)) == 1

    left = set(RegistryEvidence.objects.values_list("evidence_id", flat=True))
    assert left == {old_submitted.evidence_id, recent.evidence_id}
    assert old_draft.evidence_id not in left
    assert AuditEntry.objects.filter(action="registry.purged").count() == 1
    assert registry_purge_drafts(now=AT + timedelta(hours=25)) == 0


def test_deposit_is_idempotent_per_dossier_and_kind() -> None:
    for _twice in range(2):
        data_store_deposit(
            owner=CUONG,
            kind="giay-chung-nhan",
            title="Giấy chứng nhận đăng ký nghĩa vụ quân sự",
            source_dossier="D-1",
            procedure_code="1.001821",
            at=AT,
            actor="user:1",
        )
    assert DataStoreItem.objects.count() == 1
    assert AuditEntry.objects.filter(action="registry.deposited").count() == 1


def test_the_data_store_plugin_reads_the_owner_items_only() -> None:
    from motcua.registry.plugins import registry_plugin_get

    data_store_deposit(
        owner=CUONG, kind="k", title="T", source_dossier="D-1", procedure_code="p", at=AT, actor="a"
    )
    data_store_deposit(
        owner=AN, kind="k", title="T", source_dossier="D-2", procedure_code="p", at=AT, actor="a"
    )
    answer = registry_plugin_get("data_store").lookup(
        subject=CUONG, purpose=PURPOSE, dossier_code="", request_id="r", at=AT
    )
    assert answer.found
    assert answer.verified
    assert [i["source_dossier"] for i in answer.data["items"]] == ["D-1"]
