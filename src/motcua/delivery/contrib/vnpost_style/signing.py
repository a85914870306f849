"""HMAC-SHA256 over ``<timestamp>.<raw body>`` with the shared secret, both directions.

Requests to the post and the post's tracking callbacks carry ``X-Post-Timestamp`` (Unix seconds)
and ``X-Post-Signature: sha256=<hex>``; the receiver compares in constant time and refuses a
timestamp more than five minutes away from its clock.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Post-Signature"
TIMESTAMP_HEADER = "X-Post-Timestamp"
#: Seconds a signed message stays valid.
MAX_SKEW = 300


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(*, secret: str, timestamp: str, body: bytes, signature: str, now: float) -> bool:
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(now - moment) > MAX_SKEW:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected.encode(), signature.encode())


def headers_for(*, secret: str, body: bytes, now: float) -> dict[str, str]:
    timestamp = str(int(now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret=secret, timestamp=timestamp, body=body),
    }
