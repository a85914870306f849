"""The catalogue at national scale: importing thousands of procedures, and searching them.

``motcua bench catalog --procedures 5000`` builds a catalogue file from the real published set
(names, times, legal basis, components), repeated with distinct codes up to the count, imports it
in one transaction through ``catalog import``, then times public searches over it: the selector
alone, and the whole search page (its count, its first page of results with each result's fee
from the one fee calculation, the template), with the queries one page makes. Everything is
rolled back at the end: the bench leaves the database as it found it. The import is reported in
wall time and in the CPU time of this process, the steadier figure on a shared machine.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.catalog.importing import catalog_import
from motcua.catalog.selectors import procedure_search
from motcua.portal.views import procedure_list
from motcua_dev.bench.catalog_file import catalog_file

QUERIES = (
    "đăng ký nghĩa vụ quân sự",
    "khai sinh",
    "chứng thực chữ ký",
    "hòa giải viên",
    "dang ky ket hon",
    "9.000123",
    "1.009319.000.00.00.H41",
    "giải thể trường mầm non",
    "mai táng",
    "military service",
)


@dataclass(frozen=True)
class CatalogScaleReport:
    procedures: int
    import_seconds: float
    #: CPU time of this process over the import (``time.process_time``): steadier than the wall
    #: time on a shared machine; the database server's own CPU is not in it.
    import_cpu_seconds: float
    searches: int
    search_p50_ms: float
    search_p95_ms: float
    page_p50_ms: float
    page_p95_ms: float
    page_queries: int
    military_first: str
    exact_code_first: str


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _page_timings(rounds: int) -> tuple[list[float], int]:
    """The search page of each query, rendered as a citizen gets it; and the most queries one
    page made (a number that grows with the results is a query per result)."""
    factory = RequestFactory()
    timings: list[float] = []
    most_queries = 0
    for _ in range(rounds):
        for query in QUERIES:
            request = factory.get("/thu-tuc/", {"q": query})
            request.user = AnonymousUser()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = procedure_list(request)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"search page for {query!r}: HTTP {response.status_code}")
            most_queries = max(most_queries, len(queries))
    return timings, most_queries


def run_catalog_scale(
    *, procedures: int, rounds: int = 20, progress: Callable[[str], None]
) -> CatalogScaleReport:
    data = catalog_file(procedures)
    at = timezone.now()
    on = timezone.localdate(at)
    with transaction.atomic():
        started, cpu_started = time.perf_counter(), time.process_time()
        catalog_import(
            data=data,
            at=at,
            actor="bench",
            progress=lambda done, total: (
                progress(f"imported {done}/{total}") if done % 1000 == 0 else None
            ),
        )
        # Rounded once, so the progress line says what the report records.
        import_seconds = round(time.perf_counter() - started, 2)
        import_cpu_seconds = round(time.process_time() - cpu_started, 2)
        progress(
            f"import of {procedures} procedures: {import_seconds:.2f} s, "
            f"CPU {import_cpu_seconds:.2f} s"
        )
        timings: list[float] = []
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                found = procedure_search(text=query, on=on)
                found.count()
                list(found[:20])
                timings.append((time.perf_counter() - started) * 1000)
        page_timings, page_queries = _page_timings(rounds)
        military = procedure_search(text="đăng ký nghĩa vụ quân sự", on=on).first()
        exact = procedure_search(text="1.009319.000.00.00.H41", on=on).first()
        transaction.set_rollback(True)
    return CatalogScaleReport(
        procedures=procedures,
        import_seconds=import_seconds,
        import_cpu_seconds=import_cpu_seconds,
        searches=len(timings),
        search_p50_ms=round(_percentile(timings, 0.5), 2),
        search_p95_ms=round(_percentile(timings, 0.95), 2),
        page_p50_ms=round(_percentile(page_timings, 0.5), 2),
        page_p95_ms=round(_percentile(page_timings, 0.95), 2),
        page_queries=page_queries,
        military_first=military.name if military else "",
        exact_code_first=exact.code if exact else "",
    )


def report_lines(report: CatalogScaleReport) -> list[str]:
    return [
        f"catalogue: {report.procedures} procedures imported in {report.import_seconds} s, "
        f"CPU of this process {report.import_cpu_seconds} s (one transaction, all or nothing)",
        f"public search over them: p50 {report.search_p50_ms} ms, p95 {report.search_p95_ms} ms "
        f"({report.searches} searches)",
        f"search page (count, first page, each result's fee, template): p50 {report.page_p50_ms} "
        f"ms, p95 {report.page_p95_ms} ms, at most {report.page_queries} queries a page",
        f'"đăng ký nghĩa vụ quân sự" first: {report.military_first}',
        f'"1.009319.000.00.00.H41" first: {report.exact_code_first}',
    ]
