from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.models import DayEntry, WorkingHours, WorkWeekRule
from motcua.calendar.selectors import calendar_due_moment
from motcua.core.models import AuditEntry
from motcua_dev.demo import calendar as demo

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_load_seeds_the_official_years_and_the_next_one_idempotently() -> None:
    demo.load(at=AT)
    rows = sorted(DayEntry.objects.values_list("date", "kind", "name"))
    demo.load(at=AT)

    years = {d.year for d, _k, _n in rows}
    assert years == {2024, 2025, 2026, 2027}
    assert sorted(DayEntry.objects.values_list("date", "kind", "name")) == rows


@pytest.mark.django_db
def test_the_demo_agency_with_its_own_calendar_works_saturdays_to_its_own_hours() -> None:
    demo.load(at=AT)
    # the newest audit row's key, not a count: PostgreSQL does not reuse keys between tests
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    demo.load(at=datetime(2027, 1, 4, 2, 0, tzinfo=UTC))  # a later run, in another year

    assert WorkWeekRule.objects.filter(agency_code="000.02.31.H26").count() == 1
    assert (
        WorkingHours.objects.get(agency_code="000.02.31.H26").periods == "08:00-12:00,13:30-17:30"
    )
    assert not AuditEntry.objects.filter(pk__gt=last_audit, object_type="calendar.work_week")
    hn = ZoneInfo("Asia/Ho_Chi_Minh")
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=hn)
    # One working day from a Friday: the Saturday at 17:30 there, the Monday at 17:00 elsewhere.
    assert calendar_due_moment(
        received_at=friday, working_days=1, paper=False, agency_code="000.02.31.H26"
    ) == datetime(2026, 3, 7, 17, 30, tzinfo=hn)
    assert calendar_due_moment(
        received_at=friday, working_days=1, paper=False, agency_code="000.02.32.H26"
    ) == datetime(2026, 3, 9, 17, 0, tzinfo=hn)
