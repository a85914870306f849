from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierConsultation
from motcua.dossiers.selectors import (
    ListCursor,
    dossier_get_for,
    dossier_public_status,
    dossiers_filed_by,
    dossiers_visible_page,
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


def _all_pages(user: User, size: int, **filters: object) -> list[str]:
    codes: list[str] = []
    after: ListCursor | None = None
    for _page in range(20):
        page = dossiers_visible_page(
            user=user, on=AT.date(), filters=Q(**filters), after=after, size=size
        )
        assert len(page.dossiers) <= size
        codes += [d.code for d in page.dossiers]
        if page.next is None:
            return codes
        after = ListCursor.decode(page.next.encode())
    raise AssertionError("the pages never ended")


def test_visible_page_walks_the_same_dossiers_as_the_visibility_rule() -> None:
    world = build_world()
    # Two at the same moment: the id breaks the tie, so none is lost or repeated across pages.
    dossiers = [submit(world, at=AT + timedelta(minutes=m)).dossier for m in (0, 1, 1, 2, 3)]
    DossierConsultation.objects.create(
        dossier=dossiers[2],
        agency=world.outsider.role_assignments.get().agency,
        requested_at=AT,
        due_at=AT + timedelta(days=3),
    )
    root = User.objects.create(username="root", is_superuser=True)

    for user in (world.receiver, world.specialist, world.outsider, world.applicant_user, root):
        expected = [
            d.code
            for d in dossiers_visible_to(user=user, on=AT.date()).order_by("-received_at", "-pk")
        ]
        assert expected, user
        for size in (1, 2, 10):
            assert _all_pages(user, size) == expected, (user, size)
    assert _all_pages(world.outsider, 1) == [dossiers[2].code]
    assert _all_pages(world.specialist, 2, pk__in=[dossiers[1].pk, dossiers[3].pk]) == [
        dossiers[3].code,
        dossiers[1].code,
    ]
    assert Dossier.objects.count() == 5


def test_one_dossier_by_code_follows_the_same_rule_as_the_lists() -> None:
    """``dossier_get_for`` asks the rule of the row it read; the lists ask it in SQL."""
    world = build_world()
    dossiers = [submit(world, at=AT + timedelta(minutes=m)).dossier for m in (0, 1)]
    DossierConsultation.objects.create(
        dossier=dossiers[1],
        agency=world.outsider.role_assignments.get().agency,
        requested_at=AT,
        due_at=AT + timedelta(days=3),
    )
    root = User.objects.create(username="root", is_superuser=True)
    idle = User.objects.create(username="idle", is_active=False, is_superuser=True)
    users = (world.receiver, world.specialist, world.outsider, world.applicant_user, root, idle)

    seen: dict[bool, int] = {}
    for user in (*users, AnonymousUser()):
        for on in (AT.date(), AT.date() - timedelta(days=3650)):
            visible = set(dossiers_visible_to(user=user, on=on).values_list("code", flat=True))
            for dossier in dossiers:
                try:
                    dossier_get_for(user=user, code=dossier.code, on=on)
                except NotFound:
                    found = False
                else:
                    found = True
                assert found == (dossier.code in visible), (user, on, dossier.code)
                seen[found] = seen.get(found, 0) + 1
    assert seen == {True: 13, False: 15}


def test_filed_by_is_the_applicant_s_own_newest_first() -> None:
    world = build_world()
    older, newer = (submit(world, at=AT + timedelta(days=d)).dossier for d in (0, 1))

    assert list(dossiers_filed_by(user=world.applicant_user)) == [newer, older]
    assert not dossiers_filed_by(user=world.specialist).exists()  # they handle it, did not file it
    assert not dossiers_filed_by(user=AnonymousUser()).exists()


def test_list_cursor_refuses_what_it_did_not_write() -> None:
    cursor = ListCursor(received_at=AT, pk=7)

    assert ListCursor.decode(cursor.encode()) == cursor
    for bad in ("", "abc", "bm90LWEtY3Vyc29y", cursor.encode()[:-3]):
        with pytest.raises(ValueError, match=bad or "^$"):
            ListCursor.decode(bad)


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


def test_public_status_is_one_statement_with_every_field_as_the_rows_hold_it() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier.refresh_from_db()
    procedure = dossier.procedure_version.procedure
    procedure.local_suffix = "H26"
    procedure.save(update_fields=["local_suffix"])
    dossier_public_status(code=dossier.code)  # compiled once, as every later lookup finds it

    with CaptureQueriesContext(connection) as queries:
        found = dossier_public_status(code=f" {dossier.code.lower()} ")

    assert len(queries.captured_queries) == 1
    assert found.code == dossier.code
    assert found.status == dossier.status
    assert found.procedure_code == f"{procedure.national_code}.H26"
    assert found.procedure_name == dossier.procedure_version.name
    assert found.receiving_agency == dossier.receiving_agency.name
    assert found.competent_agency == dossier.competent_agency.name
    assert found.received_at == dossier.received_at
    assert found.received_at.tzinfo is not None
    assert found.closed_at is None


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


def test_a_visible_page_is_compiled_once_per_officer_and_kind_of_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = build_world()
    dossiers = [submit(world, at=AT + timedelta(minutes=m)).dossier for m in range(4)]
    first = dossiers_visible_page(user=world.specialist, on=AT.date(), size=2)
    assert first.next is not None
    dossiers_visible_page(user=world.specialist, on=AT.date(), after=first.next, size=2)

    def built_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError

    monkeypatch.setattr(selectors, "_page_keys_statement", built_again)
    monkeypatch.setattr(selectors, "_page_rows_statement", built_again)
    again = dossiers_visible_page(user=world.specialist, on=AT.date(), size=2)
    assert again.next is not None
    rest = dossiers_visible_page(user=world.specialist, on=AT.date(), after=again.next, size=2)

    newest_first = [d.code for d in reversed(dossiers)]
    assert [d.code for d in again.dossiers + rest.dossiers] == newest_first
    assert rest.next is None
    assert again.dossiers[0].procedure_version.procedure.code == world.version.procedure.code
