"""Journey: "Phân công xử lý" names a specialist of the unit; the named specialist finds the dossier at
the top of their work queue, on a desktop and on a phone."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_transition
from tests.journeys import counter_dossier
from tests.journeys.officer import open_queue, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPECIALIST = "chuyenvien.tuphap"


def _handed_over() -> Dossier:
    """A dossier received at the counter and handed over to the competent agency."""
    now = timezone.now()
    dossier = counter_dossier.received_at_the_counter(at=now - timedelta(minutes=10))
    return dossier_transition(
        dossier=dossier,
        action="complete_step",
        actor=User.objects.get(username="canbo.motcua"),
        at=now - timedelta(minutes=5),
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_leader_names_the_specialist_who_finds_it_first(
    width: int,
    live_server: LiveServer,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    dossier = _handed_over()
    specialist = User.objects.get(username=SPECIALIST)
    page = new_page(viewport={"width": width, "height": 900 if width > 400 else 844})
    sign_in(page, live_server.url, "lanhdao.tuphap", axe)

    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    section = page.get_by_test_id("assignment")
    expect(section).to_contain_text("Chưa phân công chuyên viên.")
    section.get_by_label("Chuyên viên xử lý").select_option(label=str(specialist))
    section.get_by_role("button", name="Phân công").click()
    expect(page.get_by_role("status")).to_contain_text(f"Đã phân công {specialist} xử lý hồ sơ.")
    expect(page.get_by_test_id("assignment")).to_contain_text(
        f"Chuyên viên được phân công: {specialist}"
    )
    axe(page)
    screenshot(page, f"leader-assigns-{width}")
    dossier.refresh_from_db()
    assert dossier.assignee == specialist
    sign_out(page)

    sign_in(page, live_server.url, SPECIALIST, axe)
    open_queue(page, axe)
    first = page.get_by_role("row").nth(1)
    expect(first).to_contain_text(dossier.code)
    expect(first).to_contain_text("Được phân công cho bạn")
