"""A local VNPAY-type gateway for the demo and the tests, speaking the real protocol.

The citizen's browser lands on its payment page (signed redirect, checked), clicks "Thanh toán" or
"Hủy", and is sent back to the return address with signed parameters; the notification (IPN) goes
server to server to ``--ipn-url``. It keeps a ledger and answers the query, refund and ledger APIs.

Control endpoints for tests (JSON, under ``/_control/``): ``config`` (IPN ``immediate``, ``late``
after ``delay`` seconds, or ``never``), ``pay`` (what the buttons do, without a browser),
``notify`` (send a notification now: ``times`` in a row or ``parallel``, ``delay``ed, ``forge``d
with another key, ``tamper``ed after signing or ``override``n before signing), ``notification``
(the signed parameters without sending them), ``ledger`` (read, or plant a line).
"""

import html
import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from motcua.core.localtime import LOCAL_TZ
from motcua.payments.contrib.vnpay_style import signing

MAX_BODY = 64 * 1024
FORGED_SECRET = "not-the-merchant-secret"  # noqa: S105 - signs forged notifications on purpose


def _now_text() -> str:
    return datetime.now(tz=LOCAL_TZ).strftime("%Y%m%d%H%M%S")


class Ledger:
    """The gateway's orders, by ``vnp_TxnRef``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.orders: dict[str, dict[str, str]] = {}
        self.sent: list[dict[str, Any]] = []
        self.counter = 14_000_000

    def next_transaction_no(self) -> str:
        with self.lock:
            self.counter += 1
            return str(self.counter)


class Simulator:
    def __init__(self, *, tmn_code: str, secret: str, ipn_url: str) -> None:
        self.tmn_code = tmn_code
        self.secret = secret
        self.ipn_url = ipn_url
        self.ledger = Ledger()
        self.config: dict[str, Any] = {"ipn": "immediate", "delay": 0.0, "times": 1}

    # Notifications

    def notification(self, order: dict[str, str], options: dict[str, Any]) -> dict[str, str]:
        params = {
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": order["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": "VNP" + order.get("vnp_TransactionNo", ""),
            "vnp_CardType": "ATM",
            "vnp_PayDate": order.get("vnp_PayDate", _now_text()),
            "vnp_OrderInfo": order["vnp_OrderInfo"],
            "vnp_TransactionNo": order.get("vnp_TransactionNo", "0"),
            "vnp_ResponseCode": order["vnp_ResponseCode"],
            "vnp_TransactionStatus": order["vnp_TransactionStatus"],
            "vnp_TxnRef": order["vnp_TxnRef"],
        }
        params.update({k: str(v) for k, v in dict(options.get("override") or {}).items()})
        secret = FORGED_SECRET if options.get("forge") else self.secret
        params[signing.HASH_FIELD] = signing.sign_params(params, secret)
        params.update({k: str(v) for k, v in dict(options.get("tamper") or {}).items()})
        return params

    def send(self, params: dict[str, str]) -> str:
        """GET the IPN address with ``params``; the ``RspCode`` answered, or ``error``."""
        url = f"{self.ipn_url}?{urlencode(params)}"
        code = "error"
        try:
            request = urllib.request.Request(url)  # noqa: S310 - the merchant's configured address
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                code = str(json.loads(response.read() or b"{}").get("RspCode", "error"))
        except (urllib.error.URLError, OSError, ValueError):
            code = "error"
        with self.ledger.lock:
            self.ledger.sent.append({"txn_ref": params.get("vnp_TxnRef"), "answer": code})
        return code

    def notify(self, order: dict[str, str], options: dict[str, Any]) -> list[str]:
        delay = float(options.get("delay") or 0)
        if delay:
            time.sleep(delay)
        times = max(int(options.get("times") or 1), 1)
        params = self.notification(order, options)
        if options.get("parallel"):
            with ThreadPoolExecutor(max_workers=min(times, 32)) as pool:
                return list(pool.map(lambda _i: self.send(params), range(times)))
        return [self.send(params) for _ in range(times)]

    def deliver(self, order: dict[str, str]) -> None:
        """The automatic IPN after a payment, as configured; retried while unanswered."""
        mode = self.config.get("ipn", "immediate")
        if mode == "never" or not self.ipn_url:
            return

        def run() -> None:
            if mode == "late":
                time.sleep(float(self.config.get("delay") or 0))
            for attempt in range(5):
                answers = self.notify(order, {"times": int(self.config.get("times") or 1)})
                if any(a in {"00", "02", "01", "04", "97"} for a in answers):
                    return
                time.sleep(0.5 * 2**attempt)

        threading.Thread(target=run, daemon=True).start()

    # Payment

    def register(self, params: dict[str, str]) -> dict[str, str] | None:
        if not signing.verify_params(params, self.secret) or params.get("vnp_TmnCode") != (
            self.tmn_code
        ):
            return None
        with self.ledger.lock:
            order = self.ledger.orders.get(params["vnp_TxnRef"])
            if order is None:
                order = {
                    "vnp_TxnRef": params["vnp_TxnRef"],
                    "vnp_Amount": params["vnp_Amount"],
                    "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
                    "vnp_ReturnUrl": params.get("vnp_ReturnUrl", ""),
                    "vnp_CreateDate": params.get("vnp_CreateDate", _now_text()),
                    "vnp_ResponseCode": "",
                    "vnp_TransactionStatus": "01",  # not completed yet
                }
                self.ledger.orders[order["vnp_TxnRef"]] = order
            return dict(order)

    def complete(self, txn_ref: str, action: str) -> tuple[dict[str, str], str] | None:
        with self.ledger.lock:
            order = self.ledger.orders.get(txn_ref)
            if order is None:
                return None
            if order["vnp_TransactionStatus"] == "01":
                if action == "pay":
                    self.ledger.counter += 1
                    order["vnp_TransactionNo"] = str(self.ledger.counter)
                    order["vnp_ResponseCode"] = "00"
                    order["vnp_TransactionStatus"] = "00"
                else:
                    order["vnp_TransactionNo"] = "0"
                    order["vnp_ResponseCode"] = "24"  # the customer cancelled
                    order["vnp_TransactionStatus"] = "02"
                order["vnp_PayDate"] = _now_text()
                fresh = True
            else:
                fresh = False
            snapshot = dict(order)
        if fresh:
            self.deliver(snapshot)
        params = self.notification(snapshot, {})
        return snapshot, f"{snapshot['vnp_ReturnUrl']}?{urlencode(params)}"

    # APIs

    def api(self, body: dict[str, str]) -> dict[str, str]:
        command = body.get("vnp_Command")
        fields = (
            signing.QUERY_REQUEST_FIELDS if command == "querydr" else signing.REFUND_REQUEST_FIELDS
        )
        answer: dict[str, str] = {
            "vnp_ResponseId": body.get("vnp_RequestId", ""),
            "vnp_Command": str(command),
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
            "vnp_Amount": "",
            "vnp_BankCode": "",
            "vnp_PayDate": "",
            "vnp_TransactionNo": "",
            "vnp_TransactionType": body.get("vnp_TransactionType", "01"),
            "vnp_TransactionStatus": "",
            "vnp_OrderInfo": body.get("vnp_OrderInfo", ""),
            "vnp_PromotionCode": "",
            "vnp_PromotionAmount": "",
        }
        if command not in {"querydr", "refund"} or not signing.verify_fields(
            body, fields, self.secret
        ):
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        else:
            with self.ledger.lock:
                order = self.ledger.orders.get(body.get("vnp_TxnRef", ""))
                if order is None:
                    answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
                elif command == "querydr":
                    answer.update(
                        vnp_ResponseCode="00",
                        vnp_Message="QueryDR Success",
                        vnp_Amount=order["vnp_Amount"],
                        vnp_BankCode="NCB",
                        vnp_PayDate=order.get("vnp_PayDate", ""),
                        vnp_TransactionNo=order.get("vnp_TransactionNo", ""),
                        vnp_TransactionStatus=order["vnp_TransactionStatus"],
                    )
                elif order["vnp_TransactionStatus"] == "05":
                    answer.update(vnp_ResponseCode="94", vnp_Message="Refund already requested")
                elif (
                    order["vnp_TransactionStatus"] != "00"
                    or body.get("vnp_Amount") != (order["vnp_Amount"])
                ):
                    answer.update(vnp_ResponseCode="02", vnp_Message="Refund not allowed")
                else:
                    order["vnp_TransactionStatus"] = "05"  # being refunded
                    order["refunded"] = "1"
                    answer.update(
                        vnp_ResponseCode="00",
                        vnp_Message="Refund success",
                        vnp_Amount=order["vnp_Amount"],
                        vnp_TransactionNo=order.get("vnp_TransactionNo", ""),
                        vnp_TransactionStatus="05",
                    )
        answer_fields = (
            signing.QUERY_RESPONSE_FIELDS
            if command == "querydr"
            else signing.REFUND_RESPONSE_FIELDS
        )
        answer[signing.HASH_FIELD] = signing.sign_fields(answer, answer_fields, self.secret)
        return answer

    def ledger_lines(self, day: str) -> list[dict[str, str]]:
        lines = []
        with self.ledger.lock:
            orders = [dict(o) for o in self.ledger.orders.values()]
        for order in sorted(orders, key=lambda o: o["vnp_TxnRef"]):
            if not order.get("vnp_CreateDate", "").startswith(day):
                continue
            status = order["vnp_TransactionStatus"]
            line = {
                "vnp_TmnCode": self.tmn_code,
                "vnp_TxnRef": order["vnp_TxnRef"],
                "vnp_Amount": order["vnp_Amount"],
                "vnp_TransactionNo": order.get("vnp_TransactionNo", ""),
                # A refunded payment was still paid on the day; the refund is its own matter.
                "vnp_TransactionStatus": "00" if status == "05" else status,
                "vnp_PayDate": order.get("vnp_PayDate", ""),
            }
            line[signing.HASH_FIELD] = signing.sign_fields(line, signing.LEDGER_FIELDS, self.secret)
            lines.append(line)
        return lines


PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Cổng thanh toán (mô phỏng)</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}}
dt{{font-weight:bold}}button{{font-size:1.1rem;padding:.6rem 1.2rem;margin:.5rem .5rem 0 0}}
.pay{{background:#00703c;color:#fff;border:0}}.cancel{{background:#f3f2f1;color:#0b0c0c}}</style>
</head><body><main>
<h1>Cổng thanh toán (mô phỏng)</h1>
<p>Đây là cổng thanh toán mô phỏng theo giao thức của các cổng thanh toán Việt Nam.</p>
<dl><dt>Mã giao dịch</dt><dd>{txn}</dd><dt>Nội dung</dt><dd>{info}</dd>
<dt>Số tiền</dt><dd>{amount} VND</dd></dl>
<form method="post" action="/paymentv2/confirm"><input type="hidden" name="txn_ref" value="{txn}">
<button class="pay" type="submit" name="action" value="pay">Thanh toán</button>
<button class="cancel" type="submit" name="action" value="cancel">Hủy</button></form>
</main></body></html>"""


def make_server(
    *,
    host: str,
    port: int,
    tmn_code: str,
    secret: str,
    ipn_url: str,
    ipn: str = "immediate",
    ipn_delay: float = 0.0,
) -> ThreadingHTTPServer:
    sim = Simulator(tmn_code=tmn_code, secret=secret, ipn_url=ipn_url)
    sim.config.update(ipn=ipn, delay=ipn_delay)

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, raw: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _json(self, status: int, body: Any) -> None:
            self._send(
                status,
                json.dumps(body, ensure_ascii=False).encode(),
                "application/json; charset=utf-8",
            )

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                return b""
            return self.rfile.read(length)

        def _json_body(self) -> dict[str, Any]:
            try:
                data = json.loads(self._body() or b"{}")
            except ValueError:
                return {}
            return data if isinstance(data, dict) else {}

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            if url.path == "/paymentv2/vpcpay.html":
                order = sim.register(query)
                if order is None:
                    self._send(
                        HTTPStatus.BAD_REQUEST,
                        "Sai chữ ký (Invalid signature)".encode(),
                        "text/plain; charset=utf-8",
                    )
                    return
                amount = f"{int(order['vnp_Amount']) // 100:,}".replace(",", ".")
                page = PAGE.format(
                    txn=html.escape(order["vnp_TxnRef"]),
                    info=html.escape(order["vnp_OrderInfo"]),
                    amount=amount,
                )
                self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
            elif url.path == "/merchant_webapi/ledger":
                if not signing.verify_params(query, sim.secret):
                    self._json(HTTPStatus.FORBIDDEN, {"error": "invalid signature"})
                    return
                self._json(HTTPStatus.OK, {"entries": sim.ledger_lines(query.get("vnp_Date", ""))})
            elif url.path == "/_control/ledger":
                with sim.ledger.lock:
                    self._json(HTTPStatus.OK, list(sim.ledger.orders.values()))
            elif url.path == "/_control/sent":
                with sim.ledger.lock:
                    self._json(HTTPStatus.OK, list(sim.ledger.sent))
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            if path == "/paymentv2/confirm":
                form = dict(parse_qsl(self._body().decode()))
                done = sim.complete(form.get("txn_ref", ""), form.get("action", "cancel"))
                if done is None:
                    self._json(HTTPStatus.NOT_FOUND, {"error": "no such order"})
                    return
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", done[1])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/merchant_webapi/api/transaction":
                body = {k: str(v) for k, v in self._json_body().items()}
                self._json(HTTPStatus.OK, sim.api(body))
            elif path == "/_control/config":
                sim.config.update(self._json_body())
                self._json(HTTPStatus.OK, sim.config)
            elif path == "/_control/pay":
                body = self._json_body()
                done = sim.complete(str(body.get("txn_ref", "")), str(body.get("action", "pay")))
                if done is None:
                    self._json(HTTPStatus.NOT_FOUND, {"error": "no such order"})
                    return
                self._json(HTTPStatus.OK, {"order": done[0], "return_url": done[1]})
            elif path in {"/_control/notify", "/_control/notification"}:
                body = self._json_body()
                with sim.ledger.lock:
                    order = sim.ledger.orders.get(str(body.get("txn_ref", "")))
                    order = dict(order) if order else None
                if order is None:
                    self._json(HTTPStatus.NOT_FOUND, {"error": "no such order"})
                    return
                if path == "/_control/notification":
                    self._json(HTTPStatus.OK, {"params": sim.notification(order, body)})
                else:
                    self._json(HTTPStatus.OK, {"answers": sim.notify(order, body)})
            elif path == "/_control/ledger":
                body = {k: str(v) for k, v in self._json_body().items()}
                with sim.ledger.lock:
                    line = sim.ledger.orders.setdefault(
                        body["vnp_TxnRef"],
                        {"vnp_OrderInfo": "", "vnp_ReturnUrl": "", "vnp_ResponseCode": "00"},
                    )
                    line.update(body)
                    self._json(HTTPStatus.OK, line)
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the parameters carry payers' order descriptions."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
