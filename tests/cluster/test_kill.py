"""The reference deployment under the serving benchmark's mixed load, with one web node and one
worker killed (SIGKILL) and then the replica stopped: nothing acknowledged is lost or doubled,
codes have no gaps, every outbox effect ran once, the audit log verifies, the dashboards keep
answering, and the load balancer stops sending to the dead node within seconds. PostgreSQL only
(the cluster runs its own primary and replica); about three minutes. Set MOTCUA_KILL_FIGURES=1
and -s to print the figures."""

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from motcua_dev.bench.http_requests import Plan
from tests.cluster.load import TRANSITION, Tally, drive, plan_from_json

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_DIR = ROOT / "var" / "cluster-kill"
LB_PORT = 58000
NODE_PORTS = (58001, 58002)
PG_BIN = Path("/usr/lib/postgresql/15/bin")
#: Dossiers of the fast fill (one in four open: the transitions' dossiers) and transitions planned.
FILL = 2000
TRANSITIONS = 1200
#: Client threads; on 2 cores shared by both nodes, the workers, PostgreSQL and the clients, 6
#: keep the nodes busy without queueing for long.
CLIENTS = 6
CAPACITY_SECONDS = 6.0
LOAD_SECONDS = 14.0
KILL_AFTER = 4.0
REPLICA_STOP_AFTER = 9.0
#: The health check runs every second and takes a node out after 2 failures.
MARKED_DOWN_WITHIN = 5.0
#: After this long past the kill, no client sees an error any more.
RECOVERED_WITHIN = 5.0

pytestmark = pytest.mark.postgresql


def _cluster(action: str) -> None:
    env = {
        **os.environ,
        "MOTCUA_CLUSTER_DIR": str(CLUSTER_DIR),
        "MOTCUA_WEB_WORKERS": "2",
        # All the clients come from one address, as in the serving benchmark.
        "MOTCUA_LOOKUP_RATE": "1000000000/min",
    }
    subprocess.run(["bash", str(ROOT / "scripts" / "cluster.sh"), action], env=env, check=True)


def _cluster_env() -> dict[str, str]:
    env = dict(os.environ)
    for line in (CLUSTER_DIR / "env").read_text().splitlines():
        name, _sep, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip("'")
    env["MOTCUA_WEB_WORKERS"] = "2"
    return env


@pytest.fixture(scope="module")
def cluster() -> Iterator[dict[str, str]]:
    if os.geteuid() != 0 and not shutil.which("haproxy"):
        pytest.fail("the kill test needs haproxy (scripts/cluster-deps.sh) and PostgreSQL 15")
    shutil.rmtree(CLUSTER_DIR, ignore_errors=True)
    try:
        _cluster("up")
        yield _cluster_env()
    finally:
        _cluster("down")
        shutil.rmtree(CLUSTER_DIR, ignore_errors=True)


def _in_cluster(module: str, env: dict[str, str], *args: str, given: str = "") -> Any:
    """Run ``python -m module`` with the cluster's environment; its last line of output, as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        input=given,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _status(path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{LB_PORT}{path}", timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def _node_state(port: int) -> str:
    """The node's state as HAProxy's health checks hold it (UP, DOWN, ...), from its stats socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stats:
        stats.connect(str(CLUSTER_DIR / "run" / "haproxy.sock"))
        stats.sendall(b"show stat\n")
        data = b""
        while chunk := stats.recv(65536):
            data += chunk
    rows = csv.DictReader(data.decode().removeprefix("# ").splitlines())
    return next(row["status"] for row in rows if row["svname"] == f"node-{port}")


def _kill_group(name: str) -> None:
    pid = int((CLUSTER_DIR / "run" / f"{name}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)


def _stop_replica() -> None:
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(CLUSTER_DIR / "pg-replica"), "-m", "immediate"]
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_postgres, *pg_ctl, "-w", "stop"], check=True, capture_output=True)


def _run(port: int, plan: Plan, share: int, seconds: float) -> Tally:
    tally = Tally()
    for thread in drive(
        port, plan, plan.transitions[share::3], clients=CLIENTS, seconds=seconds, tally=tally
    ):
        thread.join(timeout=seconds + 120)
    return tally


def _joined(threads: list[threading.Thread], seconds: float) -> None:
    for thread in threads:
        thread.join(timeout=seconds + 120)


def test_a_node_and_a_worker_killed_under_load_lose_nothing(cluster: dict[str, str]) -> None:
    began = time.monotonic()
    seed = _in_cluster("tests.cluster.seed", cluster, str(FILL), str(TRANSITIONS))
    seeded = time.monotonic() - began
    plan = plan_from_json(seed)
    since = datetime.now(UTC)
    # The same mixed load, for the same time, on one node and then through the load balancer.
    one_node = _run(NODE_PORTS[1], plan, 0, CAPACITY_SECONDS)
    two_nodes = _run(LB_PORT, plan, 1, CAPACITY_SECONDS)

    load = Tally()
    threads = drive(
        LB_PORT, plan, plan.transitions[2::3], clients=CLIENTS, seconds=LOAD_SECONDS, tally=load
    )
    time.sleep(KILL_AFTER)
    _kill_group(f"web-{NODE_PORTS[0]}")
    _kill_group("worker-1")
    killed_at = time.monotonic() - load.started
    while _node_state(NODE_PORTS[0]).startswith("UP") and (
        time.monotonic() - load.started < killed_at + 2 * MARKED_DOWN_WITHIN
    ):
        time.sleep(0.05)
    marked_down = time.monotonic() - load.started - killed_at
    time.sleep(max(0.0, REPLICA_STOP_AFTER - (time.monotonic() - load.started)))
    _stop_replica()
    replica_stopped_at = time.monotonic() - load.started
    _joined(threads, LOAD_SECONDS)

    tallies = (one_node, two_nodes, load)
    transitioned = {code: ok for t in tallies for code, ok in t.transitions.items()}
    began = time.monotonic()
    facts = _in_cluster(
        "tests.cluster.check",
        cluster,
        given=json.dumps(
            {
                "since": since.isoformat(),
                "highest_pk": seed["highest_pk"],
                "transitioned": list(transitioned),
            }
        ),
    )

    checked = time.monotonic() - began

    # every acknowledged submission exists exactly once, and no other dossier was made
    assert [t.abandoned for t in tallies] == [[], [], []]
    codes = [code for t in tallies for code in t.acknowledged.values()]
    assert len(codes) == len(set(codes))
    assert sorted(facts["new_codes"]) == sorted(codes)
    # codes have no gaps: per agency and day, 1..n
    series: dict[str, list[int]] = {}
    for code in facts["all_codes"]:
        prefix, number = code.rsplit("-", 1)
        series.setdefault(prefix, []).append(int(number))
    for prefix, numbers in series.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix
    # every acknowledged transition applied once; one whose answer was lost, at most once
    moved = facts["moved"]
    assert {c: moved.get(c, 0) for c, ok in transitioned.items() if ok} == {
        c: 1 for c, ok in transitioned.items() if ok
    }
    assert all(moved.get(c, 0) <= 1 for c, ok in transitioned.items() if not ok)
    # every outbox effect ran once: each row done, each handler's delivery done once, and the
    # tallies kept row by row equal a rebuild from the history
    assert facts["messages"], "the load made no outbox rows"
    assert all(key.endswith(" done") for key in facts["messages"]), facts["messages"]
    assert facts["deliveries"] == {"done": facts["expected_deliveries"]}
    assert facts["delivery_doubles"] == 0
    assert facts["tallies_agree"]
    verify = subprocess.run(
        [str(Path(sys.executable).with_name("motcua")), "audit", "verify"],
        env=cluster,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    # nothing failed before the kill; the load balancer took the dead node out within seconds,
    # after which no client saw an error; the index, read from the replica, answered throughout,
    # the replica stopped included
    assert [t.errors() for t in (one_node, two_nodes)] == [[], []]
    assert load.errors(stop=killed_at) == []
    assert marked_down < MARKED_DOWN_WITHIN
    assert load.errors(start=killed_at + RECOVERED_WITHIN) == []
    assert [s for s in load.errors() if s.endpoint == "index_page"] == []
    assert all(_status("/chi-so/") == 200 for _ in range(5))

    if os.environ.get("MOTCUA_KILL_FIGURES"):
        _print_figures(one_node, two_nodes, load, killed_at, marked_down, replica_stopped_at)
        print(f"seed {seeded:.0f} s, drain and checks {checked:.0f} s")  # noqa: T201


def _print_figures(
    one_node: Tally,
    two_nodes: Tally,
    load: Tally,
    killed_at: float,
    marked_down: float,
    replica_stopped_at: float,
) -> None:
    one = one_node.answered_per_second(CAPACITY_SECONDS)
    two = two_nodes.answered_per_second(CAPACITY_SECONDS)
    after = load.errors(start=killed_at)
    recovered = (
        f"last error {max(s.answered_at for s in after) - killed_at:.1f} s after it"
        if after
        else "no error after it"
    )
    lines = [
        f"mixed load, {CLIENTS} clients, {CAPACITY_SECONDS:.0f} s: one node {one:.1f} req/s, two "
        f"nodes through HAProxy {two:.1f} req/s ({two / one:.2f}x)",
        f"kill phase {LOAD_SECONDS:.0f} s: {len(load.samples)} requests "
        f"({sum(s.endpoint == 'api_submit' for s in load.samples)} submission attempts, "
        f"{sum(s.endpoint == TRANSITION for s in load.samples)} transitions); errors before the "
        f"kill {len(load.errors(stop=killed_at))}, after {len(after)} "
        f"({sorted({f'{s.endpoint} {s.status}' for s in after})})",
        f"node marked down {marked_down:.1f} s after the kill; {recovered}; replica stopped at "
        f"{replica_stopped_at:.1f} s (kill at {killed_at:.1f} s)",
    ]
    for name, tally in (("two nodes", two_nodes), ("kill phase", load)):
        p95 = ", ".join(f"{kind} {ms:.0f}" for kind, ms in tally.p95_ms().items())
        lines.append(f"p95 ms through HAProxy, {name}: {p95}")
    print("\n" + "\n".join(lines))  # noqa: T201
