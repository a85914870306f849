"""Return of the result by post: the hold at the return step, delivery, return to sender, resend."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import Forbidden, ValidationFailed
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.outbox import outbox_run_one
from motcua.delivery.models import Consignment, ConsignmentKind, ConsignmentStatus
from motcua.delivery.services import DISPATCH_TOPIC, tracking_poll
from motcua.delivery.tests.simulators import PostSim, run_post_sim
from motcua.dossiers.hooks import EVENT_TOPIC
from motcua.dossiers.models import Dossier, DossierChannel, DossierStatus
from motcua.dossiers.permissions import ActorNotAllowed
from motcua.dossiers.postal import dossier_return_resend, post_actor
from motcua.dossiers.services import dossier_submit_by_post, dossier_transition
from motcua.dossiers.tasks import event_key
from motcua.dossiers.tests.factories import AT, World, build_world, good_documents, submit
from motcua.dossiers.workflow import TransitionNotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_sim(settings: Settings) -> Iterator[PostSim]:
    with run_post_sim() as sim:
        settings.MOTCUA_POST_API_URL = sim.url
        settings.MOTCUA_POST_SECRET = sim.secret
        yield sim


def _address(world: World, **changes: str) -> dict[str, str]:
    return {
        "recipient": "Nguyễn Văn An",
        "phone": "0912345678",
        "street": "Số 1 phố Thử",
        "commune_code": world.commune.code,
        **changes,
    }


def _at_return_step(world: World, **submit_args: Any) -> Dossier:
    dossier = submit(world, **submit_args).dossier
    at = AT
    for actor in (world.receiver, world.specialist, world.leader):
        at += timedelta(hours=1)
        dossier = dossier_transition(dossier=dossier, action="complete_step", actor=actor, at=at)
    assert dossier.status == DossierStatus.RESULT_READY
    return dossier


def _run_dispatch() -> None:
    """What the worker does with the dispatch row (only that row: no notification is sent)."""
    for message in OutboxMessage.objects.filter(topic=DISPATCH_TOPIC, status="pending"):
        report = outbox_run_one(message_id=message.pk, now=AT + timedelta(days=10))
        assert report.done == [message.pk], message.last_error


def _latest(dossier: Dossier) -> Consignment:
    found = Consignment.objects.filter(reference=dossier.code).order_by("-attempt").first()
    assert found is not None
    return found


def _notes(dossier: Dossier) -> list[tuple[str, str, str]]:
    return [(e.action, e.actor_label, e.note) for e in dossier.events.order_by("seq")]


def test_a_postal_address_is_checked_at_submission_naming_each_field() -> None:
    world = build_world()
    with pytest.raises(ValidationFailed) as refused:
        submit(
            world,
            return_method="post",
            return_address={"recipient": "", "phone": "12", "street": "", "commune_code": "x"},
        )
    paths = [p.path for p in refused.value.problems]
    assert paths == [
        "return_address.recipient",
        "return_address.phone",
        "return_address.street",
        "return_address.commune_code",
    ]
    assert not Dossier.objects.exists()


def test_a_result_by_post_is_held_until_delivered(post_sim: PostSim) -> None:
    # given a dossier whose applicant chose the post, at its return step
    world = build_world()
    dossier = _at_return_step(
        world, return_method="post", return_address=_address(world, phone="+84 912 345 678")
    )
    assert dossier.return_address["phone"] == "0912345678"  # stored normalised

    # when the one-stop officer completes the return step
    at = AT + timedelta(hours=4)
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=at
    )

    # then the dossier waits at the step with the result ready, and a consignment is to dispatch
    assert dossier.status == DossierStatus.RESULT_READY
    assert dossier.current_step == 4
    assert dossier.closed_at is None
    assert _latest(dossier).status == ConsignmentStatus.TO_DISPATCH

    # when the worker hands it to the post
    _run_dispatch()
    consignment = _latest(dossier)
    number = consignment.tracking_number or ""
    assert consignment.status == ConsignmentStatus.DISPATCHED
    assert f"Đã gửi kết quả qua bưu chính, số hiệu {number}" in _notes(dossier)[-1][2]

    # and the officer may not complete the step while the item is on its way
    dossier.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="đang được gửi qua bưu chính"):
        dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=at)

    # when the post delivers it (its callback lost; the poll finds it)
    post_sim.advance(number, "accept", push=False, at="2026-03-03T01:00:00+00:00")
    post_sim.advance(number, "deliver", push=False, at="2026-03-04T03:15:00+00:00")
    assert tracking_poll(now=AT + timedelta(days=3)) == 2

    # then the dossier is returned at the moment of delivery, with the post as actor
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.current_step is None
    assert dossier.closed_at == datetime(2026, 3, 4, 3, 15, tzinfo=UTC)
    action, actor, note = _notes(dossier)[-1]
    assert (action, actor) == ("complete_step", "Bưu chính")
    assert f"Bưu chính đã phát kết quả thành công (bưu gửi {number}" in note

    # and through the transition engine: its audit row names the post, its outbox row tells the
    # applicant, as for any completed step
    event = dossier.events.order_by("-seq").first()
    assert event is not None
    assert event.actor_id is None
    audit = AuditEntry.objects.get(
        chain=f"dossier:{dossier.code}",
        action="dossier.complete_step",
        object_id=dossier.code,
        data__to_status=DossierStatus.RETURNED,
    )
    assert audit.actor == "post"
    assert OutboxMessage.objects.filter(
        topic=EVENT_TOPIC, key=event_key(code=dossier.code, seq=event.seq)
    ).exists()


def test_the_post_as_actor_completes_nothing_but_a_delivered_return() -> None:
    world = build_world()
    dossier = submit(world, return_method="post", return_address=_address(world)).dossier
    with pytest.raises(ActorNotAllowed, match="Hệ thống không tự thực hiện"):
        dossier_transition(dossier=dossier, action="complete_step", actor=post_actor(), at=AT)
    dossier = _at_return_step(world, return_method="post", return_address=_address(world))
    # at the return step, the result waiting for the post to take it: the effect refuses it
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=4)
    )
    with pytest.raises(TransitionNotAllowed, match="đang được gửi qua bưu chính"):
        dossier_transition(
            dossier=dossier, action="complete_step", actor=post_actor(), at=AT + timedelta(hours=5)
        )


def test_returned_to_sender_then_sent_again_to_a_corrected_address(post_sim: PostSim) -> None:
    world = build_world()
    dossier = _at_return_step(world, return_method="post", return_address=_address(world))
    at = AT + timedelta(hours=4)
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=at
    )
    _run_dispatch()
    first = _latest(dossier)

    # when the post brings it back
    post_sim.advance(first.tracking_number or "", "return", push=False)
    tracking_poll(now=AT + timedelta(days=2))

    # then the dossier stays with the result ready and says why
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESULT_READY
    assert "Bưu chính trả lại bưu gửi" in _notes(dossier)[-1][2]

    # and only a one-stop officer sends it again; a bad corrected address is refused
    with pytest.raises(Forbidden):
        dossier_return_resend(dossier=dossier, actor=world.specialist, at=at)
    with pytest.raises(ValidationFailed) as refused:
        dossier_return_resend(
            dossier=dossier, actor=world.receiver, at=at, address=_address(world, street="")
        )
    assert [p.path for p in refused.value.problems] == ["return_address.street"]

    # when the officer sends it again to the corrected street
    second = dossier_return_resend(
        dossier=dossier,
        actor=world.receiver,
        at=AT + timedelta(days=2),
        address=_address(world, street="Số 10 phố Thử"),
    )
    assert second.attempt == 2
    dossier.refresh_from_db()
    assert dossier.return_address["street"] == "Số 10 phố Thử"
    assert "Gửi lại kết quả qua bưu chính đến địa chỉ đã sửa" in _notes(dossier)[-1][2]
    with pytest.raises(TransitionNotAllowed):  # attempt 2 is on its way: no third one
        dossier_return_resend(dossier=dossier, actor=world.receiver, at=at)

    # and the post delivers attempt 2
    _run_dispatch()
    second.refresh_from_db()
    assert second.tracking_number != first.tracking_number
    assert post_sim.orders()[1]["receiver"]["street"] == "Số 10 phố Thử"
    post_sim.advance(second.tracking_number or "", "deliver", push=False)
    tracking_poll(now=AT + timedelta(days=4))
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED


def test_after_a_return_to_sender_the_applicant_may_collect_at_the_counter(
    post_sim: PostSim,
) -> None:
    world = build_world()
    dossier = _at_return_step(world, return_method="post", return_address=_address(world))
    at = AT + timedelta(hours=4)
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=at
    )
    _run_dispatch()
    post_sim.advance(_latest(dossier).tracking_number or "", "return", push=False)
    tracking_poll(now=at)
    dossier.refresh_from_db()

    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=at + timedelta(days=1)
    )

    assert dossier.status == DossierStatus.RETURNED
    assert "nhận kết quả trực tiếp tại Bộ phận Một cửa" in _notes(dossier)[-1][2]


def test_online_and_counter_returns_send_nothing_by_post() -> None:
    world = build_world()
    for method in ("online", "counter"):
        dossier = _at_return_step(world, return_method=method)
        dossier = dossier_transition(
            dossier=dossier,
            action="complete_step",
            actor=world.receiver,
            at=AT + timedelta(hours=4),
        )
        assert dossier.status == DossierStatus.RETURNED
    assert not Consignment.objects.exists()


def test_a_paper_dossier_brought_by_the_post_records_its_item() -> None:
    world = build_world()
    result = dossier_submit_by_post(
        inbound_tracking_number="RR123456785VN",
        version=world.version,
        applicant=world.applicant,
        form_data={"to_khai": {"full_name": "Nguyễn Văn An"}},
        documents=good_documents(),
        administrative_unit_code=world.commune.code,
        receiving_unit=world.unit,
        actor=world.receiver,
        at=AT,
    )
    assert result.dossier.channel == DossierChannel.POST
    inbound = Consignment.objects.get(reference=result.dossier.code)
    assert inbound.kind == ConsignmentKind.INBOUND_DOSSIER
    assert inbound.tracking_number == "RR123456785VN"

    with pytest.raises(ValidationFailed) as refused:
        dossier_submit_by_post(
            inbound_tracking_number="RR123456785VN",
            version=world.version,
            applicant=world.applicant,
            form_data={"to_khai": {"full_name": "Nguyễn Văn An"}},
            documents=good_documents(),
            administrative_unit_code=world.commune.code,
            receiving_unit=world.unit,
            actor=world.receiver,
            at=AT,
        )
    assert [p.path for p in refused.value.problems] == ["inbound_tracking_number"]
