"""The oversight pages on the officer's home page, and who may open the reconciliation report."""

import pytest
from django.test import Client

from motcua.accounts.models import Agency, Role, User
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.dossiers.tests.factories import build_world
from motcua.payments.models import ReconciliationMismatch, ReconciliationRun

pytestmark = pytest.mark.django_db

RECONCILIATION = "/can-bo/doi-soat/"
REUSE = "/can-bo/tai-su-dung-du-lieu/"


def officer_with(agency: Agency, role: str) -> User:
    user = UserFactory.create()
    RoleAssignmentFactory.create(user=user, agency=agency, role=role)
    return user


def leader_of(agency: Agency) -> User:
    return officer_with(agency, Role.LEADER)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_reform_team_finds_both_pages_from_the_home_page() -> None:
    world = build_world()
    client = _client(officer_with(world.centre, Role.REFORM_TEAM))

    home = client.get("/can-bo/").content.decode()

    assert 'data-testid="oversight-links"' in home
    assert f'href="{REUSE}"' in home
    assert f'href="{RECONCILIATION}"' in home
    assert client.get(REUSE).status_code == 200
    assert client.get(RECONCILIATION).status_code == 200


def test_the_leader_of_the_one_stop_units_agency_reconciles_but_sees_no_reuse_rate() -> None:
    world = build_world()
    client = _client(leader_of(world.centre))

    home = client.get("/can-bo/").content.decode()

    assert f'href="{RECONCILIATION}"' in home
    assert f'href="{REUSE}"' not in home
    assert client.get(RECONCILIATION).status_code == 200


def test_an_administrator_reconciles() -> None:
    world = build_world()
    run = ReconciliationRun.objects.create(
        gateway="vnpay_style",
        day="2026-03-01",
        created_at="2026-03-02T01:00:00Z",
        ours=3,
        theirs=3,
        matched=2,
        total_ours=300_000,
        total_theirs=350_000,
    )
    ReconciliationMismatch.objects.create(
        run=run, kind="missing_here", order_id="T260301ADMINSEES", theirs_amount=50_000
    )

    response = _client(officer_with(world.centre, Role.ADMINISTRATOR)).get(RECONCILIATION)

    body = response.content.decode()
    assert response.status_code == 200
    assert "T260301ADMINSEES" in body
    assert "Cổng đã thu nhưng hệ thống chưa ghi nhận" in body
    assert "350.000" in body
    # A specialist of the same agency is refused the same page.
    refused = _client(officer_with(world.centre, Role.SPECIALIST)).get(RECONCILIATION)
    assert refused.status_code == 403
    assert "T260301ADMINSEES" not in refused.content.decode()


@pytest.mark.parametrize("who", ["receiver", "specialist", "leader"])
def test_other_officers_have_no_link_and_are_refused(who: str) -> None:
    # the leader of the competent agency, which hosts no one-stop unit, is refused too
    world = build_world()
    client = _client(getattr(world, who))

    home = client.get("/can-bo/").content.decode()
    refused = client.get(RECONCILIATION)

    assert 'data-testid="oversight-links"' not in home
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo cơ quan có bộ phận một cửa" in refused.content.decode()
