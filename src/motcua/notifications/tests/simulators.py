"""Start the real simulator processes (``motcua smtp-sim``, ``motcua sms-sim``) for tests."""

import json
import mailbox
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

from motcua_dev.testing.processes import free_port, motcua_process

SMS_SECRET = "test-sms-secret"


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
    with motcua_process(["smtp-sim", "--port", str(port), "--maildir", str(maildir)], port):
        yield SmtpSim(port=port, maildir=maildir)


@contextmanager
def smtp_sim_as_backend(settings: Any, maildir: Path) -> Iterator[SmtpSim]:
    """The simulator, with Django's SMTP back end pointed at it (``settings``: pytest-django's)."""
    with run_smtp_sim(maildir) as sim:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sim.port
        yield sim


def plain_text(message: EmailMessage) -> str:
    """The plain-text body of a message the simulator received."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@contextmanager
def run_sms_sim() -> Iterator[SmsSim]:
    port = free_port()
    with motcua_process(["sms-sim", "--port", str(port), "--secret", SMS_SECRET], port):
        yield SmsSim(port=port, secret=SMS_SECRET)
