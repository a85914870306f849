from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from motcua.backoffice import selectors
from motcua.backoffice.presenters import count_capped
from motcua.backoffice.selectors import QueueCursor, officer_queue
from motcua.dossiers.models import DossierApology
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.tests.factories import AT, build_world, submit

pytestmark = pytest.mark.django_db


def test_the_queue_pages_by_cursor_in_the_work_queue_s_order() -> None:
    world = build_world()
    dossiers = [submit(world, at=AT + timedelta(hours=h)).dossier for h in (0, 5, 5, 30, 80)]
    dossiers[3].marked_late = True
    dossiers[3].save()
    dossiers[4].due_at = None
    dossiers[4].save()
    now = AT + timedelta(days=2)
    expected = [d.code for d in work_queue(user=world.receiver, on=now)]

    walked: list[str] = []
    after: QueueCursor | None = None
    for _page in range(10):
        found = officer_queue(user=world.receiver, now=now, after=after, size=2)
        assert found.total == len(dossiers)
        walked += [d.code for d in found.dossiers]
        if found.next is None:
            break
        after = QueueCursor.decode(found.next.encode())

    assert walked == expected
    assert walked[0] == dossiers[3].code
    assert walked[-1] == dossiers[4].code
    assert len(set(walked)) == len(dossiers)


def test_a_leader_finds_the_apology_waiting_for_them_flagged_and_counted() -> None:
    world = build_world()
    waiting, other = submit(world).dossier, submit(world).dossier
    DossierApology.objects.create(
        dossier=waiting,
        drafted_at=AT,
        reason="Chậm do xác minh",
        original_due_at=AT + timedelta(days=3),
        proposed_due_at=AT + timedelta(days=5),
    )
    now = AT + timedelta(hours=1)

    found = officer_queue(user=world.leader, now=now)

    assert [(d.code, d.apology_pending) for d in found.dossiers] == [(waiting.code, True)]
    assert (found.total, found.late, found.next) == (1, 0, None)
    assert other.code not in {d.code for d in officer_queue(user=world.leader, now=now).dossiers}
    assert officer_queue(user=world.outsider, now=now).dossiers == []


def test_counts_past_the_cap_say_so() -> None:
    assert count_capped(1000, 1000) == "1000"
    assert count_capped(1001, 1000) == "1000+"


def test_the_queue_page_answers_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    world = build_world()
    now = timezone.now()
    codes = [submit(world, at=now - timedelta(hours=h)).dossier.code for h in range(6)]
    client.force_login(world.receiver)
    client.get("/can-bo/ho-so/")  # the session's first read of the user's settings

    # A fixed number, whatever the rows: the session, the user, the second-factor device, the
    # officer's role periods (read once for the access check, the page and its menu), the page's
    # keys, its rows with their flags, the capped counts, the postal returns, the step names (one
    # version here) and, for this one-stop officer, the menu's read of their counter unit.
    with django_assert_max_num_queries(10):
        first = client.get("/can-bo/ho-so/", {"trang_thai": "received"})
    body = first.content.decode()

    assert all(code in body for code in codes)
    assert "6</span>" in body  # the count of the list


def test_the_queue_s_statements_are_built_once_for_an_officer_and_bound_on_every_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = build_world()
    dossiers = [submit(world, at=AT + timedelta(hours=h)).dossier for h in range(3)]
    first = officer_queue(user=world.receiver, now=AT + timedelta(hours=4))

    def built_again(*_args: object) -> None:
        raise AssertionError

    for name in ("_keys_statement", "_rows_statement", "_counts_statement"):
        monkeypatch.setattr(selectors, name, built_again)
    # Days later, every dossier is late: the same statements, the later moment bound in them.
    later = officer_queue(user=world.receiver, now=AT + timedelta(days=30))

    assert [d.code for d in first.dossiers] == [d.code for d in later.dossiers]
    assert {d.code for d in later.dossiers} == {d.code for d in dossiers}
    then = work_queue(user=world.receiver, on=AT + timedelta(hours=4))
    late_then = sum(bool(getattr(dossier, "late")) for dossier in then)  # noqa: B009 - annotated
    assert (first.late, later.late, later.total) == (late_then, 3, 3)
    assert first.late < later.late
    assert [d.late for d in later.dossiers] == [True, True, True]


#: psycopg keeps the parsed form of a statement of at most this many parameters; it parses a
#: longer one again on every run.
PSYCOPG_KEPT_PARAMETERS = 50


def test_no_statement_of_a_full_queue_page_binds_more_than_psycopg_keeps_parsed(
    client: Client,
) -> None:
    world = build_world()
    now = timezone.now()
    for hours in range(28):  # more than a page (25)
        submit(world, at=now - timedelta(hours=hours))
    client.force_login(world.receiver)
    bound: list[int] = []

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        bound.append(len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = client.get("/can-bo/ho-so/")

    assert response.status_code == 200
    assert response.content.decode().count('<td data-label="Mã hồ sơ">') == 25
    assert 0 < max(bound) <= PSYCOPG_KEPT_PARAMETERS, bound


def test_the_counts_are_kept_for_the_officer_s_roles_and_filters_until_they_expire() -> None:
    world = build_world()
    submit(world)
    submit(world)
    now = AT + timedelta(hours=1)
    first = officer_queue(user=world.receiver, now=now)
    submit(world)

    within = officer_queue(user=world.receiver, now=now + timedelta(seconds=29))
    filtered = officer_queue(
        user=world.receiver, now=now + timedelta(seconds=29), status="received"
    )
    expired = officer_queue(user=world.receiver, now=now + timedelta(seconds=30))

    assert (first.total, first.counted_at) == (2, now)
    # The rows are read on every page; the counts are those of 29 seconds ago.
    assert (len(within.dossiers), within.total, within.counted_at) == (3, 2, now)
    assert (filtered.total, filtered.counted_at) == (3, now + timedelta(seconds=29))
    assert (expired.total, expired.counted_at) == (3, now + timedelta(seconds=30))


def test_counts_made_before_the_officer_acted_are_made_again() -> None:
    world = build_world()
    submit(world)
    now = AT + timedelta(hours=1)
    officer_queue(user=world.receiver, now=now)
    submit(world)

    kept = officer_queue(
        user=world.receiver,
        now=now + timedelta(seconds=5),
        counted_after=now - timedelta(seconds=1),
    )
    fresh = officer_queue(
        user=world.receiver,
        now=now + timedelta(seconds=5),
        counted_after=now + timedelta(seconds=1),
    )

    assert (kept.total, kept.counted_at) == (1, now)
    assert (fresh.total, fresh.counted_at) == (2, now + timedelta(seconds=5))


def test_an_officer_of_other_roles_is_not_given_another_s_kept_counts() -> None:
    world = build_world()
    submit(world)
    now = AT + timedelta(hours=1)

    receiver = officer_queue(user=world.receiver, now=now)
    specialist = officer_queue(user=world.specialist, now=now)
    leader = officer_queue(user=world.leader, now=now)

    # At reception the dossier is the receiver's only.
    assert (receiver.total, specialist.total, leader.total) == (1, 0, 0)
