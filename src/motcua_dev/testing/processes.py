"""Helpers for tests that start the project's own simulator processes (``motcua <name>-sim``),
or a one-off HTTP server in the test's own process (:func:`http_server`).

Each simulator runs as a real process on a free port, so tests speak the real protocol over a
socket, and several test runs on one machine do not collide.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` served in a thread on a free port of 127.0.0.1; yields the base URL (no slash
    at the end). For an answer no simulator gives: a web page, a redirect, a flaky server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = f"simulator exited with {process.returncode}"
            raise RuntimeError(message)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    message = f"simulator did not listen on {port}"
    raise RuntimeError(message)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not stopped within 10 seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def motcua_process(
    args: Sequence[str], port: int, *, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``motcua ARGS`` (the console script beside this interpreter) until the block ends.

    Yields the process, so a test may kill it mid-way to show what happens when it is down.
    """
    command = [str(Path(sys.executable).with_name("motcua")), *args]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    try:
        wait_for_port(port, process)
        yield process
    finally:
        stop_process(process)


def require_tools(*commands: str, packages: str) -> None:
    """Skip the calling test, naming what is missing, when a system command it needs is absent.

    ``packages`` names the Debian packages that provide them (``scripts/system-deps.sh`` installs
    them). Under ``CI=true`` the root conftest turns the skip into a failure, so CI never passes a
    check it did not run.
    """
    missing = [command for command in commands if shutil.which(command) is None]
    if missing:
        import pytest  # only tests call this; the module is imported by commands too

        pytest.skip(reason=f"needs {', '.join(missing)} (Debian packages: {packages})")
