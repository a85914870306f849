from datetime import date

import pytest

from motcua.accounts.models import Role, RoleAssignment
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.dossiers.routing import agency_administrators, queue_holders
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.notifications.services import SEND_TOPIC

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def test_an_online_dossier_is_in_the_queue_of_the_one_stop_officer_serving_the_agency() -> None:
    world = build_world()

    dossier = submit(world, channel="online", receiving_unit=None, actor=None).dossier

    assert dossier.current_agency == world.centre
    assert dossier.current_role == Role.ONE_STOP_OFFICER
    assert list(queue_holders(dossier=dossier, on=DAY)) == [world.receiver]
    assert list(work_queue(user=world.receiver, on=AT)) == [dossier]
    assert not work_queue(user=world.specialist, on=AT).exists()
    # Somebody holds it: no alert.
    assert not AuditEntry.objects.filter(action="dossier.unreached").exists()


def test_an_agency_without_a_receiving_officer_still_gets_the_dossier_and_its_admin_is_alerted() -> (
    None
):
    world = build_world()
    RoleAssignment.objects.filter(user=world.receiver).delete()
    admin = UserFactory.create(email="quantri.xa@motcua.example", full_name="Đỗ Văn Quản")
    RoleAssignmentFactory.create(user=admin, agency=world.centre, role=Role.ADMINISTRATOR)

    dossier = submit(world, channel="online", receiving_unit=None, actor=None).dossier

    # Accepted into the centre's queue, where an officer assigned later finds it.
    assert dossier.pk is not None
    assert (dossier.current_agency, dossier.current_role) == (world.centre, "one_stop_officer")
    assert not queue_holders(dossier=dossier, on=DAY).exists()
    audit = AuditEntry.objects.get(action="dossier.unreached", object_id=dossier.code)
    assert audit.data == {
        "agency": world.centre.code,
        "role": Role.ONE_STOP_OFFICER,
        "administrators": [admin.pk],
    }
    alert = OutboxMessage.objects.get(topic=SEND_TOPIC, key__startswith="dossier.unreached:")
    assert alert.payload["recipient"] == "quantri.xa@motcua.example"
    assert alert.payload["template"] == "agency_without_receiver"
    assert alert.payload["context"]["agency"] == world.centre.name
    assert alert.payload["dossier_code"] == dossier.code

    late = UserFactory.create()
    RoleAssignmentFactory.create(user=late, agency=world.centre, role=Role.ONE_STOP_OFFICER)
    assert list(work_queue(user=late, on=AT)) == [dossier]


def test_administrators_are_looked_for_up_the_agencies_then_in_the_province() -> None:
    world = build_world()
    assert agency_administrators(agency=world.competent, on=DAY) == []

    provincial = UserFactory.create()
    RoleAssignmentFactory.create(
        user=provincial,
        agency__administrative_unit=world.commune.parent,
        role=Role.ADMINISTRATOR,
    )
    assert agency_administrators(agency=world.competent, on=DAY) == [provincial]

    own = UserFactory.create()
    world.competent.parent = world.centre
    world.competent.save()
    RoleAssignmentFactory.create(user=own, agency=world.centre, role=Role.ADMINISTRATOR)
    assert agency_administrators(agency=world.competent, on=DAY) == [own]
