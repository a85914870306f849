import hashlib
import hmac

from motcua.core.hmac_signing import HmacScheme

SCHEME = HmacScheme(signature_header="X-Test-Signature", timestamp_header="X-Test-Timestamp")
NOW = 1_767_225_600.0
SECRET = "shared-secret"


def test_the_signature_is_hmac_sha256_over_the_timestamp_and_the_raw_body() -> None:
    body = '{"text": "Hồ sơ"}'.encode()
    expected = hmac.new(SECRET.encode(), b"1767225600." + body, hashlib.sha256).hexdigest()
    assert SCHEME.sign(secret=SECRET, timestamp="1767225600", body=body) == f"sha256={expected}"


def test_headers_for_carry_a_timestamp_and_a_signature_the_receiver_accepts() -> None:
    headers = SCHEME.headers_for(secret=SECRET, body=b"{}", now=NOW)
    assert headers["X-Test-Timestamp"] == "1767225600"
    assert SCHEME.verify(
        secret=SECRET,
        timestamp=headers["X-Test-Timestamp"],
        body=b"{}",
        signature=headers["X-Test-Signature"],
        now=NOW + 10,
    )


def test_verify_refuses_another_secret_another_body_a_stale_or_unreadable_timestamp() -> None:
    good = SCHEME.sign(secret=SECRET, timestamp="1767225600", body=b"{}")

    def accepted(
        *,
        secret: str = SECRET,
        timestamp: str = "1767225600",
        body: bytes = b"{}",
        now: float = NOW,
    ) -> bool:
        return SCHEME.verify(secret=secret, timestamp=timestamp, body=body, signature=good, now=now)

    assert accepted()
    assert not accepted(secret="other")
    assert not accepted(body=b"{ }")
    assert not accepted(now=NOW + SCHEME.max_skew + 1)
    assert not accepted(now=NOW - SCHEME.max_skew - 1)
    assert not accepted(timestamp="1767225600.0")
