from datetime import date

import pytest
from django.core.management import CommandError, call_command

from motcua.calendar.models import DayEntry
from motcua.calendar.services import agency_work_week_set
from motcua.calendar.tests.factories import MOMENT, seed_official_years

AGENCY = "000.00.12.H38"


@pytest.fixture
def seeded() -> None:
    seed_official_years()


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("day", "answer"),
    [
        ("2026-01-02", "false"),
        ("2026-01-10", "true"),
        ("2026-03-02", "true"),
        ("2026-03-07", "false"),
    ],
)
def test_is_working_day_prints_true_or_false(
    capsys: pytest.CaptureFixture[str], day: str, answer: str
) -> None:
    call_command("calendar", "is-working-day", day)
    assert capsys.readouterr().out.strip() == answer


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_add_working_days_prints_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("calendar", "add-working-days", "2026-02-13", "1")
    assert capsys.readouterr().out.strip() == "2026-02-23"


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
def test_agency_option_uses_the_agency_week(capsys: pytest.CaptureFixture[str]) -> None:
    agency_work_week_set(
        agency_code=AGENCY,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 1, 1),
        at=MOMENT,
        actor="test",
    )
    call_command("calendar", "is-working-day", "2026-03-07", "--agency", AGENCY)
    call_command("calendar", "add-working-days", "2026-03-06", "1", "--agency", AGENCY)
    assert capsys.readouterr().out.split() == ["true", "2026-03-07"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["is-working-day", "2026-02-30"], "Ngày không hợp lệ"),
        (["is-working-day", "02/03/2026"], "Ngày không hợp lệ"),
        (["is-working-day"], "Sai số tham số"),
        (["add-working-days", "2026-03-02", "1.5"], "N phải là số nguyên"),
        (["add-working-days", "2026-03-02", "-1"], "N không được âm"),
        (["add-working-days", "2026-03-02", "٣"], "N phải là số nguyên"),
        (["seed", "abc"], "phải là số nguyên"),
        (["seed", "2026", "26"], "Năm phải trong khoảng"),
    ],
)
def test_bad_input_exits_1_with_a_vietnamese_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as raised:
        call_command("calendar", *args)
    assert raised.value.returncode == 1
    assert not DayEntry.objects.exists()


@pytest.mark.django_db
def test_seed_prints_counts_and_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("calendar", "seed", "2026", "2027")
    count = DayEntry.objects.count()
    call_command("calendar", "seed", "2026")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026: +")
    assert lines[0].endswith("official=yes")
    assert lines[1].endswith("official=no")
    assert lines[2].startswith("2026: +0 ~0 -0")
    assert DayEntry.objects.count() == count
