"""The signatures of VNPAY-type gateways: HMAC-SHA512, hex, compared in constant time.

Redirects, return URLs and notifications (IPN) sign the ``vnp_`` parameters sorted by name, each
``name=value`` with the value URL-encoded (``quote_plus``), joined by ``&``, leaving out
``vnp_SecureHash`` and ``vnp_SecureHashType``. The query and refund APIs sign their fields joined
by ``|`` in an order the API fixes.
"""

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from urllib.parse import quote_plus

HASH_FIELD = "vnp_SecureHash"
_UNSIGNED = frozenset({HASH_FIELD, "vnp_SecureHashType"})


def hash_data(params: Mapping[str, str]) -> str:
    """The text that is signed: sorted ``vnp_`` parameters, values URL-encoded, joined by ``&``."""
    items = sorted(
        (key, value)
        for key, value in params.items()
        if key.startswith("vnp_") and key not in _UNSIGNED and value != ""
    )
    return "&".join(f"{key}={quote_plus(str(value))}" for key, value in items)


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def sign_params(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, hash_data(params))


def verify_params(params: Mapping[str, str], secret: str) -> bool:
    """Constant-time check of ``vnp_SecureHash`` over the other parameters."""
    given = str(params.get(HASH_FIELD, "")).lower()
    expected = sign_params(params, secret)
    return hmac.compare_digest(expected.encode(), given.encode())


def sign_fields(values: Mapping[str, str], order: Sequence[str], secret: str) -> str:
    """The signature of an API message: the fields in ``order`` joined by ``|``."""
    return hmac_sha512(secret, "|".join(str(values.get(name, "")) for name in order))


def verify_fields(values: Mapping[str, str], order: Sequence[str], secret: str) -> bool:
    given = str(values.get(HASH_FIELD, "")).lower()
    expected = sign_fields(values, order, secret)
    return hmac.compare_digest(expected.encode(), given.encode())


QUERY_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)
#: The query answer signs what the refund answer signs, then the promotion applied to the payment.
QUERY_RESPONSE_FIELDS = (*REFUND_RESPONSE_FIELDS, "vnp_PromotionCode", "vnp_PromotionAmount")
#: The signed fields of one ledger line (the daily reconciliation file).
LEDGER_FIELDS = (
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionStatus",
    "vnp_PayDate",
)
