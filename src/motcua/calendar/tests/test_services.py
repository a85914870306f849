from datetime import UTC, date, datetime

import pytest

from motcua.calendar.models import (
    CalendarRevision,
    DayEntry,
    DayKind,
    DayOrigin,
    WorkingHours,
    WorkWeekRule,
)
from motcua.calendar.services import (
    agency_work_week_delete,
    agency_work_week_set,
    agency_working_hours_set,
    calendar_day_delete,
    calendar_day_set,
    calendar_seed_year,
)
from motcua.calendar.tests.factories import MOMENT
from motcua.core.errors import NotFound, ValidationFailed
from motcua.core.models import AuditEntry

LATER = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
AGENCY = "000.00.12.H38"


def national(year: int) -> dict[date, DayEntry]:
    return {e.date: e for e in DayEntry.objects.filter(agency_code="", date__year=year)}


@pytest.mark.django_db
def test_seed_year_applies_the_official_corrections_over_the_package() -> None:
    result = calendar_seed_year(year=2026, at=MOMENT, actor="test")

    days = national(2026)
    assert result.official is True
    assert result.created == len(days)
    assert days[date(2026, 1, 2)].kind == DayKind.SWAPPED
    assert days[date(2026, 1, 10)].kind == DayKind.MAKE_UP
    assert days[date(2026, 8, 22)].kind == DayKind.MAKE_UP
    assert days[date(2026, 4, 27)].kind == DayKind.COMPENSATORY
    assert days[date(2026, 1, 10)].origin == DayOrigin.OFFICIAL
    assert days[date(2026, 11, 24)].origin == DayOrigin.PACKAGE
    assert days[date(2026, 11, 24)].source.startswith("holidays package")
    assert all(e.source for e in days.values())


@pytest.mark.django_db
def test_seed_year_2024_has_the_make_up_saturday_and_swapped_monday() -> None:
    calendar_seed_year(year=2024, at=MOMENT, actor="test")

    days = national(2024)
    assert days[date(2024, 5, 4)].kind == DayKind.MAKE_UP
    assert days[date(2024, 4, 29)].kind == DayKind.SWAPPED
    assert "2450/VPCP-KGVX" in days[date(2024, 4, 29)].source


@pytest.mark.django_db
def test_seed_year_without_official_data_uses_the_package_alone() -> None:
    result = calendar_seed_year(year=2027, at=MOMENT, actor="test")

    days = national(2027)
    assert result.official is False
    assert date(2027, 2, 8) in days
    assert {e.origin for e in days.values()} == {DayOrigin.PACKAGE}


@pytest.mark.django_db
def test_seed_year_is_idempotent_and_audited_once() -> None:
    first = calendar_seed_year(year=2025, at=MOMENT, actor="test")
    revision = CalendarRevision.objects.get().token
    rows = sorted(DayEntry.objects.values_list("date", "kind", "name", "source", "changed_at"))

    again = calendar_seed_year(year=2025, at=LATER, actor="test")

    assert first.created > 0
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == first.created
    assert (
        sorted(DayEntry.objects.values_list("date", "kind", "name", "source", "changed_at")) == rows
    )
    assert CalendarRevision.objects.get().token == revision
    audit = AuditEntry.objects.get(object_type="calendar.year", object_id="2025")
    assert audit.action == "calendar.year_seeded"
    assert audit.data["created"] == first.created


@pytest.mark.django_db
def test_seed_year_keeps_manual_entries_and_repairs_and_removes_seeded_ones() -> None:
    calendar_seed_year(year=2026, at=MOMENT, actor="test")
    calendar_day_set(
        day=date(2026, 11, 24),
        kind=DayKind.MAKE_UP,
        name="Làm việc",
        source="QĐ 9/QĐ",
        at=MOMENT,
        actor="test",
    )
    DayEntry.objects.filter(date=date(2026, 1, 10)).update(kind=DayKind.HOLIDAY)
    DayEntry.objects.create(
        date=date(2026, 3, 3),
        kind=DayKind.HOLIDAY,
        name="Cũ",
        source="holidays package 0.1",
        origin=DayOrigin.PACKAGE,
        changed_at=MOMENT,
    )

    result = calendar_seed_year(year=2026, at=LATER, actor="test")

    days = national(2026)
    assert (result.updated, result.deleted, result.kept_manual) == (1, 1, 1)
    assert days[date(2026, 11, 24)].kind == DayKind.MAKE_UP
    assert days[date(2026, 1, 10)].kind == DayKind.MAKE_UP
    assert date(2026, 3, 3) not in days


@pytest.mark.django_db
def test_seed_year_refuses_an_absurd_year() -> None:
    with pytest.raises(ValidationFailed) as raised:
        calendar_seed_year(year=26, at=MOMENT, actor="test")
    assert [p.path for p in raised.value.problems] == ["year"]
    assert not DayEntry.objects.exists()


@pytest.mark.django_db
def test_calendar_day_set_writes_the_entry_and_its_audit_row() -> None:
    entry = calendar_day_set(
        day=date(2026, 3, 9),
        kind=DayKind.HOLIDAY,
        name="  Ngày truyền thống ",
        source="QĐ 12/QĐ-UBND",
        agency_code=AGENCY,
        at=MOMENT,
        actor="user:7",
    )
    changed = calendar_day_set(
        day=date(2026, 3, 9),
        kind=DayKind.SWAPPED,
        name="Nghỉ hoán đổi",
        source="QĐ 13/QĐ-UBND",
        agency_code=AGENCY,
        at=LATER,
        actor="user:7",
    )

    assert changed.pk == entry.pk
    assert (changed.kind, changed.origin) == (DayKind.SWAPPED, DayOrigin.MANUAL)
    audit = list(
        AuditEntry.objects.filter(object_type="calendar.day", object_id=f"{AGENCY}:2026-03-09")
        .order_by("seq")
        .values_list("action", "actor")
    )
    assert audit == [("calendar.day_created", "user:7"), ("calendar.day_changed", "user:7")]
    assert DayEntry.objects.get().name == "Nghỉ hoán đổi"


@pytest.mark.django_db
def test_calendar_day_set_names_every_bad_field_and_writes_nothing() -> None:
    with pytest.raises(ValidationFailed) as raised:
        calendar_day_set(
            day=date(2026, 3, 9),
            kind="weekend",
            name=" ",
            source="",
            agency_code="abc def",
            at=MOMENT,
            actor="test",
        )

    assert [p.path for p in raised.value.problems] == ["agency_code", "kind", "name", "source"]
    assert not DayEntry.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_calendar_day_delete_removes_and_audits() -> None:
    calendar_day_set(
        day=date(2026, 3, 9),
        kind=DayKind.HOLIDAY,
        name="Nghỉ",
        source="QĐ",
        at=MOMENT,
        actor="test",
    )
    calendar_day_delete(day=date(2026, 3, 9), at=LATER, actor="test")

    assert not DayEntry.objects.exists()
    assert AuditEntry.objects.filter(action="calendar.day_deleted").count() == 1
    with pytest.raises(NotFound):
        calendar_day_delete(day=date(2026, 3, 9), at=LATER, actor="test")


@pytest.mark.django_db
def test_agency_working_hours_set_normalises_and_audits() -> None:
    hours = agency_working_hours_set(
        agency_code=AGENCY, periods=" 07:00-11:00 , 13:30-17:30", at=MOMENT, actor="test"
    )
    again = agency_working_hours_set(
        agency_code=AGENCY, periods="07:30-11:30,13:00-17:00", at=LATER, actor="test"
    )

    assert hours.pk == again.pk
    assert WorkingHours.objects.get().periods == "07:30-11:30,13:00-17:00"
    assert AuditEntry.objects.filter(object_type="calendar.working_hours").count() == 2


@pytest.mark.django_db
def test_agency_working_hours_set_refuses_bad_periods() -> None:
    with pytest.raises(ValidationFailed) as raised:
        agency_working_hours_set(agency_code=AGENCY, periods="13:00-11:30", at=MOMENT, actor="test")
    assert [p.path for p in raised.value.problems] == ["periods"]
    assert not WorkingHours.objects.exists()


@pytest.mark.django_db
def test_agency_work_week_set_refuses_overlaps_and_bad_values() -> None:
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="6,1,2,3,4,5",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 7, 1),
        at=MOMENT,
        actor="test",
    )

    with pytest.raises(ValidationFailed) as overlap:
        agency_work_week_set(
            agency_code=AGENCY,
            weekdays="1,2,3,4,5",
            valid_from=date(2026, 6, 1),
            at=MOMENT,
            actor="test",
        )
    with pytest.raises(ValidationFailed) as bad:
        agency_work_week_set(
            agency_code="",
            weekdays="1,9",
            valid_from=date(2026, 8, 1),
            valid_to=date(2026, 8, 1),
            at=MOMENT,
            actor="test",
        )
    after = agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5",
        valid_from=date(2026, 7, 1),
        at=MOMENT,
        actor="test",
    )

    assert [p.path for p in overlap.value.problems] == ["valid_from"]
    assert [p.path for p in bad.value.problems] == ["agency_code", "weekdays", "valid_to"]
    assert WorkWeekRule.objects.get(valid_from=date(2026, 1, 1)).weekdays == "1,2,3,4,5,6"
    assert WorkWeekRule.objects.count() == 2
    agency_work_week_delete(rule_id=after.pk, at=LATER, actor="test")
    assert WorkWeekRule.objects.count() == 1
    assert list(
        AuditEntry.objects.filter(object_type="calendar.work_week")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["calendar.work_week_set", "calendar.work_week_set", "calendar.work_week_deleted"]
