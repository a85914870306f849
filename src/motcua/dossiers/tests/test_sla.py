"""The SLA sweep at the edges of its windows, on the working-day calendar."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from motcua.calendar.selectors import working_calendar_cache_clear, working_calendar_get
from motcua.calendar.services import agency_work_week_set
from motcua.core.models import AuditEntry
from motcua.dossiers.deadlines import late_working_days
from motcua.dossiers.models import Dossier, DossierApology, DossierEvent, SlaMark
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.sla import dossier_sla_sweep, warning_due
from motcua.dossiers.tests.factories import AT, STEPS, World, build_world, submit
from motcua_dev.demo import calendar as calendar_demo

pytestmark = pytest.mark.django_db
HN = ZoneInfo("Asia/Ho_Chi_Minh")


def hn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HN)


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture
def seeded() -> None:
    calendar_demo.load(at=AT)


def marks(dossier: Dossier) -> set[tuple[str, str]]:
    return {
        (kind, key.split("@")[0])
        for kind, key in SlaMark.objects.filter(dossier=dossier).values_list("kind", "key")
    }


def events(dossier: Dossier, action: str) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier, action=action).order_by("seq"))


def test_dossier_due_soon_just_before_and_at_the_window(world: World) -> None:
    # Received Monday 2 March 09:00, 3 working days: due Thursday 5 March 17:00.
    dossier = submit(world).dossier
    assert dossier.due_at == hn(2026, 3, 5, 17, 0)

    dossier_sla_sweep(now=hn(2026, 3, 4, 16, 59))
    assert ("due_soon", "dossier") not in marks(dossier)

    report = dossier_sla_sweep(now=hn(2026, 3, 4, 17, 0))
    assert ("due_soon", "dossier") in marks(dossier)
    assert (dossier.code, "hồ sơ đến hạn 17:00 05/03/2026") in report.due_soon
    [event] = [e for e in events(dossier, "due_soon") if e.note.startswith("Hồ sơ")]
    assert event.note == "Hồ sơ sắp đến hạn trả kết quả (hạn 17:00 05/03/2026)."
    assert event.actor is None


def test_dossier_late_only_after_the_due_moment(world: World) -> None:
    dossier = submit(world).dossier

    dossier_sla_sweep(now=hn(2026, 3, 5, 17, 0))
    dossier.refresh_from_db()
    assert not dossier.marked_late
    assert ("became_late", "dossier") not in marks(dossier)

    dossier_sla_sweep(now=hn(2026, 3, 5, 17, 0, 1))
    dossier.refresh_from_db()
    assert dossier.marked_late
    assert ("became_late", "dossier") in marks(dossier)
    assert AuditEntry.objects.filter(
        chain=f"dossier:{dossier.code}", action="dossier.became_late"
    ).exists()


def test_work_queue_keeps_a_marked_late_dossier_first(world: World) -> None:
    first = submit(world).dossier
    second = submit(world, at=hn(2026, 3, 3, 9, 0)).dossier
    dossier_sla_sweep(now=hn(2026, 3, 9, 9, 0))
    # Only the later dossier stays marked late; at a moment before both due dates it comes first.
    Dossier.objects.filter(pk=first.pk).update(marked_late=False)

    queue = list(work_queue(user=world.receiver, on=hn(2026, 3, 2, 9, 5)))

    assert [d.code for d in queue] == [second.code, first.code]
    assert queue[0].late  # type: ignore[attr-defined]


def test_a_dossier_just_received_is_not_about_to_fall_due(world: World) -> None:
    # Received Monday 2 March 09:00: the reception step's norm is one hour (due 10:00), shorter
    # than the two-hour step window, so the window is capped at half the norm: 30 minutes.
    dossier = submit(world).dossier
    assert dossier.step_due_at == hn(2026, 3, 2, 10, 0)

    report = dossier_sla_sweep(now=hn(2026, 3, 2, 9, 0))
    assert report.due_soon == []
    dossier_sla_sweep(now=hn(2026, 3, 2, 9, 29, 59))
    assert ("due_soon", "step:1") not in marks(dossier)

    dossier_sla_sweep(now=hn(2026, 3, 2, 9, 30))
    assert ("due_soon", "step:1") in marks(dossier)


def test_a_one_day_dossier_is_warned_in_the_second_half_of_its_norm() -> None:
    # Received Monday 2 March 09:00, one working day: due Tuesday 3 March 17:00. Its norm is
    # 14.5 working hours (09:00-11:30, 13:00-17:00, then a full day), half of it 7 h 15 min, less
    # than the 8-hour dossier window: the warning comes at Tuesday 08:15, not Monday 17:00.
    steps = [dict(step, minutes=min(int(step["minutes"]), 120)) for step in STEPS]
    world = build_world(processing_time_value=1, steps=steps)
    dossier = submit(world).dossier
    assert dossier.due_at == hn(2026, 3, 3, 17, 0)

    dossier_sla_sweep(now=hn(2026, 3, 2, 17, 0))
    dossier_sla_sweep(now=hn(2026, 3, 3, 8, 14, 59))
    assert ("due_soon", "dossier") not in marks(dossier)

    dossier_sla_sweep(now=hn(2026, 3, 3, 8, 15))
    assert ("due_soon", "dossier") in marks(dossier)


def test_step_due_soon_overnight_and_late(world: World) -> None:
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=hn(2026, 3, 2, 9, 30)
    )
    # 480 working minutes from Monday 09:30: Tuesday 09:30.
    assert dossier.step_due_at == hn(2026, 3, 3, 9, 30)

    dossier_sla_sweep(now=hn(2026, 3, 2, 16, 59))
    assert ("due_soon", "step:2") not in marks(dossier)
    dossier_sla_sweep(now=hn(2026, 3, 2, 17, 0))
    assert ("due_soon", "step:2") in marks(dossier)
    dossier_sla_sweep(now=hn(2026, 3, 3, 9, 30))
    assert ("became_late", "step:2") not in marks(dossier)
    dossier_sla_sweep(now=hn(2026, 3, 3, 9, 30, 1))
    assert ("became_late", "step:2") in marks(dossier)
    dossier.refresh_from_db()
    assert not dossier.marked_late  # a late step does not make the dossier late


def test_apology_drafted_one_working_day_before_due_at_midnight(world: World) -> None:
    dossier = submit(world).dossier

    dossier_sla_sweep(now=hn(2026, 3, 3, 23, 59))
    assert not DossierApology.objects.filter(dossier=dossier).exists()

    report = dossier_sla_sweep(now=hn(2026, 3, 4, 0, 0))
    [apology] = DossierApology.objects.filter(dossier=dossier)
    assert apology.reason == (
        "Hồ sơ sắp đến hạn trả kết quả (hạn 17:00 05/03/2026). Bước 1 “Tiếp nhận hồ sơ” chậm 2 "
        "ngày làm việc so với thời hạn của bước (hạn 10:00 02/03/2026)."
    )
    assert apology.original_due_at == hn(2026, 3, 5, 17, 0)
    # Thursday 5 March + 3 working days: Tuesday 10 March, end of working hours.
    assert apology.proposed_due_at == hn(2026, 3, 10, 17, 0)
    assert apology.approved_at is None
    assert [code for code, _ in report.apologies_drafted] == [dossier.code]
    [event] = events(dossier, "apology_drafted")
    assert "mẫu 04" in event.note


def test_an_apology_drafted_late_says_by_how_many_working_days(world: World) -> None:
    # Due Thursday 5 March 17:00, first swept on Monday 9 March: Friday and Monday have passed.
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=hn(2026, 3, 2, 9, 30)
    )
    assert dossier.step_due_at == hn(2026, 3, 3, 9, 30)

    dossier_sla_sweep(now=hn(2026, 3, 9, 10, 0))

    [apology] = DossierApology.objects.filter(dossier=dossier)
    assert apology.reason == (
        "Hồ sơ đã quá hạn trả kết quả 2 ngày làm việc (hạn 17:00 05/03/2026). Bước 2 “Thẩm định” chậm 4 "
        "ngày làm việc so với thời hạn của bước (hạn 09:30 03/03/2026)."
    )
    assert "sắp đến hạn" not in apology.reason
    assert "[" not in apology.reason


def test_weekend_between_apology_and_due_soon(world: World) -> None:
    # Received Wednesday 4 March: due Monday 9 March 17:00, across the weekend.
    dossier = submit(world, at=hn(2026, 3, 4, 9, 0)).dossier
    assert dossier.due_at == hn(2026, 3, 9, 17, 0)

    dossier_sla_sweep(now=hn(2026, 3, 5, 23, 59))
    assert not DossierApology.objects.filter(dossier=dossier).exists()
    dossier_sla_sweep(now=hn(2026, 3, 6, 0, 0))
    assert DossierApology.objects.filter(dossier=dossier).count() == 1

    dossier_sla_sweep(now=hn(2026, 3, 6, 16, 59))
    assert ("due_soon", "dossier") not in marks(dossier)
    dossier_sla_sweep(now=hn(2026, 3, 6, 17, 0))
    assert ("due_soon", "dossier") in marks(dossier)


def test_holidays_between_on_the_seeded_calendar(world: World, seeded: None) -> None:
    # Friday 24 April 2026; 27 April (for Hùng Kings), 30 April and 1 May are days off.
    dossier = submit(world, at=hn(2026, 4, 24, 9, 0)).dossier
    assert dossier.due_at == hn(2026, 5, 4, 17, 0)

    dossier_sla_sweep(now=hn(2026, 4, 28, 23, 59))
    assert not DossierApology.objects.filter(dossier=dossier).exists()
    dossier_sla_sweep(now=hn(2026, 4, 29, 0, 0))
    [apology] = DossierApology.objects.filter(dossier=dossier)
    assert apology.proposed_due_at == hn(2026, 5, 7, 17, 0)

    dossier_sla_sweep(now=hn(2026, 4, 29, 16, 59))
    assert ("due_soon", "dossier") not in marks(dossier)
    dossier_sla_sweep(now=hn(2026, 4, 29, 17, 0))
    assert ("due_soon", "dossier") in marks(dossier)


def test_sweep_is_idempotent(world: World) -> None:
    dossier = submit(world).dossier
    now = hn(2026, 3, 6, 9, 0)
    first = dossier_sla_sweep(now=now)
    counted = (DossierEvent.objects.count(), AuditEntry.objects.count(), SlaMark.objects.count())

    again = dossier_sla_sweep(now=now)
    later = dossier_sla_sweep(now=hn(2026, 3, 6, 10, 0))

    # past the due moment of the dossier (Thursday 17:00) and of its reception step (Monday
    # 10:00): both late, the apology drafted, nothing left to warn about
    assert [(code, d.split(" ")[0]) for code, d in first.became_late] == [
        (dossier.code, "hồ"),
        (dossier.code, "Bước"),
    ]
    assert (len(first.due_soon), len(first.apologies_drafted), first.changed) == (0, 1, 3)
    assert again.changed == 0
    assert later.changed == 0
    assert (
        DossierEvent.objects.count(),
        AuditEntry.objects.count(),
        SlaMark.objects.count(),
    ) == counted
    assert len(events(dossier, "apology_drafted")) == 1
    assert DossierApology.objects.filter(dossier=dossier).count() == 1


def test_finished_dossier_is_left_alone(world: World) -> None:
    dossier = submit(world).dossier
    dossier_transition(
        dossier=dossier, action="withdraw", actor=world.receiver, at=hn(2026, 3, 2, 9, 10)
    )

    report = dossier_sla_sweep(now=hn(2026, 3, 9, 9, 0))

    assert report.changed == 0
    assert not SlaMark.objects.filter(dossier=dossier).exists()


def test_consultation_late_reported_once_after_its_due(world: World) -> None:
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=hn(2026, 3, 2, 9, 10)
    )
    dossier_transition(
        dossier=dossier,
        action="consult_request",
        actor=world.specialist,
        at=hn(2026, 3, 2, 9, 20),
        agencies=["000.00.99.H26"],
        working_days=1,
    )

    dossier_sla_sweep(now=hn(2026, 3, 3, 17, 0))
    assert not events(dossier, "consultation_late")
    dossier_sla_sweep(now=hn(2026, 3, 3, 17, 0, 1))
    dossier_sla_sweep(now=hn(2026, 3, 3, 18, 0))

    [event] = events(dossier, "consultation_late")
    assert "Cơ quan khác" in event.note
    assert "Trưởng Bộ phận Một cửa" in event.note


def test_sla_sweep_command_prints_the_report(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    submit(world, at=hn(2026, 1, 5, 9, 0))

    call_command("dossiers", "sla-sweep")

    out = capsys.readouterr().out
    assert "Quét thời hạn lúc" in out
    assert "Quá hạn: 2" in out  # the dossier and its first step
    assert "Dự thảo văn bản xin lỗi (mẫu 04): 1" in out


def test_the_warning_runs_up_to_the_due_moment_itself() -> None:
    # Monday 09:00 to Thursday 17:00 on the national calendar; an 8-hour window
    working_calendar_cache_clear()
    calendar = working_calendar_get()
    start, due = hn(2026, 3, 2, 9, 0), hn(2026, 3, 5, 17, 0)
    assert warning_due(calendar=calendar, start=start, due=due, now=due, hours=8)
    assert warning_due(calendar=calendar, start=start, due=due, now=hn(2026, 3, 4, 17, 0), hours=8)
    assert not warning_due(
        calendar=calendar, start=start, due=due, now=hn(2026, 3, 4, 16, 59), hours=8
    )
    # once late it is no longer "about to fall due"
    assert not warning_due(
        calendar=calendar, start=start, due=due, now=hn(2026, 3, 5, 17, 0, 1), hours=8
    )


def test_days_late_are_working_days_of_the_agency_s_calendar() -> None:
    working_calendar_cache_clear()
    due = hn(2026, 3, 5, 17, 0)  # Thursday
    agency = "000.00.12.H26"
    assert late_working_days(due=due, now=due, agency_code=agency) == 0
    assert late_working_days(due=due, now=hn(2026, 3, 2, 9, 0), agency_code=agency) == 0
    # late since earlier the same day: not a whole working day yet
    assert late_working_days(due=due, now=hn(2026, 3, 5, 23, 0), agency_code=agency) == 0
    # Friday, then Monday (the weekend does not count)
    assert late_working_days(due=due, now=hn(2026, 3, 6, 8, 0), agency_code=agency) == 1
    assert late_working_days(due=due, now=hn(2026, 3, 9, 8, 0), agency_code=agency) == 2
    # the agency works on Saturdays from March: Saturday counts for it, not for the nation
    agency_work_week_set(
        agency_code=agency,
        weekdays="1,2,3,4,5,6",
        valid_from=date(2026, 3, 1),
        at=hn(2026, 2, 1, 9, 0),
        actor="admin",
    )
    working_calendar_cache_clear()
    assert late_working_days(due=due, now=hn(2026, 3, 9, 8, 0), agency_code=agency) == 3
    assert late_working_days(due=due, now=hn(2026, 3, 9, 8, 0), agency_code="000.00.01.H26") == 2
    working_calendar_cache_clear()
