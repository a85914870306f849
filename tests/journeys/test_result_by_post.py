"""Journey: a result goes out by post, is returned to sender, is sent again, and is delivered.

The one-stop officer completes the return step of a dossier whose applicant chose the post; the
worker hands the item to the post (``motcua post-sim``, a real process), whose signed callbacks
reach motcua; the test plays the post's side through the simulator's control endpoints.
"""

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import AdministrativeUnit
from motcua.core.models import OutboxMessage
from motcua.core.outbox import outbox_run_one
from motcua.delivery.models import Consignment
from motcua.delivery.services import DISPATCH_TOPIC, WEBHOOK_PATH
from motcua.delivery.tests.simulators import PostSim, run_post_sim
from motcua.dossiers.models import Dossier
from motcua_dev.testing.signing import LocalSigning
from tests.journeys.counter_dossier import (
    TO_THE_RESULT,
    demo_loaded,
    received_at_the_counter,
    walked,
)
from tests.journeys.officer import complete_step, open_from_queue, open_queue, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def post_sim(settings: Settings, live_server: LiveServer) -> Iterator[PostSim]:
    with run_post_sim() as sim:
        settings.MOTCUA_POST_API_URL = sim.url
        settings.MOTCUA_POST_SECRET = sim.secret
        settings.MOTCUA_POST_WEBHOOK_URL = live_server.url + WEBHOOK_PATH
        yield sim


def _result_ready_for_post(signing: LocalSigning) -> Dossier:
    """A judicial record dossier whose applicant chose the post, signed and waiting for return."""
    now = timezone.now()
    demo_loaded(at=now - timedelta(days=60))
    signing.enrol("lanhdao.tuphap")
    commune = AdministrativeUnit.objects.filter(level="commune", parent__code="01").first()
    assert commune is not None
    at = now - timedelta(hours=4)
    dossier = received_at_the_counter(
        at=at,
        load_demo=False,
        return_method="post",
        return_address={
            "recipient": "Phạm Thị Mai",
            "phone": "0987654321",
            "street": "Số 5 phố Tràng Tiền",
            "commune_code": commune.code,
        },
    )
    dossier = walked(dossier, by=TO_THE_RESULT, at=at, every=timedelta(minutes=30))
    assert dossier.status == "result_ready"
    return dossier


def _worker_dispatches() -> None:
    """What ``motcua worker`` does with the consignments to hand to the post."""
    for message in OutboxMessage.objects.filter(topic=DISPATCH_TOPIC, status="pending"):
        outbox_run_one(message_id=message.pk, now=timezone.now() + timedelta(minutes=1))


def _tracking_number(dossier: Dossier, attempt: int) -> str:
    return Consignment.objects.get(reference=dossier.code, attempt=attempt).tracking_number or ""


def test_a_result_goes_out_by_post_comes_back_is_sent_again_and_is_delivered(
    live_server: LiveServer,
    post_sim: PostSim,
    signing: LocalSigning,
    page: Page,
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    # given a signed result whose applicant chose to receive it by post
    dossier = _result_ready_for_post(signing)
    base = live_server.url

    # when the one-stop officer completes the return step
    sign_in(page, base, "canbo.motcua", axe)
    open_from_queue(page, dossier.code, axe)
    expect(page.get_by_test_id("return-address")).to_contain_text("Số 5 phố Tràng Tiền")

    # then the dossier waits with its result ready, and the item waits for the post
    complete_step(page, axe, "Đã có kết quả")
    expect(page.get_by_test_id("consignments")).to_contain_text("Chờ gửi bưu chính")

    # when the worker hands it to the post, which accepts it and later returns it to sender
    _worker_dispatches()
    first = _tracking_number(dossier, 1)
    assert post_sim.advance(first, "accept")["webhook_status"] == 200
    assert post_sim.advance(first, "transit")["webhook_status"] == 200
    assert post_sim.advance(first, "return")["webhook_status"] == 200
    page.reload()

    # then the officer sees it came back, on the dossier and in the queue
    consignments = page.get_by_test_id("consignments")
    expect(consignments).to_contain_text(first)
    expect(consignments).to_contain_text("Chuyển hoàn cho người gửi")
    expect(page.get_by_test_id("post-returned")).to_be_visible()
    history = page.get_by_role("table").last
    expect(history).to_contain_text(f"Đã gửi kết quả qua bưu chính, số hiệu {first}")
    expect(history).to_contain_text("Bưu chính trả lại bưu gửi")
    axe(page)
    screenshot(page, "officer-post-returned")
    open_queue(page, axe)
    row = page.get_by_role("row").filter(has_text=dossier.code)
    expect(row).to_contain_text("Bưu chính trả lại")

    # when the officer corrects the street and sends it again
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_label("Số nhà, đường, thôn, xóm").fill("Số 15 phố Tràng Tiền")
    page.get_by_role("button", name="Gửi lại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi lại kết quả qua bưu chính (lần 2)")
    axe(page)

    # and the post delivers the second item
    _worker_dispatches()
    second = _tracking_number(dossier, 2)
    assert second != first
    assert post_sim.orders()[1]["receiver"]["street"] == "Số 15 phố Tràng Tiền"
    assert post_sim.advance(second, "accept")["webhook_status"] == 200
    assert post_sim.advance(second, "deliver")["webhook_status"] == 200
    page.reload()

    # then the dossier is returned, the post named as who completed the return
    expect(page.get_by_role("main").locator(".tag").first).to_have_text("Đã trả kết quả")
    expect(page.get_by_test_id("consignments")).to_contain_text("Đã phát thành công")
    history = page.get_by_role("table").last
    expect(history).to_contain_text(f"Bưu chính đã phát kết quả thành công (bưu gửi {second}")
    expect(history.locator("tbody tr").last).to_contain_text("Bưu chính")
    expect(page.get_by_text("Bạn không có thao tác nào")).to_be_visible()
    axe(page)
    screenshot(page, "officer-post-delivered")
    dossier.refresh_from_db()
    assert dossier.status == "returned"
    assert dossier.closed_at is not None
    assert re.fullmatch(r"EB\d{9}VN", second)
