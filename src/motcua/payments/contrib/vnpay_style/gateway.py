"""A payment gateway speaking the protocol of VNPAY-type Vietnamese gateways (``vnp_`` parameters).

* Checkout: the browser is redirected to ``/paymentv2/vpcpay.html`` with the order's parameters
  and ``vnp_SecureHash``; ``vnp_Amount`` is the amount in đồng times 100, ``vnp_CurrCode`` is VND.
* The gateway returns the browser to ``vnp_ReturnUrl`` and, server to server, calls the merchant's
  IPN address, both with signed parameters; the IPN is answered with ``{"RspCode", "Message"}``.
* Query (``querydr``) and refund (``refund``) are JSON POSTs to ``/merchant_webapi/api/transaction``,
  signed with their fields joined by ``|``; their answers are signed the same way and checked.
* The daily ledger (``/merchant_webapi/ledger``) lists the day's orders, each line signed.
"""

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from motcua.core.http import NO_REDIRECT_OPENER, RedirectRefused
from motcua.core.localtime import LOCAL_TZ
from motcua.payments.contrib.vnpay_style import signing
from motcua.payments.gateways import CheckoutOrder, GatewayError, GatewayReport, LedgerEntry

NAME = "vnpay_style"
VERSION = "2.1.0"
TIMEOUT = 10

#: The IPN answers of the protocol.
ANSWERS = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "Invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",
}


def gateway_time(moment: datetime) -> str:
    """``yyyyMMddHHmmss`` in Vietnam's time, as the protocol writes moments."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y%m%d%H%M%S")


class VnpayStyleGateway:
    name = NAME

    def __init__(
        self, *, base_url: str | None = None, tmn_code: str | None = None, secret: str | None = None
    ) -> None:
        self._base_url = base_url
        self._tmn_code = tmn_code
        self._secret = secret

    # Settings are read on each call, so that a test may point the gateway at its own simulator.
    @property
    def base_url(self) -> str:
        return str(self._base_url or settings.MOTCUA_PAY_GATEWAY_URL).rstrip("/")

    @property
    def tmn_code(self) -> str:
        return str(self._tmn_code or settings.MOTCUA_PAY_TMN_CODE)

    @property
    def secret(self) -> str:
        return str(self._secret or settings.MOTCUA_PAY_SECRET)

    def checkout_url(self, order: CheckoutOrder) -> str:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(order.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.order_id,
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_ip or "127.0.0.1",
            "vnp_CreateDate": gateway_time(order.created_at),
        }
        params[signing.HASH_FIELD] = signing.sign_params(params, self.secret)
        return f"{self.base_url}/paymentv2/vpcpay.html?{urlencode(params)}"

    def verify(self, params: Mapping[str, str]) -> bool:
        return signing.verify_params(params, self.secret) and (
            params.get("vnp_TmnCode") == self.tmn_code
        )

    def read(self, params: Mapping[str, str]) -> GatewayReport:
        return GatewayReport(
            order_id=str(params.get("vnp_TxnRef", "")),
            paid=params.get("vnp_ResponseCode") == "00"
            and params.get("vnp_TransactionStatus") == "00",
            amount=_dong(params.get("vnp_Amount")),
            # The IPN carries no currency of its own: it is the one the order was created in.
            currency=str(params.get("vnp_CurrCode", "VND")),
            transaction_no=str(params.get("vnp_TransactionNo", "")),
            bank_code=str(params.get("vnp_BankCode", "")),
            response_code=str(params.get("vnp_ResponseCode", "")),
        )

    def answer(self, code: str) -> dict[str, str]:
        return {"RspCode": code, "Message": ANSWERS.get(code, ANSWERS["99"])}

    def _post(self, body: dict[str, str]) -> dict[str, Any]:
        raw = json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is a setting, http(s) only
            f"{self.base_url}/merchant_webapi/api/transaction",
            data=raw,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> dict[str, Any]:
        try:
            with NO_REDIRECT_OPENER.open(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read() or b"{}")
        except RedirectRefused as error:
            message = f"payment gateway answered with a redirect ({error.code})"
            raise GatewayError(message) from None
        except urllib.error.HTTPError as error:
            raise GatewayError(f"payment gateway answered {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise GatewayError(f"payment gateway unreachable: {type(error).__name__}") from error
        if not isinstance(answer, dict):
            raise GatewayError("payment gateway answered something that is not an object")
        return answer

    def query(self, *, order_id: str, created_at: datetime, at: datetime) -> GatewayReport:
        body = {
            "vnp_RequestId": uuid.uuid4().hex,
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": order_id,
            "vnp_OrderInfo": f"Truy van giao dich {order_id}",
            "vnp_TransactionDate": gateway_time(created_at),
            "vnp_CreateDate": gateway_time(at),
            "vnp_IpAddr": "127.0.0.1",
        }
        body[signing.HASH_FIELD] = signing.sign_fields(
            body, signing.QUERY_REQUEST_FIELDS, self.secret
        )
        answer = {k: str(v) for k, v in self._post(body).items()}
        if not signing.verify_fields(answer, signing.QUERY_RESPONSE_FIELDS, self.secret):
            raise GatewayError("the query answer's signature is not the gateway's")
        if answer.get("vnp_ResponseCode") == "91":
            return GatewayReport(
                order_id=order_id,
                paid=False,
                amount=None,
                currency="VND",
                transaction_no="",
                response_code="91",
                found=False,
            )
        if answer.get("vnp_ResponseCode") != "00" or answer.get("vnp_TxnRef") != order_id:
            raise GatewayError(f"query refused with code {answer.get('vnp_ResponseCode')}")
        return GatewayReport(
            order_id=order_id,
            paid=answer.get("vnp_TransactionStatus") == "00",
            amount=_dong(answer.get("vnp_Amount")),
            currency="VND",
            transaction_no=answer.get("vnp_TransactionNo", ""),
            bank_code=answer.get("vnp_BankCode", ""),
            response_code=answer.get("vnp_TransactionStatus", ""),
        )

    def refund(
        self,
        *,
        order_id: str,
        transaction_no: str,
        amount: int,
        created_at: datetime,
        at: datetime,
        by: str,
    ) -> str:
        body = {
            "vnp_RequestId": uuid.uuid4().hex,
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": "02",  # full refund
            "vnp_TxnRef": order_id,
            "vnp_Amount": str(amount * 100),
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionDate": gateway_time(created_at),
            "vnp_CreateBy": by[:60],
            "vnp_CreateDate": gateway_time(at),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_OrderInfo": f"Hoan tien {order_id}",
        }
        body[signing.HASH_FIELD] = signing.sign_fields(
            body, signing.REFUND_REQUEST_FIELDS, self.secret
        )
        answer = {k: str(v) for k, v in self._post(body).items()}
        if not signing.verify_fields(answer, signing.REFUND_RESPONSE_FIELDS, self.secret):
            raise GatewayError("the refund answer's signature is not the gateway's")
        # 94: a refund of this transaction is already being processed (asked before).
        if answer.get("vnp_ResponseCode") not in {"00", "94"}:
            raise GatewayError(f"refund refused with code {answer.get('vnp_ResponseCode')}")
        return answer.get("vnp_ResponseId", "")

    def ledger(self, *, day: date) -> list[LedgerEntry]:
        params = {"vnp_TmnCode": self.tmn_code, "vnp_Date": day.strftime("%Y%m%d")}
        params[signing.HASH_FIELD] = signing.sign_params(params, self.secret)
        request = urllib.request.Request(  # noqa: S310 - the URL is a setting
            f"{self.base_url}/merchant_webapi/ledger?{urlencode(params)}"
        )
        answer = self._open(request)
        entries: list[LedgerEntry] = []
        for line in answer.get("entries", []):
            values = {k: str(v) for k, v in line.items()}
            if not signing.verify_fields(values, signing.LEDGER_FIELDS, self.secret):
                raise GatewayError("a ledger line's signature is not the gateway's")
            entries.append(
                LedgerEntry(
                    order_id=values["vnp_TxnRef"],
                    amount=_dong(values["vnp_Amount"]) or 0,
                    transaction_no=values.get("vnp_TransactionNo", ""),
                    paid=values.get("vnp_TransactionStatus") == "00",
                )
            )
        return entries


def _dong(raw: object) -> int | None:
    """``vnp_Amount`` (đồng × 100, digits only) as whole đồng; ``None`` if it is not that."""
    text = str(raw or "")
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    if value % 100:
        return None
    return value // 100
