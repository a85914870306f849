import hashlib
import hmac

SIGNATURE_HEADER = "X-Motcua-Signature"
TIMESTAMP_HEADER = "X-Motcua-Timestamp"
#: Seconds a signed request stays valid.
MAX_SKEW = 300


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(*, secret: str, timestamp: str, body: bytes, signature: str, now: float) -> bool:
    """Constant-time check of the signature over the raw bytes, and of the timestamp's age."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(now - moment) > MAX_SKEW:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected.encode(), signature.encode())
