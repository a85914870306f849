"""The SMS gateway's signature, both directions: ``X-Motcua-Timestamp`` (Unix seconds) and
``X-Motcua-Signature: sha256=<hex>`` over ``<timestamp>.<raw body>``
(:class:`motcua.core.hmac_signing.HmacScheme`)."""

from motcua.core.hmac_signing import HmacScheme

SCHEME = HmacScheme(signature_header="X-Motcua-Signature", timestamp_header="X-Motcua-Timestamp")
SIGNATURE_HEADER = SCHEME.signature_header
TIMESTAMP_HEADER = SCHEME.timestamp_header

sign = SCHEME.sign
verify = SCHEME.verify
headers_for = SCHEME.headers_for
