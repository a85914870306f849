"""Reads of consignments, by dossier code."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from motcua.core.shapes import ShapedQuery, Statement, queryset_statement
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


#: The consignments of a page's dossiers: compiled once per count of references (rounded up to a
#: power of two, the list padded with its first), as every page of a list asks it.
_SENT = ShapedQuery(shapes=16)


def _sent_statement(codes: tuple[Any, ...]) -> Statement | None:
    return queryset_statement(
        Consignment.objects.filter(reference__in=codes, kind=ConsignmentKind.OUTBOUND_RESULT)
        .order_by()
        .values_list("reference", "attempt", "status")
    )


def references_returned_to_sender(*, references: Iterable[str]) -> set[str]:
    """The dossiers among ``references`` whose latest result sent by post came back."""
    codes = list(references)
    if not codes:
        return set()
    # One read of the few consignments of these dossiers, the latest attempt chosen here: a list
    # page asks this of twenty dossiers, most of which were never posted.
    size = 1 << (len(codes) - 1).bit_length()
    rows = _SENT.rows(size, codes + codes[:1] * (size - len(codes)), _sent_statement)
    last: dict[str, int] = {}
    for reference, attempt, _status in rows:
        last[reference] = max(attempt, last.get(reference, attempt))
    return {
        reference
        for reference, attempt, status in rows
        if attempt == last[reference] and status == ConsignmentStatus.RETURNED_TO_SENDER
    }
