"""Reads of consignments, by dossier code."""

from collections.abc import Iterable

from django.db.models import Max, Prefetch, QuerySet

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
    latest = (
        Consignment.objects.filter(reference__in=codes, kind=ConsignmentKind.OUTBOUND_RESULT)
        .values("reference")
        .annotate(last=Max("attempt"))
    )
    wanted = {(row["reference"], row["last"]) for row in latest}
    returned = Consignment.objects.filter(
        reference__in=codes,
        kind=ConsignmentKind.OUTBOUND_RESULT,
        status=ConsignmentStatus.RETURNED_TO_SENDER,
    ).values_list("reference", "attempt")
    return {reference for reference, attempt in returned if (reference, attempt) in wanted}
