"""The reform team's scope: its agencies and those under them, enforced by lists and by services."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from motcua.accounts.models import Agency, AgencyKind, Role, User
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.core.errors import NotFound, ValidationFailed
from motcua.core.models import AuditEntry
from motcua.reform.models import InternalProcedure, ReformTask
from motcua.reform.permissions import ReformScope, reform_object_get, reform_scope
from motcua.reform.services import (
    internal_procedures_import,
    task_complete,
    task_create,
    task_extend,
)

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


@dataclass
class World:
    city: Agency
    finance: Agency
    ward: Agency
    ward_body: Agency
    city_team: User
    ward_team: User
    specialist: User
    task: ReformTask


def _world() -> World:
    city = AgencyFactory.create(name="UBND Thành phố", kind=AgencyKind.PROVINCIAL_PEOPLES_COMMITTEE)
    finance = AgencyFactory.create(name="Sở Tài chính", parent=city)
    ward = AgencyFactory.create(name="UBND Phường", kind=AgencyKind.COMMUNE_PEOPLES_COMMITTEE)
    ward_body = AgencyFactory.create(name="Ban Chỉ huy quân sự Phường", parent=ward)
    city_team = UserFactory.create()
    RoleAssignmentFactory.create(user=city_team, agency=city, role=Role.REFORM_TEAM)
    ward_team = UserFactory.create()
    RoleAssignmentFactory.create(user=ward_team, agency=ward, role=Role.REFORM_TEAM)
    specialist = UserFactory.create()
    RoleAssignmentFactory.create(user=specialist, agency=city, role=Role.SPECIALIST)
    task = task_create(
        title="Trình phương án",
        agency=finance,
        deadline=date(2026, 6, 30),
        source="",
        scope=ReformScope.everything(),
        actor="t",
        at=AT,
    )
    return World(city, finance, ward, ward_body, city_team, ward_team, specialist, task)


def test_a_team_acts_for_its_agency_and_those_under_it() -> None:
    w = _world()

    city = reform_scope(user=w.city_team, on=TODAY)
    ward = reform_scope(user=w.ward_team, on=TODAY)
    none = reform_scope(user=w.specialist, on=TODAY)

    assert city.agency_ids == frozenset({w.city.pk, w.finance.pk})
    assert ward.agency_ids == frozenset({w.ward.pk, w.ward_body.pk})
    assert none.agency_ids == frozenset()
    assert list(city.tasks()) == [w.task]
    assert not ward.tasks().exists()


def test_services_refuse_another_agencys_task_whoever_calls_them() -> None:
    w = _world()
    task = w.task
    ward = reform_scope(user=w.ward_team, on=TODAY)

    with pytest.raises(NotFound):
        task_complete(task=task, done_on=TODAY, scope=ward, actor="t", at=AT)
    with pytest.raises(NotFound):
        task_extend(
            task=task,
            new_deadline=date(2027, 1, 1),
            reason="x",
            decided_on=TODAY,
            scope=ward,
            actor="t",
            at=AT,
        )
    with pytest.raises(ValidationFailed) as refused:
        task_create(
            title="Lạ",
            agency=w.finance,
            deadline=date(2026, 6, 30),
            source="",
            scope=ward,
            actor="t",
            at=AT,
        )

    assert [p.path for p in refused.value.problems] == ["agency"]
    task.refresh_from_db()
    assert task.done_on is None
    assert task.deadline == date(2026, 6, 30)
    assert ReformTask.objects.count() == 1


def test_a_refused_read_is_audited_on_the_readers_chain() -> None:
    w = _world()
    ward_team = w.ward_team
    ward = reform_scope(user=ward_team, on=TODAY)

    with pytest.raises(NotFound):
        reform_object_get(objects=ward.tasks(), pk=w.task.pk, user=ward_team, at=AT)

    entry = AuditEntry.objects.get(action="reform.reformtask.denied")
    assert entry.chain == f"reads:user:{ward_team.pk}"


def test_a_team_imports_only_its_agencies_internal_procedures() -> None:
    w = _world()
    ward = reform_scope(user=w.ward_team, on=TODAY)

    def register(agency: Agency, code: str) -> bytes:
        row = {"code": code, "name": "Báo cáo", "agency_code": agency.code, "agency_name": "X"}
        return json.dumps({"procedures": [row]}).encode()

    internal_procedures_import(
        data=register(w.finance, "NB-1"),
        filename="a.json",
        scope=ReformScope.everything(),
        actor="t",
        at=AT,
    )
    with pytest.raises(ValidationFailed) as foreign:
        internal_procedures_import(
            data=register(w.finance, "NB-2"), filename="b.json", scope=ward, actor="t", at=AT
        )
    with pytest.raises(ValidationFailed) as takeover:
        internal_procedures_import(
            data=register(w.ward, "NB-1"), filename="c.json", scope=ward, actor="t", at=AT
        )
    internal_procedures_import(
        data=register(w.ward, "NB-3"), filename="d.json", scope=ward, actor="t", at=AT
    )

    assert [p.path for p in foreign.value.problems] == ["procedures[0].agency_code"]
    assert [p.path for p in takeover.value.problems] == ["procedures[0].agency_code"]
    assert dict(InternalProcedure.objects.values_list("code", "agency_code")) == {
        "NB-1": w.finance.code,
        "NB-3": w.ward.code,
    }
