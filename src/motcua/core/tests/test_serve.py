import gc
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from motcua.core.env import secrets_generated
from motcua.core.gunicorn_conf import pre_fork
from motcua.core.management.commands.serve import default_workers, granian_argv, gunicorn_argv
from motcua_dev.testing.processes import free_port, stop_process, wait_for_port


def test_workers_default_to_two_per_cpu_plus_one() -> None:
    assert [default_workers(cpus) for cpus in (1, 2, 8)] == [3, 5, 17]


def test_the_access_log_leaves_out_the_query_and_the_client() -> None:
    argv = gunicorn_argv(bind="127.0.0.1:1", workers=1, timeout=30, max_requests=0)

    log_format = argv[argv.index("--access-logformat") + 1]
    assert "%(U)s" in log_format
    for personal in ("%(r)s", "%(q)s", "%(h)s", "%(u)s", "%(a)s", "%(f)s"):
        assert personal not in log_format
    assert "--max-requests" not in argv


def test_the_workers_are_copies_of_a_master_that_loaded_the_application() -> None:
    argv = gunicorn_argv(bind="127.0.0.1:1", workers=2, timeout=30, max_requests=0)

    assert "--preload" in argv
    assert argv[argv.index("--config") + 1] == "python:motcua.core.gunicorn_conf"


def test_granian_serves_like_the_sync_workers_and_logs_no_query_or_client() -> None:
    argv = granian_argv(bind="127.0.0.1:8123", workers=3, timeout=30)

    assert argv[argv.index("--interface") + 1] == "wsgi"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--blocking-threads") + 1] == "1", "one request at a time per worker"
    assert "--backpressure" not in argv, "waiting connections are not starved"
    assert argv[argv.index("--host") + 1 : argv.index("--host") + 4] == [
        "127.0.0.1",
        "--port",
        "8123",
    ]
    log_format = argv[argv.index("--access-log-fmt") + 1]
    assert "%(path)s" in log_format
    for personal in ("%(addr)s", "%(query_string)s", "%(header"):
        assert personal not in log_format
    assert "--uds" in granian_argv(bind="unix:/run/motcua.sock", workers=1, timeout=30)
    assert "--access-log" not in granian_argv(bind=":1", workers=1, timeout=30, access_log=False)


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(child) for child in path.read_text().split()}


def _get(url: str) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (local server)
        return answer.status, {k.lower(): v for k, v in answer.headers.items()}


def test_serve_runs_production_settings_with_hashed_static_files_and_reloads_on_sighup(
    tmp_path: Path,
) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        **secrets_generated(),
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production",
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
        "MOTCUA_SSL_REDIRECT": "false",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    command = [
        str(Path(sys.executable).with_name("motcua")),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--collectstatic",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for_port(port, process, seconds=120)
            css = next((tmp_path / "static" / "motcua").rglob("*.css"))
            assert re.search(r"\.[0-9a-f]{12}\.css$", css.name), "collectstatic hashes the names"
            status, headers = _get(
                f"http://127.0.0.1:{port}/static/{css.relative_to(tmp_path / 'static')}"
            )
            assert status == 200
            assert "immutable" in headers["cache-control"]
            assert headers.get("content-encoding") in {"gzip", "br"}

            # The master forks its workers once it has loaded the application and bound, one
            # after the other.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len(_children(process.pid)) < 2:
                time.sleep(0.1)
            workers = _children(process.pid)
            assert len(workers) == 2
            process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and (
                len(_children(process.pid)) != 2 or _children(process.pid) & workers
            ):
                time.sleep(0.2)
            assert len(_children(process.pid)) == 2
            assert not _children(process.pid) & workers, "SIGHUP replaces every worker"
            status, _headers = _get(
                f"http://127.0.0.1:{port}/static/{css.relative_to(tmp_path / 'static')}?cccd=001090012345"
            )
            assert status == 200
        finally:
            stop_process(process)
    assert process.returncode == 0
    text = log.read_text()
    assert "GET /static/" in text
    assert "001090012345" not in text
    assert "127.0.0.1" not in text.split("Listening at", 1)[1].split("\n", 1)[1]


def test_before_a_fork_the_master_freezes_what_it_loaded() -> None:
    """Objects loaded by the master leave the collector's generations, so that a worker's
    collections do not write into the pages it shares with the master."""
    gc.unfreeze()
    try:
        pre_fork(server=None, worker=None)

        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
