from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.core.errors import NotFound
from motcua.dossiers.selectors import (
    dossier_get_for,
    dossier_public_status,
    dossiers_visible_to,
    work_queue,
)
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, build_world, submit

pytestmark = pytest.mark.django_db


def test_visibility_by_agency_applicant_and_superuser() -> None:
    world = build_world()
    dossier = submit(world).dossier
    world.outsider.is_superuser = True
    world.outsider.save()
    on = AT.date()

    assert list(dossiers_visible_to(user=world.receiver, on=on)) == [dossier]
    assert list(dossiers_visible_to(user=world.specialist, on=on)) == [dossier]
    assert list(dossiers_visible_to(user=world.applicant_user, on=on)) == [dossier]
    assert list(dossiers_visible_to(user=world.outsider, on=on)) == [dossier]
    assert not dossiers_visible_to(user=AnonymousUser(), on=on).exists()


def test_officer_of_another_agency_gets_not_found() -> None:
    world = build_world()
    dossier = submit(world).dossier

    with pytest.raises(NotFound) as caught:
        dossier_get_for(user=world.outsider, code=dossier.code, on=AT.date())

    assert dossier.code in caught.value.message
    assert dossier_get_for(user=world.leader, code=dossier.code, on=AT.date()) == dossier


def test_public_status_has_no_personal_data() -> None:
    world = build_world()
    dossier = submit(world).dossier

    found = dossier_public_status(code=dossier.code)

    assert found.status_label == "Đã tiếp nhận"
    assert found.receiving_unit == world.unit.name
    assert found.due_at == dossier.due_at
    assert world.applicant.name not in repr(found)
    assert world.applicant.personal_id not in repr(found)
    with pytest.raises(NotFound):
        dossier_public_status(code="000.00.01.H26-260302-0099")


def test_work_queue_late_first_then_due_soonest_and_by_role() -> None:
    world = build_world()
    early = submit(world, at=AT - timedelta(days=7)).dossier  # late by now
    soon = submit(world, at=AT).dossier
    later = submit(world, at=AT + timedelta(days=1)).dossier
    moved = dossier_transition(dossier=later, action="complete_step", actor=world.receiver, at=AT)
    now = AT + timedelta(days=2)

    receiver_queue = list(work_queue(user=world.receiver, on=now))
    specialist_queue = list(work_queue(user=world.specialist, on=now))

    assert receiver_queue == [early, soon]
    assert specialist_queue == [moved]
    assert list(work_queue(user=world.outsider, on=now)) == []
