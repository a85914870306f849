"""Phân công xử lý in the back office: the named specialist's queue, the form on the dossier page."""

from datetime import timedelta

import pytest
from django.test import Client

from motcua.backoffice.presenters import queue_rows
from motcua.backoffice.selectors import officer_queue
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_assign
from motcua.dossiers.tests.factories import AT, build_world
from motcua.dossiers.tests.test_assignment import at_appraisal, second_specialist


@pytest.mark.django_db
def test_the_named_specialist_finds_the_dossier_first_the_others_in_the_queues_order() -> None:
    world = build_world()
    named = second_specialist(world)
    sooner = at_appraisal(world)
    later = at_appraisal(world, minutes=60)
    dossier_assign(dossier=later, assignee=named, actor=world.leader, at=AT + timedelta(hours=2))
    now = AT + timedelta(hours=3)

    mine = officer_queue(user=named, now=now).dossiers
    theirs = officer_queue(user=world.specialist, now=now).dossiers

    assert [d.code for d in mine] == [later.code, sooner.code]
    assert [d.code for d in theirs] == [sooner.code, later.code]
    assert [row.assigned_to_me for row in queue_rows(mine)] == [True, False]
    assert [row.assigned_to_me for row in queue_rows(theirs)] == [False, False]


@pytest.mark.django_db
def test_the_leader_names_the_specialist_from_the_dossier_page() -> None:
    world = build_world()
    named = second_specialist(world)
    dossier = at_appraisal(world)
    leader = Client()
    leader.force_login(world.leader)

    page = leader.get(f"/can-bo/ho-so/{dossier.code}/")
    choices = page.context["assignment"].choices
    answer = leader.post(f"/can-bo/ho-so/{dossier.code}/phan-cong/", {"assignee": named.pk})

    assert {pk for pk, _name in choices} == {world.specialist.pk, named.pk}
    assert answer.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).assignee == named
    shown = leader.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Chuyên viên được phân công: Trần Văn Bình" in shown


@pytest.mark.django_db
def test_a_specialist_sees_no_assignment_form_and_cannot_post_one() -> None:
    world = build_world()
    dossier = at_appraisal(world)
    specialist = Client()
    specialist.force_login(world.specialist)

    page = specialist.get(f"/can-bo/ho-so/{dossier.code}/")
    specialist.post(f"/can-bo/ho-so/{dossier.code}/phan-cong/", {"assignee": world.specialist.pk})

    assert page.context["assignment"].choices == []
    assert Dossier.objects.get(pk=dossier.pk).assignee is None
