"""Reads of the once-only data, for the citizen's "my data" page and the dossier side."""

from django.db.models import QuerySet

from motcua.registry.models import Consent, DataStoreItem, PersonalDataAccess, RegistryEvidence


def access_log_for(*, subject: str) -> QuerySet[PersonalDataAccess]:
    return PersonalDataAccess.objects.filter(subject=subject).order_by("-at", "-pk")


def consents_for(*, subject: str) -> QuerySet[Consent]:
    return Consent.objects.filter(subject=subject).order_by("-given_at", "-pk")


def data_store_items_for(*, owner: str) -> QuerySet[DataStoreItem]:
    return DataStoreItem.objects.filter(owner=owner).order_by("-deposited_at", "-pk")


def evidence_for_subject(*, evidence_id: str, subject: str) -> RegistryEvidence | None:
    """The evidence ``evidence_id`` if it is about ``subject`` and verified; else ``None``."""
    return RegistryEvidence.objects.filter(
        evidence_id=evidence_id, subject=subject, verified=True
    ).first()


def evidence_by_ids(*, evidence_ids: list[str]) -> dict[str, RegistryEvidence]:
    return {e.evidence_id: e for e in RegistryEvidence.objects.filter(evidence_id__in=evidence_ids)}
