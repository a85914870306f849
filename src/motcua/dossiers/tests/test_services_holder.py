"""The services keep ``current_role``, ``current_agency`` and ``last_event_seq`` right on the row.

The work queue reads only these columns, so after every kind of change the row must say who acts
now: the role of the current step, in the receiving agency for the one-stop officer's steps and in
the competent agency for the others.
"""

import importlib
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.utils.safestring import mark_safe
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.actors import system_actor
from motcua.accounts.models import Role
from motcua.calendar.selectors import working_calendar_cache_clear
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import procedure_version_new_draft, procedure_version_publish
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.services import dossier_transition, dossiers_migrate_version
from motcua.dossiers.step_context import StepContext
from motcua.dossiers.step_effects import complete_step_effects
from motcua.dossiers.tests.factories import AT, World, build_world, submit

pytestmark = pytest.mark.django_db


def holder(dossier: Dossier) -> tuple[str, int | None, int]:
    row = Dossier.objects.get(pk=dossier.pk)
    return row.current_role, row.current_agency_id, row.last_event_seq


def last_seq(dossier: Dossier) -> int:
    return int(DossierEvent.objects.filter(dossier=dossier).aggregate(m=Max("seq"))["m"])


def test_submit_and_every_complete_step_name_who_acts() -> None:
    world = build_world()
    dossier = submit(world).dossier
    assert holder(dossier) == (Role.ONE_STOP_OFFICER, world.centre.pk, 1)

    expected = [
        (world.receiver, (Role.SPECIALIST, world.competent.pk, 2)),
        (world.specialist, (Role.LEADER, world.competent.pk, 3)),
        (world.leader, (Role.ONE_STOP_OFFICER, world.centre.pk, 4)),
        (world.receiver, ("", None, 5)),
    ]
    for n, (actor, after) in enumerate(expected, start=1):
        dossier = dossier_transition(
            dossier=dossier, action="complete_step", actor=actor, at=AT + timedelta(minutes=n)
        )
        assert holder(dossier) == after
        assert last_seq(dossier) == after[2]


def test_supplement_round_keeps_the_step_holder() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )
    dossier = dossier_transition(
        dossier=dossier,
        action="request_supplement",
        actor=world.specialist,
        at=AT + timedelta(hours=1),
        reasons=["Thiếu giấy tờ"],
    )
    assert holder(dossier) == (Role.SPECIALIST, world.competent.pk, 3)
    assert list(work_queue(user=world.specialist, on=AT + timedelta(hours=2))) == []

    dossier = dossier_transition(
        dossier=dossier,
        action="supplement",
        actor=world.applicant_user,
        at=AT + timedelta(days=1),
    )
    assert holder(dossier) == (Role.SPECIALIST, world.competent.pk, 4)
    assert last_seq(dossier) == 4
    assert list(work_queue(user=world.specialist, on=AT + timedelta(days=1))) == [dossier]


@pytest.mark.parametrize(
    ("action", "actor_name"),
    [("refuse", "receiver"), ("stop", "leader"), ("withdraw", "applicant_user")],
)
def test_closing_actions_leave_the_dossier_out_of_every_queue(action: str, actor_name: str) -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action=action, actor=getattr(world, actor_name), at=AT, reasons=["Lý do"]
    )
    assert holder(dossier)[2] == 2
    assert last_seq(dossier) == 2
    for user in (world.receiver, world.specialist, world.leader):
        assert list(work_queue(user=user, on=AT)) == []


def test_side_action_bumps_the_event_seq_only() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )
    dossier = dossier_transition(
        dossier=dossier,
        action="consult_request",
        actor=world.specialist,
        at=AT,
        agencies=["000.00.99.H26"],
        working_days=2,
    )
    assert holder(dossier) == (Role.SPECIALIST, world.competent.pk, 3)
    assert last_seq(dossier) == 3


def _new_version(world: World) -> ProcedureVersion:
    draft = procedure_version_new_draft(procedure=world.version.procedure, at=AT, actor="test")
    return procedure_version_publish(
        version=draft, at=AT, actor="test", valid_from=date(2026, 6, 1)
    )


def test_migrate_moves_the_holder_with_the_step() -> None:
    world = build_world()
    at_reception = submit(world).dossier
    in_appraisal = dossier_transition(
        dossier=submit(world).dossier, action="complete_step", actor=world.receiver, at=AT
    )
    target = _new_version(world)

    dossiers_migrate_version(
        from_version=world.version,
        to_version=target,
        step_map={1: 2, 2: 3},
        actor=system_actor("test"),
        at=AT,
    )

    assert holder(at_reception) == (Role.SPECIALIST, world.competent.pk, 2)
    assert holder(in_appraisal) == (Role.LEADER, world.competent.pk, 3)
    assert last_seq(in_appraisal) == 3
    # The next transition numbers its history row after the migration's.
    moved = dossier_transition(
        dossier=Dossier.objects.get(pk=in_appraisal.pk),
        action="complete_step",
        actor=world.leader,
        at=AT + timedelta(hours=1),
    )
    assert holder(moved) == (Role.ONE_STOP_OFFICER, world.centre.pk, 4)
    assert last_seq(moved) == 4


def test_migration_backfill_computes_the_columns_from_the_steps() -> None:
    world = build_world()
    at_reception = submit(world).dossier
    in_appraisal = dossier_transition(
        dossier=submit(world).dossier, action="complete_step", actor=world.receiver, at=AT
    )
    returned = submit(world).dossier
    for actor in (world.receiver, world.specialist, world.leader, world.receiver):
        returned = dossier_transition(
            dossier=returned, action="complete_step", actor=actor, at=AT + timedelta(hours=1)
        )
    expected = {d.pk: holder(d) for d in (at_reception, in_appraisal, returned)}
    Dossier.objects.update(current_role="", current_agency=None, last_event_seq=0)

    migration = importlib.import_module("motcua.dossiers.migrations.0003_work_queue_columns")
    with connection.cursor() as cursor:
        for statement in migration.BACKFILL:
            cursor.execute(statement)

    assert {pk: holder(Dossier(pk=pk)) for pk in expected} == expected


def test_a_transition_costs_a_bounded_number_of_statements(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    # An earlier test's calendar write, rolled back, leaves the process checking the token.
    working_calendar_cache_clear()
    world = build_world()
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT
    )
    # Savepoint, lock (the row alone: the caller's agencies and version are reused), role check,
    # update, history row, chain head, audit row, head update, outbox row, release (on PostgreSQL
    # the update goes with the history row, the head update and the outbox row with the audit
    # row): the steps and the calendar come from the process caches, and no consultation is open
    # to be read.
    with django_assert_max_num_queries(10) as captured:
        dossier_transition(dossier=dossier, action="complete_step", actor=world.specialist, at=AT)

    statements = [q["sql"] for q in captured.captured_queries]
    assert not any("dossierconsultation" in sql for sql in statements)
    (written,) = [sql for sql in statements if 'UPDATE "dossiers_dossier"' in sql]
    update = written[written.index('UPDATE "dossiers_dossier"') :]
    # Only the columns the hand-over changed are written, never the form data or the fee basis.
    for unchanged in ("form_data", "fee_basis", "form_provenance", "applicant_id", "code"):
        assert f'"{unchanged}"' not in update.split("WHERE")[0], unchanged
    for changed in ("current_step", "step_due_at", "current_role", "version", "last_event_seq"):
        assert f'"{changed}"' in update, changed


@pytest.mark.parametrize("value", ["đã xem", mark_safe("đã xem")])
def test_a_json_column_an_effect_changes_in_place_is_written(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    # A str subclass is a value the fast snapshot of JSON columns cannot carry; it must still be
    # told apart from the value read.
    world = build_world()
    dossier = submit(world).dossier

    def effects_that_note(context: StepContext) -> None:
        complete_step_effects(context)
        context.dossier.form_data.setdefault("ghi_chu", {})["tiep_nhan"] = value

    monkeypatch.setattr(
        "motcua.dossiers.services.transition.complete_step_effects", effects_that_note
    )
    dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)

    assert Dossier.objects.get(pk=dossier.pk).form_data["ghi_chu"] == {"tiep_nhan": "đã xem"}
