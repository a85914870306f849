"""What one dossier or feedback item counts for: its measures, each in the month it belongs to.

The measures are plain facts of the history (received online, resolved on time, paid online...);
the indicators of :mod:`motcua.reporting.definitions` are ratios of them. Each dossier measure is
counted twice: under its procedure and under ``*`` (every procedure), so a dashboard reads only
the ``*`` rows.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone

from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel, Agency
from motcua.catalog.models import OnlineLevel
from motcua.documents.selectors import digitized_references
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierDocument,
    DossierResult,
    DossierResultKind,
    DossierStatus,
)
from motcua.dossiers.workflow import ACTIVE
from motcua.feedback.models import DossierRating, Feedback, FeedbackStatus
from motcua.feedback.services import SATISFIED_FROM
from motcua.reporting.models import ALL_PROCEDURES, WHOLE_YEAR

#: Sources of ``form_provenance`` that mean the value was typed by a person, not reused.
TYPED_SOURCES = frozenset({"", "applicant", "officer", "manual"})
RESOLVED = (DossierStatus.RETURNED, DossierStatus.REFUSED)

Key = str  # "YYYY-MM-01|measure|procedure"


def month_of(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)


def key(month: date, measure: str, procedure: str = ALL_PROCEDURES) -> Key:
    return f"{month.isoformat()}|{measure}|{procedure}"


def split(k: Key) -> tuple[date, str, str]:
    month, measure, procedure = k.split("|", 2)
    return date.fromisoformat(month), measure, procedure


_PROVINCES: dict[int, str] = {}


def province_of(agency: Agency) -> str:
    """Code of the province the agency sits in (its own unit's code for a ministry)."""
    if agency.pk in _PROVINCES:
        return _PROVINCES[agency.pk]
    unit: AdministrativeUnit | None = agency.administrative_unit
    hops = 0
    while unit is not None and unit.level != AdministrativeUnitLevel.PROVINCE and hops < 5:
        unit = unit.parent
        hops += 1
    code = unit.code if unit is not None else ""
    _PROVINCES[agency.pk] = code
    return code


def _reused(provenance: object) -> bool:
    if not isinstance(provenance, dict):
        return False
    for entry in provenance.values():
        if isinstance(entry, dict) and str(entry.get("source", "")) not in TYPED_SOURCES:
            return True
    return False


def dossier_measures(
    dossier: Dossier,
    *,
    has_documents: bool,
    has_result: bool,
    rating: DossierRating | None,
) -> list[tuple[date, str]]:
    """``(month, measure)`` pairs of one dossier (see the definitions page for each measure)."""
    received = month_of(dossier.received_at)
    out = [(received, "received"), (received, f"channel_{dossier.channel}")]
    online = dossier.channel == DossierChannel.ONLINE
    if online:
        out.append((received, "online"))
        if dossier.procedure_version.online_level == OnlineLevel.FULL:
            out.append((received, "full_process"))
    if dossier.fee_amount > 0:
        out.append((received, "with_fee"))
        if dossier.paid_at is not None and online:
            out.append((received, "paid_online"))
    if has_documents:
        out.append((received, "digitized"))
    if _reused(dossier.form_provenance):
        out.append((received, "reused"))
    if dossier.status in RESOLVED and dossier.closed_at is not None:
        closed = month_of(dossier.closed_at)
        out.append((closed, "resolved"))
        on_time = (
            not dossier.marked_late and dossier.due_at is not None
        ) and dossier.closed_at <= dossier.due_at
        out.append((closed, "resolved_on_time" if on_time else "resolved_late"))
        if has_result:
            out.append((closed, "result_digitized"))
    elif dossier.status in ACTIVE and dossier.marked_late and dossier.due_at is not None:
        # Still being handled past its due moment (the SLA sweep marked it).
        out.append((month_of(dossier.due_at), "overdue_open"))
    if rating is not None:
        rated = month_of(rating.rated_at)
        out.append((rated, "rated"))
        if rating.satisfaction >= 1:
            out.append((rated, "satisfied"))
    return out


def dossier_keys(
    dossier: Dossier, *, has_documents: bool, has_result: bool, rating: DossierRating | None
) -> list[Key]:
    code = dossier.procedure_version.procedure.code
    keys: list[Key] = []
    for month, measure in dossier_measures(
        dossier, has_documents=has_documents, has_result=has_result, rating=rating
    ):
        keys.append(key(month, measure))
        keys.append(key(month.replace(month=1), measure, WHOLE_YEAR))
        keys.append(key(month, measure, code))
    return sorted(keys)


def dossier_keys_of(dossier: Dossier) -> list[Key]:
    return dossier_keys(
        dossier,
        has_documents=DossierDocument.objects.filter(dossier=dossier).exists()
        or digitized_references().filter(reference=dossier.code).exists(),
        has_result=DossierResult.objects.filter(
            dossier=dossier, kind=DossierResultKind.RESULT
        ).exists(),
        rating=DossierRating.objects.filter(dossier_code=dossier.code).first(),
    )


def feedback_measures(item: Feedback) -> list[tuple[date, str]]:
    out = [(month_of(item.received_at), "fb_received")]
    if item.forwarded_at is not None:
        forwarded = month_of(item.forwarded_at)
        on_time = item.forwarded_at <= item.forward_due_at
        out.append((forwarded, "fb_forwarded_on_time" if on_time else "fb_forwarded_late"))
    if item.answered_at is not None:
        answered = month_of(item.answered_at)
        on_time = item.answered_at <= item.due_at
        out.append((answered, "fb_answered_on_time" if on_time else "fb_answered_late"))
        out.append((answered, "fb_answered"))
        if item.published_at is not None:
            out.append((answered, "fb_published"))
    elif item.status in (FeedbackStatus.RECEIVED, FeedbackStatus.ROUTED) and item.escalation_level:
        # Still unanswered past its due moment (the sweep escalated it).
        out.append((month_of(item.due_at), "fb_overdue_open"))
    if item.rated_at is not None and item.rating is not None:
        rated = month_of(item.rated_at)
        out.append((rated, "fb_rated"))
        if item.rating >= SATISFIED_FROM:
            out.append((rated, "fb_rated_satisfied"))
    return out


def feedback_keys(item: Feedback) -> list[Key]:
    keys = []
    for month, measure in feedback_measures(item):
        keys.append(key(month, measure))
        keys.append(key(month.replace(month=1), measure, WHOLE_YEAR))
    return sorted(keys)


def flatten(keys: Iterable[Key]) -> list[Key]:
    return sorted(keys)
