"""HMAC-SHA256 over ``<timestamp>.<raw body>`` with the shared secret, both directions.

Requests to the post and the post's tracking callbacks carry ``X-Post-Timestamp`` (Unix seconds)
and ``X-Post-Signature: sha256=<hex>``; the receiver compares in constant time and refuses a
timestamp more than five minutes away from its clock (:class:`motcua.core.hmac_signing.HmacScheme`).
"""

from motcua.core.hmac_signing import HmacScheme

SCHEME = HmacScheme(signature_header="X-Post-Signature", timestamp_header="X-Post-Timestamp")
SIGNATURE_HEADER = SCHEME.signature_header
TIMESTAMP_HEADER = SCHEME.timestamp_header

sign = SCHEME.sign
verify = SCHEME.verify
headers_for = SCHEME.headers_for
