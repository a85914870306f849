from datetime import date
from typing import Any

import pytest

from motcua.catalog.models import LocalFeePolicy, ProcedureVersion, VersionStatus
from motcua.catalog.services import (
    local_fee_policy_set,
    procedure_draft_create,
    procedure_draft_update,
    procedure_version_new_draft,
    procedure_version_publish,
)
from motcua.catalog.tests.factories import ACTOR, AT, FieldFactory, draft_kwargs, published_version
from motcua.core.errors import Conflict, ValidationFailed
from motcua.core.models import AuditEntry


def paths(error: ValidationFailed) -> set[str]:
    return {problem.path for problem in error.problems}


@pytest.mark.django_db
def test_draft_create_writes_children_search_text_and_audit() -> None:
    FieldFactory.create()

    version = procedure_draft_create(**draft_kwargs())

    assert version.status == VersionStatus.DRAFT
    assert version.procedure.code == "1.001748"
    assert [c.code for c in version.components.order_by("order")] == ["to_khai", "giay_gioi_thieu"]
    assert version.steps.count() == 3
    assert version.fees.get().amount == 0
    assert "dang ky nghia vu quan su" in version.search_text
    assert "1.001748" in version.search_text
    assert AuditEntry.objects.filter(
        action="catalog.draft_created", object_id=str(version.pk)
    ).exists()


@pytest.mark.django_db
def test_step_minutes_over_the_statutory_time_are_refused() -> None:
    FieldFactory.create()
    steps: list[dict[str, Any]] = [
        {"name": "Tiếp nhận", "role": "one_stop_officer", "minutes": 240},
        {"name": "Thẩm định", "role": "specialist", "minutes": 241},
    ]

    with pytest.raises(ValidationFailed) as caught:
        procedure_draft_create(**draft_kwargs(steps=steps))

    assert paths(caught.value) == {"steps"}
    assert "481 phút" in caught.value.problems[0].message
    assert not ProcedureVersion.objects.exists()


@pytest.mark.django_db
def test_hours_unit_and_norm_longer_than_the_statutory_time_are_refused() -> None:
    FieldFactory.create()

    with pytest.raises(ValidationFailed) as caught:
        procedure_draft_create(
            **draft_kwargs(
                processing_time_value=4,
                processing_time_unit="working_hours",
                service_norm_value=5,
                steps=[{"name": "Ký", "role": "leader", "minutes": 300}],
            )
        )

    assert paths(caught.value) == {"service_norm", "steps"}


@pytest.mark.django_db
def test_every_bad_field_is_named_and_nothing_written() -> None:
    FieldFactory.create()
    components = [{"code": "x", "name": "Tờ khai", "kind": "form", "schema": {"type": 5}}]

    with pytest.raises(ValidationFailed) as caught:
        procedure_draft_create(
            **draft_kwargs(
                national_code="1.00A",
                levels=["county"],
                field_code="NOPE",
                components=components,
                fees=[{"kind": "fee", "name": "Phí", "amount": -1, "basis": "per_item"}],
            )
        )

    assert paths(caught.value) == {
        "national_code",
        "levels[0]",
        "field",
        "components[0].schema",
        "fees[0].amount",
        "fees[0].unit_name",
        "fees[0].item_input",
    }
    assert not ProcedureVersion.objects.exists()


@pytest.mark.django_db
def test_publish_sets_start_and_closes_the_previous_version() -> None:
    first = published_version(valid_from=date(2026, 1, 1))
    draft = procedure_version_new_draft(procedure=first.procedure, at=AT, actor=ACTOR)
    assert draft.number == 2
    assert draft.components.count() == first.components.count()

    second = procedure_version_publish(
        version=draft, at=AT, actor=ACTOR, valid_from=date(2026, 3, 1)
    )

    first.refresh_from_db()
    assert first.valid_to == date(2026, 3, 1)
    assert second.valid_from == date(2026, 3, 1)
    assert second.valid_to is None
    assert second.status == VersionStatus.PUBLISHED


@pytest.mark.django_db
def test_publish_defaults_to_the_local_date_of_at() -> None:
    FieldFactory.create()
    draft = procedure_draft_create(**draft_kwargs())

    version = procedure_version_publish(version=draft, at=AT, actor=ACTOR)

    assert version.valid_from == date(2026, 3, 2)


@pytest.mark.django_db
def test_published_version_is_immutable() -> None:
    version = published_version()

    with pytest.raises(Conflict, match="đã công bố"):
        procedure_draft_update(version=version, changes={"name": "Tên mới"}, at=AT, actor=ACTOR)
    with pytest.raises(Conflict, match="đã công bố"):
        procedure_version_publish(version=version, at=AT, actor=ACTOR)

    version.refresh_from_db()
    assert version.name == "Thủ tục đăng ký nghĩa vụ quân sự chuyển đến"


@pytest.mark.django_db
def test_draft_update_rewrites_children() -> None:
    FieldFactory.create()
    draft = procedure_draft_create(**draft_kwargs())

    procedure_draft_update(
        version=draft,
        changes={"name": "Tên mới", "steps": [{"name": "Ký", "role": "leader", "minutes": 10}]},
        at=AT,
        actor=ACTOR,
    )

    draft.refresh_from_db()
    assert draft.name == "Tên mới"
    assert list(draft.steps.values_list("minutes", flat=True)) == [10]
    assert "ten moi" in draft.search_text


@pytest.mark.django_db
def test_a_second_draft_and_a_duplicate_procedure_are_refused() -> None:
    FieldFactory.create()
    draft = procedure_draft_create(**draft_kwargs())

    with pytest.raises(Conflict):
        procedure_version_new_draft(procedure=draft.procedure, at=AT, actor=ACTOR)
    with pytest.raises(Conflict):
        procedure_draft_create(**draft_kwargs())


@pytest.mark.django_db
def test_publish_before_the_current_start_is_refused() -> None:
    first = published_version(valid_from=date(2026, 1, 1))
    draft = procedure_version_new_draft(procedure=first.procedure, at=AT, actor=ACTOR)

    with pytest.raises(ValidationFailed) as caught:
        procedure_version_publish(version=draft, at=AT, actor=ACTOR, valid_from=date(2026, 1, 1))

    assert paths(caught.value) == {"valid_from"}


@pytest.mark.django_db
def test_local_fee_policy_set_is_idempotent_and_closes_the_open_one() -> None:
    version = published_version()
    kwargs: dict[str, Any] = {
        "administrative_unit_code": "01",
        "procedure": version.procedure,
        "amount": 0,
        "decision_number": "12/2026/QĐ-UBND",
        "valid_from": date(2026, 1, 1),
        "at": AT,
        "actor": ACTOR,
    }
    first = local_fee_policy_set(**kwargs)
    again = local_fee_policy_set(**kwargs)
    assert first.pk == again.pk
    assert LocalFeePolicy.objects.count() == 1

    later = local_fee_policy_set(**{**kwargs, "amount": 5000, "valid_from": date(2026, 6, 1)})

    first.refresh_from_db()
    assert first.valid_to == date(2026, 6, 1)
    assert later.valid_to is None


@pytest.mark.django_db
def test_local_fee_policy_set_refuses_bad_input_naming_fields() -> None:
    with pytest.raises(ValidationFailed) as caught:
        local_fee_policy_set(
            administrative_unit_code="1",
            procedure=None,
            amount=-5,
            decision_number="",
            valid_from=date(2026, 1, 1),
            valid_to=date(2025, 1, 1),
            at=AT,
            actor=ACTOR,
        )

    assert paths(caught.value) == {
        "administrative_unit_code",
        "amount",
        "decision_number",
        "valid_to",
    }
