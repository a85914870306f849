import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.tests.factories import CommuneFactory
from motcua.core.models import AuditEntry, OutboxMessage
from motcua.core.outbox import outbox_run_due
from motcua.delivery.addresses import PostalAddress, address_check
from motcua.delivery.contrib.vnpost_style.signing import headers_for
from motcua.delivery.hooks import TRACKING_NOTICED, TrackingNotice
from motcua.delivery.models import Consignment, ConsignmentStatus, TrackingEvent
from motcua.delivery.registry import PostalError, WebhookRefused
from motcua.delivery.services import (
    DISPATCH_TOPIC,
    WEBHOOK_PATH,
    consignment_dispatch,
    consignment_inbound_record,
    consignment_prepare,
    tracking_poll,
    tracking_webhook_receive,
)
from motcua.delivery.tests.simulators import PostSim
from motcua_dev.simulators.vnpost_style import s10_tracking_number
from motcua_dev.testing.processes import free_port

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
HEARD: list[TrackingNotice] = []


def _hear(notice: TrackingNotice) -> None:
    HEARD.append(notice)


TRACKING_NOTICED.listen(_hear)


@pytest.fixture(autouse=True)
def _listen() -> Iterator[None]:
    HEARD.clear()
    yield
    HEARD.clear()


def _address() -> PostalAddress:
    commune = CommuneFactory.create(name="Xã Sơn Đồng")
    checked, problems = address_check(
        {
            "recipient": "Phạm Thị Mai",
            "phone": "0987654321",
            "street": "Thôn Đông",
            "commune_code": commune.code,
        },
        on=AT.date(),
    )
    assert checked is not None, problems
    return checked


def _dispatched(code: str = "000.00.01.H26-260302-0001") -> Consignment:
    prepared = consignment_prepare(reference=code, address=_address(), actor="test", at=AT)
    return consignment_dispatch(consignment_id=prepared.pk, now=AT)


def test_tracking_numbers_follow_upu_s10() -> None:
    assert s10_tracking_number(47312482, prefix="AA", country="GB") == "AA473124829GB"


@pytest.mark.django_db
def test_dispatch_creates_one_order_at_the_post_with_its_tracking_number_and_postage(
    post_sim: PostSim,
) -> None:
    # given a consignment recorded with its outbox row
    prepared = consignment_prepare(
        reference="000.00.01.H26-260302-0001", address=_address(), actor="test", at=AT
    )
    assert prepared.status == ConsignmentStatus.TO_DISPATCH
    assert OutboxMessage.objects.filter(topic=DISPATCH_TOPIC).count() == 1

    # when the worker runs it, twice
    first = consignment_dispatch(consignment_id=prepared.pk, now=AT)
    again = consignment_dispatch(consignment_id=prepared.pk, now=AT)

    # then the post holds one order, and the consignment its number and integer postage
    assert first.tracking_number == again.tracking_number
    assert re.fullmatch(r"EB\d{9}VN", first.tracking_number or "")
    assert isinstance(first.postage, int)
    assert first.postage == 30_000  # outside the sender's province
    orders = post_sim.orders()
    assert len(orders) == 1
    assert orders[0]["receiver"]["phone"] == "0987654321"
    assert orders[0]["client_order_code"] == "000.00.01.H26-260302-0001#1"
    assert [(n.code, n.tracking_number) for n in HEARD] == [("dispatched", first.tracking_number)]


@pytest.mark.django_db
def test_a_post_that_is_down_loses_nothing(settings: Settings) -> None:
    settings.MOTCUA_POST_API_URL = f"http://127.0.0.1:{free_port()}"
    prepared = consignment_prepare(
        reference="000.00.01.H26-260302-0002", address=_address(), actor="test", at=AT
    )
    with pytest.raises(PostalError):
        consignment_dispatch(consignment_id=prepared.pk, now=AT)
    report = outbox_run_due(now=AT)
    assert report.retried
    prepared.refresh_from_db()
    assert prepared.status == ConsignmentStatus.TO_DISPATCH
    assert prepared.tracking_number is None


@pytest.mark.django_db
def test_a_forged_callback_is_refused_and_logged(post_sim: PostSim) -> None:
    consignment = _dispatched()
    body = json.dumps(
        {
            "tracking_number": consignment.tracking_number,
            "events": [{"id": "x-1", "code": "delivered", "at": AT.isoformat()}],
        }
    ).encode()
    forged = headers_for(secret="not-the-secret", body=body, now=time.time())
    with pytest.raises(WebhookRefused):
        tracking_webhook_receive(body=body, headers=forged, now=timezone.now())
    stale = headers_for(secret=post_sim.secret, body=body, now=time.time() - 3600)
    with pytest.raises(WebhookRefused):
        tracking_webhook_receive(body=body, headers=stale, now=timezone.now())
    assert not TrackingEvent.objects.exists()
    refused = AuditEntry.objects.filter(action="delivery.webhook_refused")
    assert refused.count() == 2
    entry = refused.first()
    assert entry is not None
    assert "delivered" not in json.dumps(entry.data)  # the hash, not the content


@pytest.mark.django_db
def test_the_poll_catches_a_callback_that_never_came(post_sim: PostSim) -> None:
    consignment = _dispatched()
    number = consignment.tracking_number or ""
    post_sim.advance(number, "accept", push=False)
    post_sim.advance(number, "transit", push=False)
    assert not TrackingEvent.objects.exists()

    assert tracking_poll(now=timezone.now()) == 2
    assert tracking_poll(now=timezone.now()) == 0  # each event once

    consignment.refresh_from_db()
    assert consignment.status == ConsignmentStatus.IN_TRANSIT
    assert list(TrackingEvent.objects.values_list("code", "source")) == [
        ("accepted", "poll"),
        ("in_transit", "poll"),
    ]


@pytest.mark.django_db(transaction=True)
def test_signed_callbacks_of_the_post_are_recorded_once(
    post_sim: PostSim, live_server: LiveServer, settings: Settings
) -> None:
    # given motcua's callback address given to the post with the order
    settings.MOTCUA_POST_WEBHOOK_URL = live_server.url + WEBHOOK_PATH
    consignment = _dispatched()
    number = consignment.tracking_number or ""

    # when the post accepts and delivers the item, and repeats the last callback
    accepted = post_sim.advance(number, "accept", at="2026-03-03T01:00:00+00:00")
    assert accepted["webhook_status"] == 200
    delivered = post_sim.advance(number, "deliver", at="2026-03-04T03:15:00+00:00")
    assert delivered["webhook_status"] == 200
    assert post_sim.advance(number, "repush")["webhook_status"] == 200

    # then each event is recorded once, and the delivery is told with its moment
    consignment.refresh_from_db()
    assert consignment.status == ConsignmentStatus.DELIVERED
    assert consignment.delivered_at == datetime(2026, 3, 4, 3, 15, tzinfo=UTC)
    assert list(consignment.events.values_list("code", "source")) == [
        ("accepted", "webhook"),
        ("delivered", "webhook"),
    ]
    assert [n.code for n in HEARD] == ["dispatched", "accepted", "delivered"]


@pytest.mark.django_db
def test_an_inbound_dossier_records_its_tracking_number_once() -> None:
    first = consignment_inbound_record(
        reference="000.00.01.H26-260302-0003", tracking_number="eb 123456785 vn", actor="t", at=AT
    )
    assert first.tracking_number == "EB123456785VN"
    assert first.status == ConsignmentStatus.RECEIVED
    with pytest.raises(Exception, match="đã được ghi nhận"):
        consignment_inbound_record(
            reference="000.00.01.H26-260302-0004",
            tracking_number="EB123456785VN",
            actor="t",
            at=AT,
        )
