"""Apology approval (form 04, once), consultations of other agencies, and version migration."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.actors import system_actor
from motcua.accounts.models import Role, User
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.calendar.rules import MAX_WORKING_DAYS
from motcua.catalog.services import procedure_version_new_draft, procedure_version_publish
from motcua.catalog.tests.factories import published_version
from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation, DossierEvent
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.services import (
    ActorNotAllowed,
    dossier_transition,
    dossiers_migrate_version,
)
from motcua.dossiers.sla import dossier_sla_sweep
from motcua.dossiers.tests.factories import AT, STEPS, World, build_world, submit
from motcua.dossiers.workflow import TransitionNotAllowed

pytestmark = pytest.mark.django_db
HN = ZoneInfo("Asia/Ho_Chi_Minh")


def hn(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HN)


@pytest.fixture
def world() -> World:
    return build_world()


def drafted(world: World) -> Dossier:
    dossier = submit(world).dossier
    dossier_sla_sweep(now=hn(2026, 3, 4, 8, 0))
    return Dossier.objects.get(pk=dossier.pk)


def test_apology_approve_sets_the_new_due_once(world: World) -> None:
    dossier = drafted(world)

    moved = dossier_transition(
        dossier=dossier,
        action="apology_approve",
        actor=world.leader,
        at=hn(2026, 3, 4, 9, 0),
        reasons=["Chờ xác minh nơi cư trú"],
    )

    assert moved.due_at == hn(2026, 3, 10, 17, 0)
    assert moved.rescheduled_once
    [apology] = DossierApology.objects.filter(dossier=dossier)
    assert apology.approved_by == world.leader
    assert apology.reason == "Chờ xác minh nơi cư trú"
    event = DossierEvent.objects.filter(dossier=dossier, action="apology_approve").get()
    assert event.due_before == hn(2026, 3, 5, 17, 0)
    assert event.due_after == hn(2026, 3, 10, 17, 0)
    assert event.to_status == event.from_status
    with pytest.raises(TransitionNotAllowed, match="chỉ được hẹn lại một lần"):
        dossier_transition(
            dossier=moved,
            action="apology_approve",
            actor=world.leader,
            at=hn(2026, 3, 4, 10, 0),
            reasons=["Lần nữa"],
            new_due_on=date(2026, 3, 20),
        )
    assert Dossier.objects.get(pk=dossier.pk).due_at == hn(2026, 3, 10, 17, 0)


def test_apology_approve_refusals(world: World) -> None:
    dossier = drafted(world)
    at = hn(2026, 3, 4, 9, 0)
    with pytest.raises(ActorNotAllowed):
        dossier_transition(
            dossier=dossier, action="apology_approve", actor=world.specialist, at=at, reasons=["x"]
        )
    with pytest.raises(ValidationFailed) as missing:
        dossier_transition(dossier=dossier, action="apology_approve", actor=world.leader, at=at)
    assert missing.value.problems[0].path == "reasons"
    with pytest.raises(ValidationFailed) as saturday:
        dossier_transition(
            dossier=dossier,
            action="apology_approve",
            actor=world.leader,
            at=at,
            reasons=["x"],
            new_due_on=date(2026, 3, 7),
        )
    assert saturday.value.problems[0].path == "new_due_on"
    with pytest.raises(ValidationFailed, match="Ngày hẹn"):
        dossier_transition(
            dossier=dossier,
            action="apology_approve",
            actor=world.leader,
            at=at,
            reasons=["x"],
            new_due_on=date(2026, 3, 4),
        )
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled_once


def test_at_most_one_approved_apology_per_dossier(world: World) -> None:
    dossier = drafted(world)
    dossier_transition(
        dossier=dossier, action="apology_approve", actor=world.leader, at=AT, reasons=["x"]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierApology.objects.create(
            dossier=dossier,
            drafted_at=AT,
            reason="x",
            original_due_at=AT,
            proposed_due_at=AT,
            approved_at=AT,
        )


def at_step_two(world: World) -> Dossier:
    dossier = submit(world).dossier
    return dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=hn(2026, 3, 2, 9, 10)
    )


def test_consultations_each_with_own_due_and_answered_once(world: World) -> None:
    dossier = at_step_two(world)
    tax = AgencyFactory.create(code="000.00.31.H26", name="Thuế cơ sở thử")
    officer = UserFactory.create()
    RoleAssignmentFactory.create(user=officer, agency=tax, role=Role.SPECIALIST)
    from motcua.calendar.services import calendar_day_set

    calendar_day_set(
        day=date(2026, 3, 3),
        kind="holiday",
        name="Nghỉ riêng",
        source="Thử",
        at=AT,
        actor="test",
        agency_code=tax.code,
    )

    dossier = dossier_transition(
        dossier=dossier,
        action="consult_request",
        actor=world.specialist,
        at=hn(2026, 3, 2, 9, 20),
        agencies=["000.00.99.H26", tax.code],
        working_days=1,
    )

    dues = dict(DossierConsultation.objects.values_list("agency__code", "due_at"))
    assert dues == {"000.00.99.H26": hn(2026, 3, 3, 17, 0), tax.code: hn(2026, 3, 4, 17, 0)}
    assert Dossier.objects.get(pk=dossier.pk).consultations_open == 2
    assert dossier_get_visible(officer, dossier)
    # The wrong agency may not answer.
    with pytest.raises(ActorNotAllowed):
        dossier_transition(
            dossier=dossier, action="consult_answer", actor=world.leader, at=AT, note="Đồng ý"
        )
    # Completing the step waits for agencies still within their due moment.
    with pytest.raises(TransitionNotAllowed, match="đang chờ ý kiến phối hợp"):
        dossier_transition(
            dossier=dossier, action="complete_step", actor=world.specialist, at=hn(2026, 3, 2, 10)
        )
    dossier = dossier_transition(
        dossier=dossier,
        action="consult_answer",
        actor=officer,
        at=hn(2026, 3, 2, 11, 0),
        note="Không còn nợ thuế",
    )
    answered = DossierConsultation.objects.get(agency=tax)
    assert answered.answer == "Không còn nợ thuế"
    assert Dossier.objects.get(pk=dossier.pk).consultations_open == 1
    assert answered.answered_by == officer
    with pytest.raises(TransitionNotAllowed, match="chỉ trả lời một lần"):
        dossier_transition(
            dossier=dossier, action="consult_answer", actor=officer, at=AT, note="Lại"
        )
    # The other agency is late after Tuesday 17:00: the holder may move on without it.
    moved = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.specialist, at=hn(2026, 3, 3, 17, 1)
    )
    assert moved.current_step == 3


def dossier_get_visible(user: User, dossier: Dossier) -> bool:
    return dossiers_visible_to(user=user, on=date(2026, 3, 2)).filter(pk=dossier.pk).exists()


def test_consult_request_refusals_write_nothing(world: World) -> None:
    dossier = at_step_two(world)
    with pytest.raises(ValidationFailed) as error:
        dossier_transition(
            dossier=dossier,
            action="consult_request",
            actor=world.specialist,
            at=AT,
            agencies=["999.99.99.H99", world.competent.code],
            working_days=0,
        )
    paths = {p.path for p in error.value.problems}
    assert paths == {"working_days", "agencies[0]", "agencies[1]"}
    with pytest.raises(ActorNotAllowed):
        dossier_transition(
            dossier=dossier,
            action="consult_request",
            actor=world.receiver,
            at=AT,
            agencies=["000.00.99.H26"],
            working_days=2,
        )
    assert not DossierConsultation.objects.exists()


def new_version(world: World) -> int:
    draft = procedure_version_new_draft(procedure=world.version.procedure, at=AT, actor="test")
    return procedure_version_publish(
        version=draft, at=AT, actor="test", valid_from=date(2026, 6, 1)
    ).pk


def test_migrate_dry_run_then_real_run(world: World) -> None:
    first = submit(world).dossier
    second = at_step_two(world)
    done = submit(world).dossier
    dossier_transition(dossier=done, action="withdraw", actor=world.receiver, at=AT)
    target = new_version(world)
    from motcua.catalog.models import ProcedureVersion

    to_version = ProcedureVersion.objects.get(pk=target)
    plan = dossiers_migrate_version(
        from_version=world.version,
        to_version=to_version,
        step_map={1: 1, 2: 3},
        actor=system_actor("test"),
        at=AT,
        dry_run=True,
    )
    assert [(m.code, m.from_step, m.to_step) for m in plan.moves] == [
        (first.code, 1, 1),
        (second.code, 2, 3),
    ]
    assert Dossier.objects.filter(procedure_version=to_version).count() == 0

    seen: list[tuple[int, int]] = []
    dossiers_migrate_version(
        from_version=world.version,
        to_version=to_version,
        step_map={1: 1, 2: 3},
        actor=system_actor("test"),
        at=AT,
        progress=lambda done, total: seen.append((done, total)),
    )
    moved = Dossier.objects.get(pk=second.pk)
    assert moved.procedure_version_id == target
    assert moved.current_step == 3
    assert moved.version == second.version + 1
    assert Dossier.objects.get(pk=done.pk).procedure_version_id == world.version.pk
    assert DossierEvent.objects.filter(action="migrate").count() == 2
    assert AuditEntry.objects.filter(action="dossier.migrate").count() == 2
    assert seen == [(2, 2)]


def test_migrate_refuses_unmapped_steps_and_other_procedures(world: World) -> None:
    first = submit(world).dossier
    second = at_step_two(world)
    target = new_version(world)
    other = published_version(national_code="1.000001", steps=STEPS, processing_time_value=3)
    from motcua.catalog.models import ProcedureVersion

    with pytest.raises(ValidationFailed) as unmapped:
        dossiers_migrate_version(
            from_version=world.version,
            to_version=ProcedureVersion.objects.get(pk=target),
            step_map={1: 1},
            actor=system_actor("test"),
            at=AT,
        )
    assert second.code in unmapped.value.problems[0].message
    assert first.code not in unmapped.value.problems[0].message
    with pytest.raises(ValidationFailed, match="Không chuyển hồ sơ nào") as foreign:
        dossiers_migrate_version(
            from_version=world.version,
            to_version=other,
            step_map={1: 1, 2: 2},
            actor=system_actor("t"),
            at=AT,
        )
    assert first.code in foreign.value.problems[0].message
    assert not DossierEvent.objects.filter(action="migrate").exists()


def test_migrate_command_dry_run_and_refusal(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = at_step_two(world)
    target = new_version(world)
    source = str(world.version.pk)

    call_command(
        "dossiers", "migrate", "--from", source, "--to", str(target), "--map", "2=2", "--dry-run"
    )
    out = capsys.readouterr().out
    assert f"{dossier.code}: bước 2 → 2" in out
    assert "Chạy thử" in out
    assert Dossier.objects.get(pk=dossier.pk).procedure_version_id == world.version.pk

    with pytest.raises(CommandError, match=dossier.code):
        call_command("dossiers", "migrate", "--from", source, "--to", str(target), "--map", "1=1")
    call_command("dossiers", "migrate", "--from", source, "--to", str(target), "--map", "2=2")
    assert "Đã chuyển 1/1 hồ sơ" in capsys.readouterr().out
    assert Dossier.objects.get(pk=dossier.pk).procedure_version_id == target


def client_for(user: User) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_consult_request_and_apology_approve(world: World) -> None:
    dossier = at_step_two(world)
    url = f"/api/v1/dossiers/{dossier.code}/actions/"

    asked = client_for(world.specialist).post(
        url,
        {"action": "consult_request", "agencies": ["000.00.99.H26"], "working_days": 2},
        format="json",
    )
    assert asked.status_code == 200, asked.json()
    assert DossierConsultation.objects.filter(dossier=dossier).count() == 1
    bad = client_for(world.specialist).post(
        url, {"action": "consult_request", "agencies": [], "working_days": "hai"}, format="json"
    )
    assert bad.status_code == 400

    dossier_sla_sweep(now=hn(2026, 3, 4, 8, 0))
    leader = client_for(world.leader)
    approved = leader.post(
        url,
        {
            "action": "apology_approve",
            "reasons": ["Chờ ý kiến phối hợp"],
            "new_due_on": "2026-03-12",
        },
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert datetime.fromisoformat(approved.json()["due_at"]) == hn(2026, 3, 12, 17, 0)
    again = leader.post(
        url,
        {"action": "apology_approve", "reasons": ["Lần hai"], "new_due_on": "2026-03-20"},
        format="json",
    )
    assert again.status_code == 409
    assert "chỉ được hẹn lại một lần" in str(again.json())


def test_consult_request_over_the_longest_time_limit_is_refused_before_counting(
    world: World,
) -> None:
    dossier = at_step_two(world)
    started = time.monotonic()

    with pytest.raises(ValidationFailed) as error:
        dossier_transition(
            dossier=dossier,
            action="consult_request",
            actor=world.specialist,
            at=AT,
            agencies=["000.00.99.H26"],
            working_days=5_000_000,
        )

    assert time.monotonic() - started < 1
    assert [p.path for p in error.value.problems] == ["working_days"]
    assert str(MAX_WORKING_DAYS) in error.value.problems[0].message
    assert not DossierConsultation.objects.exists()


def test_an_online_dossier_is_due_by_the_online_term() -> None:
    # given three working days, two online (Monday 2 March 2026, 09:00)
    world = build_world(
        channels=["direct", "online"],
        processing_terms=[{"value": 2, "unit": "working_days", "channel": "online"}],
    )

    online = submit(world, channel="online", receiving_unit=None, actor=world.applicant_user)
    counter = submit(world)

    # then online ends on Wednesday 4 March, at the counter on Thursday 5 March, 17:00
    assert online.dossier.due_at == hn(2026, 3, 4, 17, 0)
    assert counter.dossier.due_at == hn(2026, 3, 5, 17, 0)
