"""Start ``motcua pay-sim`` as a real process for tests, and speak to its control endpoints."""

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from motcua_dev.testing.processes import free_port, motcua_process

PAY_SECRET = "test-pay-secret"
TMN_CODE = "TESTTMN1"


@dataclass(frozen=True)
class PaySim:
    port: int
    secret: str
    tmn_code: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the local simulator
            f"{self.url}/_control/{path}",
            data=data,
            method="POST" if data is not None else "GET",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
            return json.loads(answer.read())

    def open_checkout(self, checkout_url: str) -> str:
        """What the citizen's browser does first: open the signed payment page."""
        with urllib.request.urlopen(checkout_url, timeout=10) as answer:  # noqa: S310
            return str(answer.read().decode())

    def pay(self, txn_ref: str, action: str = "pay") -> dict[str, Any]:
        answer: dict[str, Any] = self.control("pay", {"txn_ref": txn_ref, "action": action})
        return answer


@contextmanager
def run_pay_sim(*, ipn_url: str = "", ipn: str = "never") -> Iterator[PaySim]:
    port = free_port()
    args = [
        "pay-sim",
        "--port",
        str(port),
        "--secret",
        PAY_SECRET,
        "--tmn-code",
        TMN_CODE,
        "--ipn",
        ipn,
        "--ipn-url",
        ipn_url or "http://127.0.0.1:9/none",
    ]
    with motcua_process(args, port):
        yield PaySim(port=port, secret=PAY_SECRET, tmn_code=TMN_CODE)
