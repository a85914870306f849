"""The serving benchmark's mixed load (:data:`motcua_dev.bench.http.NATIONAL_PEAK`, its requests from
:func:`motcua_dev.bench.http_requests.plan_requests`) driven by client threads against one address,
as clients of a deployment behave when a node dies: a submission carries its own Idempotency-Key
and is sent again with the same key and body until it is acknowledged; a transition, which the API
cannot deduplicate, is sent once (its outcome, if the answer was lost, is read from the history);
a read that failed is counted, not retried."""

import base64
import dataclasses
import json
import random
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from motcua_dev.bench.figures import percentile
from motcua_dev.bench.http import Load, peak_load
from motcua_dev.bench.http_requests import Call, Plan
from motcua_dev.bench.http_server import send_call

SUBMIT = "api_submit"
TRANSITION = "api_transition"
SUBMIT_ATTEMPTS = 20


def plan_from_json(data: dict[str, Any]) -> Plan:
    """The plan the seed printed (:mod:`tests.cluster.seed`)."""

    def call(raw: dict[str, Any]) -> Call:
        return Call(
            endpoint=raw["endpoint"],
            method=raw["method"],
            path=raw["path"],
            headers=tuple((name, value) for name, value in raw["headers"]),
            body=base64.b64decode(raw["body"]),
            expect=raw["expect"],
        )

    return Plan(
        reads={name: [call(c) for c in calls] for name, calls in data["reads"].items()},
        submissions=[call(c) for c in data["submissions"]],
        transitions=[call(c) for c in data["transitions"]],
        secret_key="",
    )


@dataclass(frozen=True)
class Sample:
    endpoint: str
    at: float  # seconds since the tally's start
    ms: float
    status: int  # 0: no answer (connection refused or reset)

    @property
    def answered_at(self) -> float:
        return self.at + self.ms / 1000


@dataclass
class Tally:
    """What the clients saw, shared by their threads."""

    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    #: Idempotency-Key -> the code of the dossier the server acknowledged.
    acknowledged: dict[str, str] = field(default_factory=dict)
    abandoned: list[str] = field(default_factory=list)
    #: Dossier code -> whether the transition sent on it was acknowledged.
    transitions: dict[str, bool] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def errors(self, start: float = 0.0, stop: float = float("inf")) -> list[Sample]:
        """The failed requests answered between ``start`` and ``stop`` (a request under way when
        a node died fails when its answer does not come)."""
        return [
            s for s in self.samples if s.status not in (200, 201) and start <= s.answered_at < stop
        ]

    def answered_per_second(self, seconds: float) -> float:
        return sum(s.status in (200, 201) for s in self.samples) / seconds

    def p95_ms(self) -> dict[str, float]:
        kinds = sorted({s.endpoint for s in self.samples})
        return {
            kind: percentile(
                sorted(s.ms for s in self.samples if s.endpoint == kind and s.status in (200, 201)),
                95,
            )
            for kind in kinds
        }


def _send(port: int, call: Call, tally: Tally) -> tuple[int, bytes]:
    began = time.monotonic()
    try:
        status, body = send_call(port, call)
    except OSError as error:
        status, body = 0, str(error).encode()
    with tally.lock:
        tally.samples.append(
            Sample(call.endpoint, began - tally.started, (time.monotonic() - began) * 1000, status)
        )
    return status, body


def _submit(port: int, call: Call, tally: Tally) -> None:
    key = uuid.uuid4().hex
    keyed = dataclasses.replace(call, headers=(*call.headers, ("Idempotency-Key", key)))
    for attempt in range(SUBMIT_ATTEMPTS):
        status, body = _send(port, keyed, tally)
        if status == call.expect:
            code = str(json.loads(body)["code"])
            with tally.lock:
                tally.acknowledged[key] = code
            return
        time.sleep(min(0.1 * 2**attempt, 2.0))  # the same key and body again
    with tally.lock:
        tally.abandoned.append(key)


def _client(port: int, load: Load, index: int, clients: int, stop: float, tally: Tally) -> None:
    rng = random.Random(index)
    names = list(load.weights)
    weights = [load.weights[n] for n in names]
    cursors = dict.fromkeys(load.reads, index)
    # Each client moves its own dossiers on: a dossier gets one transition.
    mine = list(load.writes[TRANSITION][index::clients])
    while time.monotonic() < stop:
        name = rng.choices(names, weights)[0]
        if name == SUBMIT:
            _submit(port, load.writes[SUBMIT][0], tally)
        elif name == TRANSITION:
            if not mine:
                continue
            call = mine.pop()
            status, _body = _send(port, call, tally)
            code = call.path.rstrip("/").split("/")[-2]
            with tally.lock:
                tally.transitions[code] = status == call.expect
        else:
            calls = load.reads[name]
            _send(port, calls[cursors[name] % len(calls)], tally)
            cursors[name] += clients


def drive(
    port: int,
    plan: Plan,
    transitions: Sequence[Call],
    *,
    clients: int,
    seconds: float,
    tally: Tally,
) -> list[threading.Thread]:
    """Start ``clients`` threads sending the mixed load to ``port`` for ``seconds``; the caller
    joins them."""
    load = peak_load(plan, list(transitions))
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(port, load, i, clients, stop, tally), daemon=True)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    return threads
