"""The digitization rate (tỷ lệ số hóa): dossiers received on paper whose documents were scanned.

Decision 766/QĐ-TTg scores "số hóa hồ sơ"; the rate here is, per receiving agency and local
month of reception, dossiers received at the counter or by post that have at least one document
digitized at the counter, over all dossiers received on paper.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from motcua.core.localtime import LOCAL_TZ
from motcua.documents.selectors import digitized_references
from motcua.dossiers.models import Dossier, DossierChannel

PAPER_CHANNELS = (DossierChannel.COUNTER, DossierChannel.POST)


@dataclass(frozen=True)
class DigitizationRate:
    agency_code: str
    agency_name: str
    month: date
    received_on_paper: int
    digitized: int

    @property
    def percent(self) -> float:
        return (
            round(100 * self.digitized / self.received_on_paper, 1)
            if self.received_on_paper
            else 0.0
        )


def digitization_rates(
    *, agency_ids: list[int], since: date, until: date
) -> list[DigitizationRate]:
    """Rates per agency and month for dossiers received from ``since`` to ``until`` (inclusive)."""
    start = datetime.combine(since, time.min, tzinfo=LOCAL_TZ)
    end = datetime.combine(until, time.max, tzinfo=LOCAL_TZ)
    rows = (
        Dossier.objects.filter(
            receiving_agency_id__in=agency_ids,
            channel__in=PAPER_CHANNELS,
            received_at__gte=start,
            received_at__lte=end,
        )
        .annotate(month=TruncMonth("received_at", tzinfo=LOCAL_TZ))
        .values("receiving_agency__code", "receiving_agency__name", "month")
        .annotate(
            received=Count("pk"),
            digitized=Count("pk", filter=Q(code__in=digitized_references())),
        )
        .order_by("receiving_agency__code", "month")
    )
    return [
        DigitizationRate(
            agency_code=row["receiving_agency__code"],
            agency_name=row["receiving_agency__name"],
            month=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
            received_on_paper=row["received"],
            digitized=row["digitized"],
        )
        for row in rows
    ]
