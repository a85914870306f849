"""HMAC-SHA256 signatures of the HTTP messages motcua exchanges with outside systems.

A provider (the SMS gateway, the post) shares a secret with motcua; each message carries a
timestamp header (Unix seconds) and a signature header ``sha256=<hex>`` computed over
``<timestamp>.<raw body>``. The receiver compares in constant time and refuses a timestamp further
than ``max_skew`` seconds from its own clock, so that a captured message cannot be replayed later.
Only the header names differ from one provider to the next.
"""

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class HmacScheme:
    """The header names one provider uses, and how old a signed message may be."""

    signature_header: str
    timestamp_header: str
    #: Seconds a signed message stays valid, either side of the receiver's clock.
    max_skew: int = 300

    def sign(self, *, secret: str, timestamp: str, body: bytes) -> str:
        digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
        return "sha256=" + digest.hexdigest()

    def verify(
        self, *, secret: str, timestamp: str, body: bytes, signature: str, now: float
    ) -> bool:
        """Constant-time check of the signature over the raw bytes, and of the timestamp's age."""
        try:
            moment = int(timestamp)
        except ValueError:
            return False
        if abs(now - moment) > self.max_skew:
            return False
        expected = self.sign(secret=secret, timestamp=timestamp, body=body)
        return hmac.compare_digest(expected.encode(), signature.encode())

    def headers_for(self, *, secret: str, body: bytes, now: float) -> dict[str, str]:
        """The two headers of a message sent at ``now``."""
        timestamp = str(int(now))
        return {
            self.timestamp_header: timestamp,
            self.signature_header: self.sign(secret=secret, timestamp=timestamp, body=body),
        }
