"""Start the real simulator processes (``motcua smtp-sim``, ``motcua sms-sim``) for tests."""

import json
import mailbox
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

SMS_SECRET = "test-sms-secret"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
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


@contextmanager
def _process(args: list[str], port: int) -> Iterator[None]:
    command = [str(Path(sys.executable).with_name("motcua")), *args]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
    )
    try:
        _wait_for_port(port, process)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass(frozen=True)
class SmtpSim:
    port: int
    maildir: Path

    def messages(self) -> list[EmailMessage]:
        box = mailbox.Maildir(self.maildir, create=False)
        parser = BytesParser(policy=default)
        return [parser.parsebytes(box.get_bytes(key)) for key in sorted(box.keys())]


@dataclass(frozen=True)
class SmsSim:
    port: int
    secret: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    def messages(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/messages", timeout=5) as answer:
            data: list[dict[str, Any]] = json.loads(answer.read())
        return data


@contextmanager
def run_smtp_sim(maildir: Path) -> Iterator[SmtpSim]:
    port = free_port()
    with _process(["smtp-sim", "--port", str(port), "--maildir", str(maildir)], port):
        yield SmtpSim(port=port, maildir=maildir)


@contextmanager
def run_sms_sim() -> Iterator[SmsSim]:
    port = free_port()
    with _process(["sms-sim", "--port", str(port), "--secret", SMS_SECRET], port):
        yield SmsSim(port=port, secret=SMS_SECRET)
