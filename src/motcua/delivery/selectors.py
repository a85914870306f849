"""Reads of consignments, by dossier code."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from motcua.delivery.models import (
    Consignment,
    ConsignmentKind,
    ConsignmentStatus,
    TrackingEvent,
)


def consignments_for(*, reference: str) -> QuerySet[Consignment]:
    """Every consignment of the dossier, with its events (oldest first), in attempt order."""
    return (
        Consignment.objects.filter(reference=reference)
        .prefetch_related(Prefetch("events", queryset=TrackingEvent.objects.order_by("at", "pk")))
        .order_by("kind", "attempt")
    )


def consignment_latest_outbound(*, reference: str) -> Consignment | None:
    return (
        Consignment.objects.filter(reference=reference, kind=ConsignmentKind.OUTBOUND_RESULT)
        .order_by("-attempt")
        .first()
    )


def references_returned_to_sender(*, references: Iterable[str]) -> set[str]:
    """The dossiers among ``references`` whose latest result sent by post came back."""
    codes = list(references)
    if not codes:
        return set()
    # One read of the few consignments of these dossiers, the latest attempt chosen here: a list
    # page asks this of twenty dossiers, most of which were never posted.
    sent = Consignment.objects.filter(
        reference__in=codes, kind=ConsignmentKind.OUTBOUND_RESULT
    ).values_list("reference", "attempt", "status")
    rows = list(sent.order_by())
    last: dict[str, int] = {}
    for reference, attempt, _status in rows:
        last[reference] = max(attempt, last.get(reference, attempt))
    return {
        reference
        for reference, attempt, status in rows
        if attempt == last[reference] and status == ConsignmentStatus.RETURNED_TO_SENDER
    }
