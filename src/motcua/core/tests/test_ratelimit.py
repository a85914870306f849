"""The sliding-window rate limit, with time passed in."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from motcua.core.ratelimit import BadRate, Rate, client_address, parse_rate, rate_hit

#: The start of a window of any width that divides a day.
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
RATE = Rate(limit=5, window_seconds=60)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def hits(n: int, *, at: datetime, client: str = "203.0.113.7", rate: Rate = RATE) -> list[bool]:
    return [rate_hit(scope="test", client=client, rate=rate, now=at).allowed for _ in range(n)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/min", Rate(30, 60)),
        ("30/m", Rate(30, 60)),
        ("500/h", Rate(500, 3600)),
        ("5/10s", Rate(5, 10)),
        (" 2 / day ", Rate(2, 86400)),
    ],
)
def test_parse_rate(text: str, expected: Rate) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "30", "30/fortnight", "0/min", "3/0s", "-1/min", "٣/min"])
def test_parse_rate_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(BadRate):
        parse_rate(text)


def test_the_hit_over_the_limit_is_refused_and_another_client_is_not() -> None:
    assert hits(5, at=T0 + timedelta(seconds=1)) == [True] * 5
    refused = rate_hit(scope="test", client="203.0.113.7", rate=RATE, now=T0 + timedelta(seconds=2))
    assert not refused.allowed
    assert refused.retry_after > 0
    assert hits(1, at=T0 + timedelta(seconds=2), client="203.0.113.8") == [True]
    # Another scope has its own counter.
    assert rate_hit(
        scope="other", client="203.0.113.7", rate=RATE, now=T0 + timedelta(seconds=2)
    ).allowed


def test_the_window_slides_and_retry_after_is_honest() -> None:
    # given 5 hits at the start of a window: the 6th, at 30 s, is refused
    hits(5, at=T0 + timedelta(seconds=1))
    refused = rate_hit(
        scope="test", client="203.0.113.7", rate=RATE, now=T0 + timedelta(seconds=30)
    )
    assert not refused.allowed

    # when the client waits less than Retry-After, it is still refused
    wait = refused.retry_after
    early = T0 + timedelta(seconds=30 + wait - 1)
    assert not rate_hit(scope="test", client="203.0.113.7", rate=RATE, now=early).allowed

    # and after Retry-After (counted from the last refusal) one hit fits again
    last = rate_hit(scope="test", client="203.0.113.7", rate=RATE, now=early)
    assert not last.allowed
    later = early + timedelta(seconds=last.retry_after)
    assert hits(1, at=later) == [True]


def test_the_window_resets_after_two_windows() -> None:
    hits(8, at=T0 + timedelta(seconds=59))
    # The next window still weighs the previous one: a burst right after the edge is refused.
    assert hits(1, at=T0 + timedelta(seconds=61)) == [False]
    # Two windows on, nothing is left of the old hits.
    assert hits(5, at=T0 + timedelta(seconds=180)) == [True] * 5
    assert hits(1, at=T0 + timedelta(seconds=180)) == [False]


def test_the_previous_window_weighs_by_its_overlap() -> None:
    # 4 hits late in the first window; at 45 s into the next, they weigh 4 * 15/60 = 1.
    hits(4, at=T0 + timedelta(seconds=50))
    assert hits(4, at=T0 + timedelta(seconds=105)) == [True, True, True, True]
    assert hits(1, at=T0 + timedelta(seconds=105)) == [False]


def test_client_address_uses_the_connection_unless_a_proxy_header_is_trusted() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}
    # Not configured: a header any client may send is ignored.
    assert client_address(meta) == "10.0.0.2"
    # Configured: the last entry, the one the trusted proxy appended.
    assert client_address(meta, trusted_header="X-Forwarded-For") == "203.0.113.9"
    # Configured but absent: the connection's address.
    assert client_address({"REMOTE_ADDR": "10.0.0.2"}, trusted_header="X-Real-IP") == "10.0.0.2"
    assert client_address({"REMOTE_ADDR": "garbage"}) == "unknown"


def test_ipv6_clients_share_their_64_network() -> None:
    first = client_address({"REMOTE_ADDR": "2001:db8:1:2::a"})
    second = client_address({"REMOTE_ADDR": "2001:db8:1:2:ffff::b"})
    other = client_address({"REMOTE_ADDR": "2001:db8:1:3::a"})
    assert first == second == "2001:db8:1:2::/64"
    assert other != first
    assert client_address({"REMOTE_ADDR": "::ffff:203.0.113.9"}) == "203.0.113.9"


def test_the_cache_holds_no_client_address() -> None:
    hits(1, at=T0, client="203.0.113.77")
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys
    assert not any("203.0.113.77" in str(key) for key in keys)
