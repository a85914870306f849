"""The server ``motcua bench http`` measures: ``motcua serve`` with the production settings plus
the bench's URLconf (``motcua_dev.bench.settings``), generated secrets, one database connection mode
(:data:`MODES`); its start, its warm-up, and one request sent to it."""

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from motcua.core.env import secrets_generated
from motcua_dev.bench.cpu import process_tree
from motcua_dev.bench.http_requests import Call, Plan
from motcua_dev.bench.product_closure import refused_for
from motcua_dev.bench.product_imports import REFUSED_VARIABLE
from motcua_dev.testing.processes import free_port, stop_process, wait_for_port

HOST = "127.0.0.1"
#: Connection modes of the server: the variables of its environment.
MODES: dict[str, dict[str, str]] = {
    "0": {"MOTCUA_DB_CONN_MAX_AGE": "0", "MOTCUA_DB_POOL_SIZE": "0"},
    "60": {"MOTCUA_DB_CONN_MAX_AGE": "60", "MOTCUA_DB_POOL_SIZE": "0"},
    "pool": {"MOTCUA_DB_CONN_MAX_AGE": "0", "MOTCUA_DB_POOL_SIZE": "2"},
}
SERVER_START_SECONDS = 120
REQUEST_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def workers(self) -> list[int]:
        return process_tree(self.pid)[1:]


def database_url() -> str:
    """The database this process uses (under pytest, the test database), for the server."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(str(db.get("USER") or ""))
    password = f":{quote(str(db['PASSWORD']))}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or ''}{port}/{quote(str(db['NAME']))}"


def server_environment(*, secret_key: str, mode: str, server: str = "gunicorn") -> dict[str, str]:
    """The production settings with the bench's URLconf, every development-only secret replaced
    by a generated one, no HTTPS redirect (the bench talks plain HTTP on the loopback), no
    lookup limit (all requests come from one address), and the modules a production install
    running ``server`` lacks named for the server to refuse."""
    env = {**secrets_generated(), **os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "motcua_dev.bench.settings",
            "DATABASE_URL": database_url(),
            "MOTCUA_SECRET_KEY": secret_key,
            "MOTCUA_SSL_REDIRECT": "false",
            "MOTCUA_DEBUG": "false",
            "MOTCUA_LOOKUP_RATE": "1000000000/min",
            "MOTCUA_ALLOWED_HOSTS": f"{HOST},localhost",
            REFUSED_VARIABLE: ",".join(sorted(refused_for(server))),
            **MODES[mode],
        }
    )
    return env


def _motcua() -> str:
    return str(Path(sys.executable).with_name("motcua"))


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 (the project's own console script, fixed arguments)
        [_motcua(), "collectstatic", "--no-input", "-v", "0"], env=env, check=True
    )


@contextmanager
def served(
    *, workers: int, env: dict[str, str], log: Path, kind: str = "gunicorn"
) -> Iterator[Server]:
    """``motcua serve`` on the server ``kind`` with ``workers`` workers until the block ends; no worker is
    recycled (their CPU is read from ``/proc`` while they live) and no access log is written."""
    port = free_port()
    command = [
        _motcua(),
        "serve",
        "--server",
        kind,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--max-requests",
        "0",
        "--no-access-log",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 (the project's own console script)
            command, stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        wait_for_port(port, process, seconds=SERVER_START_SECONDS)
        server = Server(port=port, pid=process.pid)
        deadline = time.monotonic() + SERVER_START_SECONDS
        while len(server.workers()) < workers and time.monotonic() < deadline:
            time.sleep(0.1)
        yield server
    finally:
        stop_process(process)


def _send(conn: http.client.HTTPConnection, call: Call) -> tuple[int, bytes]:
    headers = dict(call.headers)
    if call.body:
        headers["Content-Length"] = str(len(call.body))
    conn.request(call.method, call.path, body=call.body or None, headers=headers)
    answer = conn.getresponse()
    return answer.status, answer.read()


def send_call(port: int, call: Call) -> tuple[int, bytes]:
    """One request on a connection of its own."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        return _send(conn, call)
    finally:
        conn.close()


class KeptConnection:
    """One client's connection, kept between requests as a reverse proxy keeps its upstream
    connections: a server that closes it after each answer (gunicorn's sync workers) gets a new
    one for the next request, as it would from the proxy."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)

    def send(self, call: Call) -> tuple[int, bytes]:
        reused = self.conn.sock is not None
        try:
            return _send(self.conn, call)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.conn.close()
            if not reused:
                raise
        except BaseException:
            self.conn.close()
            raise
        # Closed by the server while idle, before it read this request: sent once more, on a
        # new connection.
        try:
            return _send(self.conn, call)
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        self.conn.close()


def warm_up(server: Server, plan: Plan, workers: int) -> None:
    """Every read once per worker (imports, templates, caches), and a check that each answers
    as expected: a bench of error pages would measure nothing."""
    for calls in plan.reads.values():
        for _ in range(max(2, workers * 2)):
            call = calls[0]
            status, body = send_call(server.port, call)
            if status != call.expect:
                message = (
                    f"{call.endpoint} {call.path}: HTTP {status} instead of {call.expect}: "
                    f"{body[:300]!r}"
                )
                raise RuntimeError(message)
