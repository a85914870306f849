"""A consulted agency that is late: the holder may move on without it, and the sweep records it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.models import Dossier, DossierConsultation, DossierEvent
from motcua.dossiers.paper.forms import ControlSlip, slip_data
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.sla import dossier_sla_sweep
from motcua.dossiers.tests.factories import World, build_world, submit
from motcua.dossiers.workflow import TransitionNotAllowed

pytestmark = pytest.mark.django_db
HN = ZoneInfo("Asia/Ho_Chi_Minh")
OTHER = "000.00.99.H26"  # "Cơ quan khác" of the factories' world


def hn(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=HN)


def consulted_for_one_day(world: World) -> Dossier:
    """At the specialist's step; the other agency asked Monday 09:20, due Tuesday 17:00."""
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=hn(2, 9, 10)
    )
    return dossier_transition(
        dossier=dossier,
        action="consult_request",
        actor=world.specialist,
        at=hn(2, 9, 20),
        agencies=[OTHER],
        working_days=1,
    )


def events(dossier: Dossier, action: str) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier, action=action).order_by("seq"))


def test_holder_waits_up_to_the_due_moment_then_moves_on_and_the_sweep_marks_it_late() -> None:
    # given a consultation due Tuesday 17:00 that nobody answers
    world = build_world()
    dossier = consulted_for_one_day(world)
    assert DossierConsultation.objects.get().due_at == hn(3, 17, 0)

    # when the holder tries to complete the step at the due moment itself, it still waits
    with pytest.raises(TransitionNotAllowed, match="đang chờ ý kiến phối hợp của Cơ quan khác"):
        dossier_transition(
            dossier=dossier, action="complete_step", actor=world.specialist, at=hn(3, 17, 0)
        )
    assert not events(dossier, "consultation_late")

    # and one second later the agency is late: the holder moves on without its answer
    moved = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.specialist, at=hn(3, 17, 0, 1)
    )
    assert moved.current_step == 3
    assert DossierConsultation.objects.get().answered_at is None

    # then the sweep records the late consultation once, though the dossier has moved on
    first = dossier_sla_sweep(now=hn(3, 17, 5))
    again = dossier_sla_sweep(now=hn(3, 18, 0))
    assert [code for code, _ in first.consultations_late] == [dossier.code]
    assert again.consultations_late == []
    [late] = events(dossier, "consultation_late")
    assert "Cơ quan khác" in late.note
    assert late.actor is None
    assert late.from_step == 3

    # and the agency may still answer afterwards; its answer is recorded as given late
    answered = dossier_transition(
        dossier=moved,
        action="consult_answer",
        actor=world.outsider,
        at=hn(4, 9, 0),
        note="Đồng ý, không có ý kiến khác",
    )
    consultation = DossierConsultation.objects.get()
    assert consultation.answered_at == hn(4, 9, 0)
    assert consultation.answered_at > consultation.due_at
    assert answered.current_step == 3

    # and the process-control slip (form 06) names the agency among those taking part
    slip = slip_data(dossier=answered, form="06", at=hn(4, 9, 5))
    assert isinstance(slip, ControlSlip)
    assert "Cơ quan khác" in slip.coordinating_agencies


def test_an_answer_in_time_lets_the_holder_move_on_before_the_due_moment() -> None:
    world = build_world()
    dossier = consulted_for_one_day(world)

    dossier = dossier_transition(
        dossier=dossier,
        action="consult_answer",
        actor=world.outsider,
        at=hn(2, 14, 0),
        note="Đồng ý",
    )
    moved = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.specialist, at=hn(2, 14, 30)
    )

    assert moved.current_step == 3
    dossier_sla_sweep(now=hn(3, 17, 1))
    assert not events(dossier, "consultation_late")
