"""Hồ sơ của tôi: how the result comes back, the postal items and their journey, the rating link."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_run_one
from motcua.delivery.models import Consignment
from motcua.delivery.services import DISPATCH_TOPIC, tracking_poll
from motcua.delivery.tests.simulators import PostSim, run_post_sim
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.portal.tests.citizen_data import citizen_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def post_sim(settings: Settings) -> Iterator[PostSim]:
    with run_post_sim() as sim:
        settings.MOTCUA_POST_API_URL = sim.url
        settings.MOTCUA_POST_SECRET = sim.secret
        yield sim


def _page(world: World, dossier: Dossier) -> str:
    response = citizen_client(world).get(f"/ho-so-cua-toi/{dossier.code}/")
    assert response.status_code == 200
    return response.content.decode()


def _returned_step_by_step(world: World, dossier: Dossier) -> Dossier:
    at = AT
    for actor in (world.receiver, world.specialist, world.leader, world.receiver):
        at += timedelta(hours=1)
        dossier = dossier_transition(dossier=dossier, action="complete_step", actor=actor, at=at)
    return dossier


def test_the_citizen_follows_the_result_sent_by_post_and_then_rates_the_dossier(
    post_sim: PostSim,
) -> None:
    # given a dossier to return by post, its return step completed by the one-stop officer
    world = build_world()
    dossier = submit(
        world,
        return_method="post",
        return_address={
            "recipient": "Nguyễn Văn An",
            "phone": "0912345678",
            "street": "Số 1 phố Thử",
            "commune_code": world.commune.code,
        },
    ).dossier
    dossier = _returned_step_by_step(world, dossier)
    assert dossier.status == DossierStatus.RESULT_READY

    # when the worker hands it to the post, which accepts it and carries it
    for message in OutboxMessage.objects.filter(topic=DISPATCH_TOPIC, status="pending"):
        outbox_run_one(message_id=message.pk, now=AT + timedelta(days=1))
    number = Consignment.objects.get(reference=dossier.code).tracking_number or ""
    post_sim.advance(number, "accept", push=False, place="Bưu cục Hoàn Kiếm")
    post_sim.advance(number, "transit", push=False)
    tracking_poll(now=timezone.now())

    # then "Hồ sơ của tôi" shows the address, the item, its postage and where it is
    body = _page(world, dossier)
    assert "Nhận qua dịch vụ bưu chính công ích" in body
    assert f"Số 1 phố Thử, {world.commune.name}" in body
    assert 'data-testid="consignments"' in body
    assert number in body
    assert "Gửi kết quả cho người nộp, lần 1" in body
    assert "Bưu cục Hoàn Kiếm" in body
    assert "đồng" in body
    assert "Đánh giá" not in body  # not yet returned

    # when the post delivers it
    post_sim.advance(number, "deliver", push=False)
    tracking_poll(now=timezone.now())

    # then the page says so, and offers the rating
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    body = _page(world, dossier)
    assert "Đã phát thành công" in body
    assert f'href="/ho-so-cua-toi/{dossier.code}/danh-gia/"' in body
    assert 'data-testid="rate-dossier"' in body


def test_a_returned_counter_dossier_offers_the_rating_and_no_postal_table() -> None:
    world = build_world()
    dossier = _returned_step_by_step(world, submit(world).dossier)
    assert dossier.status == DossierStatus.RETURNED

    body = _page(world, dossier)

    assert "Nhận trực tiếp tại Bộ phận Một cửa" in body
    assert 'data-testid="consignments"' not in body
    assert f'href="/ho-so-cua-toi/{dossier.code}/danh-gia/"' in body
