"""The dashboards' benchmark section runs and measures every query and page (at a tiny size)."""

import pytest

from motcua.reporting.models import ReportTally
from motcua_dev.bench.dashboards import PREFIX, fill_tallies, measure_dashboards


@pytest.mark.django_db
def test_the_dashboard_section_fills_once_and_times_every_query() -> None:
    agencies, rows, _seconds = fill_tallies(dossiers=34 * 2000)
    assert agencies == 34
    assert rows == ReportTally.objects.filter(agency__code__startswith=PREFIX).count()
    again = fill_tallies(dossiers=34 * 2000)
    assert again[:2] == (agencies, rows)  # filled once, reused
    figures = measure_dashboards(seconds=0.5, max_samples=3)
    assert len(figures) == 9
    assert all(f.samples >= 1 and f.p99_ms >= f.p50_ms > 0 for f in figures)
