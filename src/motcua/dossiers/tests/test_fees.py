"""Fees in the walk: fixed at reception, required before processing or before return, recorded
when paid (with the receipt number), refunded when a paid dossier is refused."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from motcua.catalog.fee_rules import FeeInputs
from motcua.catalog.services import local_fee_policy_set
from motcua.core.errors import Conflict, Forbidden, ValidationFailed
from motcua.core.outbox import outbox_run_due
from motcua.dossiers.fees import (
    FeeNotPaid,
    dossier_counter_payment,
    dossier_fee_determine,
    dossier_fee_view,
    dossier_payment_start,
)
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.payments.models import PaymentMethod, PaymentStatus, Refund, RefundStatus
from motcua.payments.services import PaymentNotAllowed, payment_counter_record

pytestmark = pytest.mark.django_db

FEE: dict[str, Any] = {
    "kind": "fee",
    "name": "Phí thẩm định",
    "amount": 150_000,
    "basis": "fixed",
    "unit_name": "",
    "exempt_groups": [],
    "note": "",
}


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _pay(world: World, dossier: Dossier) -> None:
    payment_counter_record(
        reference=dossier.code,
        amount=dossier.fee_amount,
        method=PaymentMethod.COUNTER_CASH,
        payer_name=world.applicant.name,
        agency_code=dossier.receiving_agency.code,
        agency_name=dossier.receiving_agency.name,
        description="Phí thẩm định",
        actor=world.receiver,
        at=AT + timedelta(minutes=5),
    )


def test_the_fee_is_fixed_at_reception_with_its_rule_and_stage() -> None:
    world = build_world(fees=[FEE])

    dossier = submit(world).dossier

    assert dossier.fee_amount == 150_000
    assert dossier.payment_stage == "before_processing"
    assert dossier.fee_basis["lines"][0]["name"] == "Phí thẩm định"
    assert dossier.fee_basis["on"] == "2026-03-02"
    assert dossier.paid_at is None


def _zero_dong_policy(world: World) -> None:
    local_fee_policy_set(
        administrative_unit_code=world.commune.code,
        procedure=world.version.procedure,
        amount=0,
        decision_number="12/2026/QĐ-UBND",
        valid_from=date(2026, 1, 1),
        at=AT,
        actor="test",
    )


def test_a_zero_dong_policy_needs_no_payment_step() -> None:
    world = build_world(fees=[FEE])
    _zero_dong_policy(world)

    dossier = submit(world).dossier
    moved = dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)

    assert (dossier.fee_amount, dossier.payment_stage) == (0, "")
    assert dossier.fee_basis["policy"]["decision_number"] == "12/2026/QĐ-UBND"
    assert moved.status == DossierStatus.PROCESSING


def test_a_policy_set_between_two_submissions_applies_to_the_second() -> None:
    # The decisions in force are kept in each process for the catalogue's generation, which the
    # policy's service bumps: the second dossier is not charged from the first one's reading.
    world = build_world(fees=[FEE])
    before = submit(world).dossier
    _zero_dong_policy(world)

    after = submit(world).dossier

    assert (before.fee_amount, after.fee_amount) == (150_000, 0)
    assert after.fee_basis["policy"]["decision_number"] == "12/2026/QĐ-UBND"


def test_reception_waits_for_the_fee_then_moves_on_once_paid() -> None:
    world = build_world(fees=[FEE])
    dossier = submit(world).dossier

    with pytest.raises(FeeNotPaid, match="Hồ sơ chưa nộp phí, lệ phí"):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)
    _pay(world, dossier)
    dossier.refresh_from_db()
    moved = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )

    assert dossier.paid_at == AT + timedelta(minutes=5)
    assert moved.status == DossierStatus.PROCESSING
    paid = DossierEvent.objects.get(dossier=dossier, action="fee_paid")
    assert "Đã nộp phí, lệ phí 150.000 đồng, biên lai số" in paid.note
    assert paid.seq == 2


def test_before_return_the_last_step_waits_for_the_fee() -> None:
    world = build_world(fees=[FEE], payment_stage="before_return")
    dossier = submit(world).dossier
    for actor in (world.receiver, world.specialist, world.leader):
        dossier = dossier_transition(dossier=dossier, action="complete_step", actor=actor, at=AT)

    with pytest.raises(FeeNotPaid, match="trả kết quả"):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)
    _pay(world, dossier)
    dossier.refresh_from_db()
    done = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )

    assert done.status == DossierStatus.RETURNED


@pytest.mark.django_db(transaction=True)
def test_a_paid_dossier_refused_is_refunded_once_through_the_outbox() -> None:
    world = build_world(fees=[FEE], payment_stage="before_return")
    dossier = submit(world).dossier
    _pay(world, dossier)
    dossier.refresh_from_db()

    dossier_transition(
        dossier=dossier,
        action="refuse",
        actor=world.receiver,
        at=AT + timedelta(hours=1),
        reasons=["Không đủ điều kiện"],
    )
    outbox_run_due(now=AT + timedelta(hours=2))
    outbox_run_due(now=AT + timedelta(hours=3))

    refund = Refund.objects.get()
    assert refund.status == RefundStatus.DONE
    assert refund.amount == 150_000
    assert refund.payment.status == PaymentStatus.REFUNDED


UNKNOWN_FEE: dict[str, Any] = {
    "kind": "charge",
    "name": "Lệ phí cấp giấy phép",
    "amount": None,
    "legal_reference": "Nghị quyết 10/2025/NQ-HĐND",
}


def test_a_fee_left_to_a_regulation_is_stored_unknown_never_free() -> None:
    world = build_world(fees=[UNKNOWN_FEE])

    dossier = submit(world).dossier

    assert dossier.fee_amount == 0
    assert dossier.fee_basis["known"] is False
    assert dossier.fee_basis["amount"] is None
    assert dossier.fee_basis["channel"] == "direct"
    assert dossier.payment_stage == "before_processing"
    view = dossier_fee_view(dossier)
    assert (view.known, view.due) == (False, True)
    assert view.amount_text == "Chưa xác định mức thu: theo quy định tại Nghị quyết 10/2025/NQ-HĐND"


def test_an_unknown_fee_holds_reception_and_refuses_payment_until_the_officer_sets_it() -> None:
    world = build_world(fees=[UNKNOWN_FEE])
    dossier = submit(world).dossier

    with pytest.raises(FeeNotPaid, match="chưa được xác định"):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)
    with pytest.raises(PaymentNotAllowed, match="chưa được xác định"):
        dossier_counter_payment(
            dossier=dossier, method=PaymentMethod.COUNTER_CASH, actor=world.receiver, at=AT
        )
    with pytest.raises(PaymentNotAllowed, match="chưa được xác định"):
        dossier_payment_start(
            dossier=dossier,
            return_url="https://x/",
            client_ip="1.2.3.4",
            at=AT,
            actor=world.applicant_user,
        )
    with pytest.raises(Forbidden):
        dossier_fee_determine(
            dossier=dossier, amount=30_000, reason="Điều 3", actor=world.specialist, at=AT
        )

    set_ = dossier_fee_determine(
        dossier=dossier,
        amount=30_000,
        reason="Điều 3 Nghị quyết 10/2025/NQ-HĐND",
        actor=world.receiver,
        at=AT + timedelta(minutes=1),
    )
    assert (set_.fee_amount, set_.fee_basis["known"]) == (30_000, True)
    assert set_.fee_basis["determined"]["reason"] == "Điều 3 Nghị quyết 10/2025/NQ-HĐND"
    event = DossierEvent.objects.get(dossier=dossier, action="fee_determined")
    assert event.note == (
        "30.000 đồng, do cán bộ một cửa xác định theo Điều 3 Nghị quyết 10/2025/NQ-HĐND"
    )
    with pytest.raises(Conflict):
        dossier_fee_determine(dossier=set_, amount=1, reason="Điều 3", actor=world.receiver, at=AT)
    payment = dossier_counter_payment(
        dossier=set_, method=PaymentMethod.COUNTER_CASH, actor=world.receiver, at=AT
    )
    assert payment.amount == 30_000


def test_an_officer_may_find_the_applicant_exempt_and_the_payment_step_goes() -> None:
    world = build_world(fees=[UNKNOWN_FEE])
    dossier = submit(world).dossier

    with pytest.raises(ValidationFailed) as caught:
        dossier_fee_determine(dossier=dossier, amount=0, reason=" ", actor=world.receiver, at=AT)
    assert caught.value.problems[0].path == "reason"
    with pytest.raises(ValidationFailed):
        dossier_fee_determine(dossier=dossier, amount=-5, reason="x", actor=world.receiver, at=AT)
    exempt = dossier_fee_determine(
        dossier=dossier, amount=0, reason="Miễn: hộ nghèo", actor=world.receiver, at=AT
    )
    moved = dossier_transition(dossier=exempt, action="complete_step", actor=world.receiver, at=AT)

    assert (exempt.fee_amount, exempt.payment_stage) == (0, "")
    assert moved.status == DossierStatus.PROCESSING


def test_the_copies_asked_for_are_counted_in_the_stored_fee() -> None:
    extra = {
        "kind": "fee",
        "name": "Bản thứ 3 trở đi",
        "amount": 5_000,
        "basis": "per_item",
        "item_input": "copies",
        "from_item": 3,
        "unit_name": "bản",
    }
    world = build_world(fees=[FEE, extra])

    dossier = submit(world, fee_inputs=FeeInputs(copies=4)).dossier

    assert dossier.fee_amount == 150_000 + 2 * 5_000
    assert dossier.fee_basis["inputs"]["copies"] == 4


def test_a_version_without_fee_rules_is_unknown_but_waits_for_no_payment() -> None:
    world = build_world(fees=[])

    dossier = submit(world).dossier
    moved = dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)

    assert (dossier.fee_amount, dossier.fee_basis["known"], dossier.payment_stage) == (0, False, "")
    assert dossier_fee_view(dossier).amount_text.startswith("Chưa xác định mức thu")
    assert moved.status == DossierStatus.PROCESSING
    charged = dossier_fee_determine(
        dossier=moved, amount=10_000, reason="Điều 5", actor=world.receiver, at=AT
    )
    assert (charged.fee_amount, charged.payment_stage) == (10_000, "before_processing")
