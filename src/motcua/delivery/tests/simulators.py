"""Start the real ``motcua post-sim`` process for tests, and play the post's side through it."""

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from motcua_dev.testing.processes import free_port, motcua_process

POST_SECRET = "test-post-secret"


@dataclass(frozen=True)
class PostSim:
    port: int
    secret: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def orders(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"{self.url}/control/orders", timeout=5) as answer:  # noqa: S310
            data: list[dict[str, Any]] = json.loads(answer.read())
        return data

    def advance(
        self, tracking_number: str, verb: str, *, push: bool = True, at: str = "", place: str = ""
    ) -> dict[str, Any]:
        """Play one step of the post (``accept``, ``transit``, ``deliver``, ``return``, or
        ``repush`` of the last event); the answer holds the event and the callback's status."""
        body = json.dumps({"at": at, "place": place}).encode()
        request = urllib.request.Request(  # noqa: S310 - the local simulator
            f"{self.url}/control/orders/{tracking_number}/{verb}?push={int(push)}",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310
            data: dict[str, Any] = json.loads(answer.read())
        return data


@contextmanager
def run_post_sim() -> Iterator[PostSim]:
    port = free_port()
    with motcua_process(["post-sim", "--port", str(port), "--secret", POST_SECRET], port):
        yield PostSim(port=port, secret=POST_SECRET)
