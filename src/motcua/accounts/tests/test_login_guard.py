"""Password logins are throttled per account and per client address, audited, and said in the
reader's language."""

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.services import LOGIN_CHAIN
from motcua.accounts.tests.factories import UserFactory
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "motcua-test-2026"
LOGIN = "/can-bo/dang-nhap/"


@pytest.fixture(autouse=True)
def _three_failures(settings: Settings) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()


def _try(client: Client, username: str, password: str, url: str = LOGIN) -> int:
    return client.post(url, {"username": username, "password": password}).status_code


def test_an_account_is_locked_after_the_limit_even_from_another_address() -> None:
    UserFactory.create(username="canbo")
    client = Client(REMOTE_ADDR="203.0.113.5")

    answers = [_try(client, "canbo", "sai") for _ in range(4)]

    assert answers == [200, 200, 429, 429]
    # the right password does not open a locked account, from here or elsewhere
    assert _try(client, "canbo", PASSWORD) == 429
    assert _try(Client(REMOTE_ADDR="198.51.100.8"), "canbo", PASSWORD) == 429
    # another account from another address is not held back
    UserFactory.create(username="canbo2")
    assert _try(Client(REMOTE_ADDR="198.51.100.8"), "canbo2", PASSWORD) == 302


def test_an_address_trying_many_accounts_is_locked() -> None:
    UserFactory.create(username="canbo9")
    client = Client(REMOTE_ADDR="203.0.113.6")

    answers = [_try(client, f"doan{n}", "sai") for n in range(3)]

    assert answers == [200, 200, 429]
    assert _try(client, "canbo9", PASSWORD) == 429
    assert _try(Client(REMOTE_ADDR="203.0.113.7"), "canbo9", PASSWORD) == 302


def test_the_admin_login_is_throttled_too() -> None:
    UserFactory.create(username="quantri", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="203.0.113.8")

    answers = [_try(client, "quantri", "sai", "/admin/login/") for _ in range(3)]

    assert answers == [200, 200, 429]
    assert _try(client, "quantri", PASSWORD, "/admin/login/") == 429


def test_failures_and_the_lockout_are_audited_without_the_password() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")

    for _ in range(3):
        _try(client, "canbo", "mat-khau-doan")

    rows = list(AuditEntry.objects.filter(chain=LOGIN_CHAIN).order_by("seq"))
    assert [r.action for r in rows] == ["login.failed", "login.failed", "login.locked_out"]
    assert {r.data["address"] for r in rows} == {"203.0.113.9"}
    assert {r.object_id for r in rows} == {"canbo"}
    assert all("mat-khau-doan" not in str(r.data) for r in rows)


def test_the_lockout_is_said_in_vietnamese_or_in_english_on_en() -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(2):
        _try(client, "canbo", "sai")

    english = client.post("/en" + LOGIN, {"username": "canbo", "password": "sai"})
    # last, so that the thread's active language is Vietnamese again for the tests that follow
    vietnamese = client.post(LOGIN, {"username": "canbo", "password": "sai"})

    assert vietnamese.status_code == 429
    assert "Tạm khóa đăng nhập" in vietnamese.content.decode()
    assert "Vui lòng thử lại sau 15 phút" in vietnamese.content.decode()
    assert english.status_code == 429
    assert "Sign-in temporarily locked" in english.content.decode()
