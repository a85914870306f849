"""Journey: the officer's dossier page, built around the task. The dossier (applicant, form,
documents) on the left; on the right the one next action, the others one click away; keyboard
shortcuts for the frequent moves; the hand-over one click from the work queue's dossier."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.dossiers.models import Dossier
from tests.journeys import counter_dossier
from tests.journeys.officer import NEXT_STEP, open_from_queue, open_queue, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hand_over_is_one_click_from_the_queue_and_the_rest_one_more(
    live_server: LiveServer,
    page: Page,
    axe: Callable[[Page], None],
    page_loads: Callable[[Page, str], Any],
    screenshot: Callable[[Page, str], Path],
) -> None:
    dossier = counter_dossier.received_at_the_counter(at=timezone.now() - timedelta(minutes=5))
    sign_in(page, live_server.url, "canbo.motcua", axe)
    open_queue(page, axe)
    count = page_loads(page, "one-stop officer: hand-over from the work queue")
    page.get_by_role("link", name=dossier.code).click()

    # the next action is suggested, in view without scrolling, right of the dossier's documents
    suggested = page.get_by_test_id("suggested-action")
    hand_over = suggested.get_by_role("button", name=NEXT_STEP)
    expect(hand_over).to_be_in_viewport()
    documents = page.get_by_role("heading", name="Giấy tờ", exact=True)
    documents_box, action_box = documents.bounding_box(), suggested.bounding_box()
    assert documents_box is not None
    assert action_box is not None
    assert documents_box["x"] + documents_box["width"] <= action_box["x"] + 1
    # the others are one click away
    refuse = page.get_by_role("button", name="Từ chối giải quyết", exact=True)
    expect(refuse).to_be_hidden()
    page.keyboard.press("k")
    expect(refuse).to_be_visible()
    axe(page)
    screenshot(page, "officer-dossier-page")

    # the keyboard reaches the suggested action with one key, and Enter hands the dossier over
    page.keyboard.press("n")
    expect(hand_over).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"Đã thực hiện: {NEXT_STEP}")
    dossier.refresh_from_db()
    assert dossier.status == "processing"
    assert count.stop() == 2  # the dossier, then the hand-over done
    axe(page)


def test_on_a_phone_the_action_follows_the_dossier(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
) -> None:
    dossier: Dossier = counter_dossier.received_at_the_counter(
        at=timezone.now() - timedelta(minutes=5)
    )
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sign_in(phone, live_server.url, "canbo.motcua", axe)
    open_from_queue(phone, dossier.code, axe)
    hand_over = phone.get_by_test_id("suggested-action").get_by_role("button", name=NEXT_STEP)
    hand_over.click()
    expect(phone.get_by_role("status")).to_contain_text(f"Đã thực hiện: {NEXT_STEP}")
