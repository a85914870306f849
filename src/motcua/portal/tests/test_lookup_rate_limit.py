"""The public lookup (tra cứu) is limited per client address, in the portal and the API alike."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db

UNKNOWN = "000.00.01.H26-260302-{n:04d}"  # codes that do not exist: what an enumeration tries


@pytest.fixture(autouse=True)
def _three_a_minute(settings: Settings) -> Iterator[None]:
    settings.MOTCUA_LOOKUP_RATE = "3/min"
    settings.MOTCUA_TRUSTED_PROXY_HEADER = ""
    cache.clear()
    yield
    cache.clear()


def look(client: Client, n: int, *, prefix: str = "", **extra: str) -> int:
    return client.get(f"{prefix}/tra-cuu/{UNKNOWN.format(n=n)}/", **extra).status_code  # type: ignore[arg-type]


def test_the_hit_over_the_limit_gets_429_with_retry_after_and_nothing_else() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [look(client, n) for n in range(3)] == [404, 404, 404]

    response = client.get(f"/tra-cuu/{UNKNOWN.format(n=3)}/")

    assert response.status_code == 429
    wait = int(response["Retry-After"])
    # The rest of this minute, then until the 3 hits weigh 2 in the sliding window: at most 80 s.
    assert 1 <= wait <= 80
    body = response.content.decode()
    assert "Có quá nhiều lượt tra cứu hồ sơ từ địa chỉ mạng của bạn" in body
    assert f"Vui lòng thử lại sau {wait} giây." in body
    # Nothing is said about the code asked for, found or not.
    assert "Không tìm thấy" not in body
    assert "Tình trạng" not in body


def test_another_address_is_not_limited() -> None:
    first = Client(REMOTE_ADDR="203.0.113.7")
    other = Client(REMOTE_ADDR="203.0.113.8")
    [look(first, n) for n in range(4)]

    assert look(other, 0) == 404


def test_portal_and_api_share_the_count() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    [look(client, n) for n in range(2)]
    assert client.get(f"/api/v1/lookup/{UNKNOWN.format(n=2)}/").status_code == 404

    response = client.get(f"/api/v1/lookup/{UNKNOWN.format(n=3)}/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    data = response.json()
    assert data["code"] == "rate_limited"
    assert "thử lại sau" in data["message"]
    assert data["errors"] == []
    assert look(client, 4) == 429


def test_english_page_under_en() -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    [look(client, n, prefix="/en") for n in range(3)]

    response = client.get(f"/en/tra-cuu/{UNKNOWN.format(n=3)}/")

    assert response.status_code == 429
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Look up a dossier" in body


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(settings: Settings) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    # Untrusted header: every client behind the proxy (or forging it) is one address.
    for n in range(3):
        look(proxy, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert look(proxy, 3, HTTP_X_FORWARDED_FOR="198.51.100.99") == 429

    # Trusted: each client address has its own count, whatever it claims before the proxy's entry.
    settings.MOTCUA_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    cache.clear()
    for n in range(3):
        assert look(proxy, n, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1") == 404
    assert look(proxy, 3, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1") == 429
    assert look(proxy, 4, HTTP_X_FORWARDED_FOR="198.51.100.2") == 404


def test_the_limit_lifts_after_retry_after(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The view reads Django's clock; this one moves only when the test says so.
    settings.MOTCUA_LOOKUP_RATE = "2/min"
    clock = [datetime(2026, 3, 2, 2, 0, 10, tzinfo=UTC)]  # 10 s into a one-minute window
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert [look(client, n) for n in range(2)] == [404, 404]
    refused = client.get(f"/tra-cuu/{UNKNOWN.format(n=2)}/")
    assert refused.status_code == 429
    # The rest of this window (50 s), then half the next one, while its two hits slide out.
    assert refused["Retry-After"] == "80"

    clock[0] = datetime(2026, 3, 2, 2, 1, 29, tzinfo=UTC)  # one second too early
    assert look(client, 3) == 429
    clock[0] = datetime(2026, 3, 2, 2, 1, 30, tzinfo=UTC)  # exactly when told
    assert look(client, 4) == 404
