from datetime import UTC, datetime

import pytest

from motcua.calendar import demo
from motcua.calendar.models import DayEntry

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_load_seeds_the_official_years_and_the_next_one_idempotently() -> None:
    demo.load(at=AT)
    rows = sorted(DayEntry.objects.values_list("date", "kind", "name"))
    demo.load(at=AT)

    years = {d.year for d, _k, _n in rows}
    assert years == {2024, 2025, 2026, 2027}
    assert sorted(DayEntry.objects.values_list("date", "kind", "name")) == rows
