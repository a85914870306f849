"""The dashboards' part of ``motcua bench``: the Decision 766 pages at national scale.

What a dashboard reads is the tally table, whose size grows with agencies x procedures x months x
measures, not with dossiers. The fill writes the tallies that ``dossiers`` dossiers spread over
``agencies`` agencies (34 provinces), 12 months and 10 procedures each would leave, directly (the
dossier fill is not needed to size them), then times each selector and each page p50/p99.
"""

import random
import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.test import Client

from motcua.accounts.models import AdministrativeUnit, AdministrativeUnitLevel, Agency, AgencyKind
from motcua.reporting.aggregates import rollup_rebuild
from motcua.reporting.definitions import MEASURES, index_groups
from motcua.reporting.models import ALL_PROCEDURES, WHOLE_YEAR, ReportRollup, ReportTally
from motcua.reporting.selectors import (
    Period,
    agency_index,
    agency_indexes,
    agency_indexes_computed,
    monthly_counts,
    overall_index,
)
from motcua_dev.bench.figures import Latency, percentile

PREFIX = "BENCH766."
PROVINCES = 34
PROCEDURES_PER_AGENCY = 10
DOSSIERS_PER_AGENCY = 2000
YEAR = 2026
_MEASURES = [m for m in MEASURES if not m.startswith("catalog_")]


def _provinces() -> list[AdministrativeUnit]:
    units = []
    for n in range(PROVINCES):
        unit, _created = AdministrativeUnit.objects.get_or_create(
            code=f"9{n:03d}",
            level=AdministrativeUnitLevel.PROVINCE,
            defaults={
                "name": f"Tỉnh đo hiệu năng {n}",
                "division_type": "tỉnh",
                "valid_from": date(2025, 7, 1),
                "search_text": f"tinh do hieu nang {n}",
            },
        )
        units.append(unit)
    return units


def fill_tallies(*, dossiers: int, seed: int = 766) -> tuple[int, int, float]:
    """(agencies, tally rows, seconds): the tallies of ``dossiers`` dossiers, made once."""
    agencies_wanted = max(PROVINCES, dossiers // DOSSIERS_PER_AGENCY)
    existing = Agency.objects.filter(code__startswith=PREFIX).count()
    started = time.perf_counter()
    if existing == agencies_wanted:
        rows = ReportTally.objects.filter(agency__code__startswith=PREFIX).count()
        if not ReportRollup.objects.filter(province__startswith="9").exists():
            rollup_rebuild()  # tallies filled before the rollup existed
        return existing, rows, 0.0
    rng = random.Random(seed)  # noqa: S311 - synthetic figures, not secrets
    with transaction.atomic():
        ReportTally.objects.filter(agency__code__startswith=PREFIX).delete()
        Agency.objects.filter(code__startswith=PREFIX).delete()
        provinces = _provinces()
        Agency.objects.bulk_create(
            [
                Agency(
                    code=f"{PREFIX}{n:05d}",
                    name=f"Cơ quan đo hiệu năng {n}",
                    kind=AgencyKind.PROVINCIAL_DEPARTMENT,
                    administrative_unit=provinces[n % PROVINCES],
                    valid_from=date(2025, 7, 1),
                )
                for n in range(agencies_wanted)
            ],
            batch_size=2000,
        )
        agencies = list(Agency.objects.filter(code__startswith=PREFIX).order_by("code"))
        per_month = max(1, dossiers // len(agencies) // 12)
        batch: list[ReportTally] = []
        total = 0
        for n, agency in enumerate(agencies):
            province = provinces[n % PROVINCES].code
            yearly: dict[str, int] = {}
            for month_number in range(1, 13):
                month = date(YEAR, month_number, 1)
                for measure in _MEASURES:
                    count = rng.randint(0, per_month)
                    yearly[measure] = yearly.get(measure, 0) + count
                    shares = [rng.random() for _ in range(PROCEDURES_PER_AGENCY)]
                    scale = sum(shares) or 1.0
                    for procedure in [ALL_PROCEDURES, *range(PROCEDURES_PER_AGENCY)]:
                        value = (
                            count
                            if procedure == ALL_PROCEDURES
                            else round(count * shares[int(procedure)] / scale)
                        )
                        batch.append(
                            ReportTally(
                                agency=agency,
                                province=province,
                                procedure_code=str(procedure)
                                if procedure == ALL_PROCEDURES
                                else f"B.{int(procedure):06d}",
                                month=month,
                                measure=measure,
                                count=value,
                            )
                        )
            batch += [
                ReportTally(
                    agency=agency,
                    province=province,
                    procedure_code=WHOLE_YEAR,
                    month=date(YEAR, 1, 1),
                    measure=measure,
                    count=count,
                )
                for measure, count in yearly.items()
            ]
            if len(batch) >= 20_000:
                ReportTally.objects.bulk_create(batch, batch_size=5000)
                total += len(batch)
                batch = []
        ReportTally.objects.bulk_create(batch, batch_size=5000)
        total += len(batch)
        # The province rollup the writes keep, recomputed here in one grouped read.
        rollup_rebuild()
    return len(agencies), total, time.perf_counter() - started


def _timed(name: str, fn: Callable[[], object], *, seconds: float, max_samples: int) -> Latency:
    fn()  # warm the caches once, as a served page would be
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and len(samples) < max_samples:
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Latency(
        source=name,
        samples=len(samples),
        p50_ms=percentile(samples, 50),
        p99_ms=percentile(samples, 99),
        max_ms=max(samples) if samples else float("nan"),
    )


def measure_dashboards(*, seconds: float, max_samples: int = 200) -> list[Latency]:
    """p50/p99 of every dashboard query and page, on the tallies in the database."""
    period = Period.year(YEAR)
    on = date(YEAR, 12, 31)
    agency = Agency.objects.filter(code__startswith=PREFIX).order_by("code").first()
    if agency is None:
        return []
    province = agency.administrative_unit.code if agency.administrative_unit else ""
    client = Client(HTTP_HOST="127.0.0.1")
    index_groups()

    def page(url: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return response

        return get

    each = max(seconds / 9, 0.5)
    return [
        _timed(
            "ranking (every agency)",
            lambda: agency_indexes(period, on=on),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "ranking recomputed (every agency)",
            lambda: agency_indexes_computed(period, on=on),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "ranking (one province)",
            lambda: agency_indexes(period, on=on, province=province),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "national index",
            lambda: overall_index(period, on=on),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "one agency",
            lambda: agency_index(agency, period, on=on),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "monthly trend (national)",
            lambda: monthly_counts(period),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "page /chi-so/",
            page(f"/chi-so/?nam={YEAR}"),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "page /chi-so/co-quan/",
            page(f"/chi-so/co-quan/{agency.code}/?nam={YEAR}"),
            seconds=each,
            max_samples=max_samples,
        ),
        _timed(
            "api /api/v1/index/?tinh=",
            page(f"/api/v1/index/?nam={YEAR}&tinh={province}"),
            seconds=each,
            max_samples=max_samples,
        ),
    ]
