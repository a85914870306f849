"""Killing the server mid-submission loses no acknowledged dossier and duplicates none.

The server is a real ``runserver`` process on the configured database (a file database on
SQLite, this session's test database on PostgreSQL). Client threads send a batch of submissions
through the REST API, each with its own ``Idempotency-Key``; the server is killed with SIGKILL
while requests are in flight, started again, and the client retries every submission with the
same key and body. Then every acknowledged dossier is there once with the code first answered,
every key maps to exactly one dossier, codes have no gaps, and the audit chains verify.

This module is also the server-side helper: ``python -m tests.crash.test_server_killed_mid_submission
setup|verify`` builds the demo world and reads the outcome in a process of its own, so the same
code runs against SQLite (where the test process's own database is in memory) and PostgreSQL.

Checked that the test catches a broken idempotency: with ``dossier_submit`` made to ignore the
key (``idempotency_key = None`` on entry), the retries created a second dossier for every
acknowledged submission and the count and code assertions failed.
"""

import base64
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from motcua_dev.testing.samples import sample_pdf

REPO_ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = 60
CLIENT_THREADS = 3
#: The kill comes this long after the first few answers (seconds, random within the bound).
KILL_AFTER_ACKS = 3
KILL_DELAY = (0.0, 0.2)
SERVER_START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 15.0
PDF = sample_pdf()


# --- server side: run in a process of its own against DATABASE_URL -------------------------------


def _server_setup() -> dict[str, Any]:
    from datetime import date

    from rest_framework.authtoken.models import Token

    from motcua.accounts.models import ApplicantKind
    from motcua.accounts.services import applicant_create
    from motcua.dossiers.tests.factories import AT, build_world

    world = build_world()
    applicant_create(
        kind=ApplicantKind.CITIZEN,
        name="Lê Văn Cường",
        personal_id="001090054321",
        birth_date=date(1990, 1, 1),
        at=AT,
        actor="test",
    )
    token = Token.objects.create(user=world.receiver)
    return {
        "token": token.key,
        "client_id": f"user:{world.receiver.pk}",
        "procedure": world.version.procedure.code,
        "commune": world.commune.code,
        "unit": world.unit.pk,
    }


def _server_verify(client_id: str) -> dict[str, Any]:
    from motcua.core.selectors import audit_verify
    from motcua.dossiers.models import Dossier, IdempotencyRecord

    records = IdempotencyRecord.objects.filter(client_id=client_id).select_related("dossier")
    broken = audit_verify()
    return {
        "keys": {r.key: r.dossier.code if r.dossier else None for r in records},
        "codes": list(Dossier.objects.values_list("code", flat=True)),
        "audit_break": str(broken) if broken is not None else None,
    }


def _server_main(command: str, argument: str) -> None:
    import django

    django.setup()
    answer = _server_setup() if command == "setup" else _server_verify(argument)
    sys.stdout.write(json.dumps(answer))


# --- test side ------------------------------------------------------------------------------------


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return ""


@dataclass
class Server:
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args],
            env=self.env,
            cwd=REPO_ROOT,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return done.stdout.decode()

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        with self.log.open("ab") as log:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "django",
                    "runserver",
                    "--noreload",
                    f"127.0.0.1:{self.port}",
                ],
                env=self.env,
                cwd=REPO_ROOT,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/lookup/x/", timeout=2):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # it answers (404 for an unknown code)
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"the server did not start in time: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    url = _database_url() or f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.test",
        "DATABASE_URL": url,
        "MOTCUA_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "src")]),
        "PYTHONUNBUFFERED": "1",
    }
    started = Server(env=env, log=tmp_path / "server.log")
    if url.startswith("sqlite"):
        started.manage("-m", "django", "migrate", "--noinput")
    try:
        yield started
    finally:
        started.kill()


@dataclass
class Outcome:
    acked: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _body(world: dict[str, Any], index: int) -> bytes:
    data = {
        "procedure": world["procedure"],
        "channel": "counter",
        "administrative_unit_code": world["commune"],
        "receiving_unit": world["unit"],
        "applicant": {"kind": "citizen", "name": "Lê Văn Cường", "personal_id": "001090054321"},
        "form_data": {"to_khai": {"full_name": f"Người nộp số {index}"}},
        "documents": [
            {
                "component": "giay_gioi_thieu",
                "name": f"giay-{index}.pdf",
                "content_base64": base64.b64encode(PDF + str(index).encode()).decode(),
            }
        ],
    }
    return json.dumps(data).encode()


def _post(base: str, token: str, key: str, body: bytes) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - a local test server
        f"{base}/api/v1/dossiers/",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.django_db(transaction=True)
def test_killed_server_loses_no_acknowledged_dossier_and_duplicates_none(server: Server) -> None:
    # given a server on the configured database, with an officer's token
    world = json.loads(
        server.manage("-m", "tests.crash.test_server_killed_mid_submission", "setup", "")
    )
    server.start()
    keys = [f"crash-{index:03d}" for index in range(SUBMISSIONS)]
    bodies = {key: _body(world, index) for index, key in enumerate(keys)}
    outcome = Outcome()
    pending = list(reversed(keys))

    def client() -> None:
        while True:
            with outcome.lock:
                if not pending:
                    return
                key = pending.pop()
            try:
                status, answer = _post(server.url, world["token"], key, bodies[key])
            except OSError as error:  # the connection dropped: no answer, so not acknowledged
                with outcome.lock:
                    outcome.failed[key] = type(error).__name__
                continue
            with outcome.lock:
                if 200 <= status < 300:
                    outcome.acked[key] = answer["code"]
                else:
                    outcome.failed[key] = str(status)

    # when the server is killed while client threads have submissions in flight
    seed = random.SystemRandom().randrange(1_000_000)
    delay = random.Random(seed).uniform(*KILL_DELAY)
    threads = [threading.Thread(target=client) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(outcome.acked) < KILL_AFTER_ACKS and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    server.kill()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT + 5)
    acked_before_kill = dict(outcome.acked)
    assert len(acked_before_kill) >= KILL_AFTER_ACKS, f"seed {seed}: {outcome.failed}"
    assert len(acked_before_kill) < SUBMISSIONS, f"seed {seed}: the kill came after the batch"

    # and started again, and the client retries every submission with the same key and body
    server.start()
    retried: dict[str, str] = {}
    for key in keys:
        status, answer = _post(server.url, world["token"], key, bodies[key])
        assert status == 201, (key, status, answer)
        retried[key] = answer["code"]
    server.kill()

    # then every acknowledged dossier is there once, with the code first answered
    found = json.loads(
        server.manage(
            "-m", "tests.crash.test_server_killed_mid_submission", "verify", world["client_id"]
        )
    )
    context = (
        f"seed {seed}, delay {delay:.3f}s, acknowledged before the kill {len(acked_before_kill)}"
    )
    for key, code in acked_before_kill.items():
        assert retried[key] == code, context
        assert found["keys"][key] == code, context
    # every key maps to exactly one dossier, and no dossier exists without its key
    assert sorted(found["keys"]) == sorted(keys), context
    assert found["keys"] == retried, context
    codes: list[str] = found["codes"]
    assert len(codes) == len(set(codes)) == SUBMISSIONS, context
    assert sorted(codes) == sorted(retried.values()), context
    # codes have no gaps within each agency and day
    by_day: dict[str, list[int]] = defaultdict(list)
    for code in codes:
        prefix, _sep, number = code.rpartition("-")
        by_day[prefix].append(int(number))
    for prefix, numbers in by_day.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (prefix, context)
    # and the audit chains verify
    assert found["audit_break"] is None, context


if __name__ == "__main__":
    _server_main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
