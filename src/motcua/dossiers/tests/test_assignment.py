"""Phân công xử lý: a leader or a one-stop officer of the competent agency names the specialist; the
named specialist finds the dossier first in the work queue; the assignment ends with their steps."""

from datetime import timedelta

import pytest

from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.permissions import ActorNotAllowed, assignable_specialists
from motcua.dossiers.services import dossier_assign, dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.dossiers.workflow import TransitionNotAllowed


def second_specialist(world: World) -> User:
    user = UserFactory.create(full_name="Trần Văn Bình")
    RoleAssignmentFactory.create(user=user, agency=world.competent, role=Role.SPECIALIST)
    return user


def at_appraisal(world: World, minutes: int = 0) -> Dossier:
    """A dossier received and handed over to the specialists' step (Thẩm định)."""
    dossier = submit(world, at=AT + timedelta(minutes=minutes)).dossier
    return dossier_transition(
        dossier=dossier,
        action="complete_step",
        actor=world.receiver,
        at=AT + timedelta(minutes=minutes + 10),
    )


@pytest.mark.django_db
def test_the_leader_names_a_specialist_with_a_history_and_an_audit_row() -> None:
    world = build_world()
    named = second_specialist(world)
    dossier = at_appraisal(world)

    assigned = dossier_assign(
        dossier=dossier, assignee=named, actor=world.leader, at=AT + timedelta(hours=1)
    )

    assert assigned.assignee == named
    assert Dossier.objects.get(pk=dossier.pk).assignee_id == named.pk
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event is not None
    assert (event.action, event.actor_id) == ("assign", world.leader.pk)
    assert "Trần Văn Bình" in event.note
    assert AuditEntry.objects.filter(action="dossier.assign", object_id=dossier.code).exists()


@pytest.mark.django_db
def test_only_the_competent_agencys_leader_or_one_stop_officer_may_assign() -> None:
    world = build_world()
    dossier = at_appraisal(world)
    one_stop = UserFactory.create()
    RoleAssignmentFactory.create(user=one_stop, agency=world.competent, role=Role.ONE_STOP_OFFICER)

    for refused in (world.specialist, world.receiver, world.outsider):
        with pytest.raises(ActorNotAllowed):
            dossier_assign(dossier=dossier, assignee=world.specialist, actor=refused, at=AT)
    dossier_assign(dossier=dossier, assignee=world.specialist, actor=one_stop, at=AT)
    assert Dossier.objects.get(pk=dossier.pk).assignee == world.specialist


@pytest.mark.django_db
def test_only_a_specialist_of_the_competent_agency_may_be_named() -> None:
    world = build_world()
    dossier = at_appraisal(world)

    assert list(assignable_specialists(dossier=dossier, on=AT.date())) == [world.specialist]
    with pytest.raises(ValidationFailed):
        dossier_assign(dossier=dossier, assignee=world.outsider, actor=world.leader, at=AT)
    with pytest.raises(ValidationFailed):
        dossier_assign(dossier=dossier, assignee=world.leader, actor=world.leader, at=AT)


@pytest.mark.django_db
def test_the_assignment_ends_when_the_specialists_step_is_done() -> None:
    world = build_world()
    dossier = at_appraisal(world)
    dossier = dossier_assign(
        dossier=dossier, assignee=world.specialist, actor=world.leader, at=AT + timedelta(hours=1)
    )

    done = dossier_transition(
        dossier=dossier,
        action="complete_step",
        actor=world.specialist,
        at=AT + timedelta(hours=2),
    )

    assert done.current_role == Role.LEADER
    assert Dossier.objects.get(pk=dossier.pk).assignee is None


@pytest.mark.django_db
def test_no_assignment_once_the_result_is_ready() -> None:
    world = build_world()
    dossier = at_appraisal(world)
    for actor, hours in ((world.specialist, 1), (world.leader, 2)):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(hours=hours)
        )
    assert dossier.status == "result_ready"

    with pytest.raises(TransitionNotAllowed):
        dossier_assign(dossier=dossier, assignee=world.specialist, actor=world.leader, at=AT)
