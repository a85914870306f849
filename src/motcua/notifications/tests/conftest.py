"""Real simulator processes, and settings that point the channels at them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.notifications.tests.simulators import SmsSim, SmtpSim, run_sms_sim, run_smtp_sim


@pytest.fixture
def smtp_sim(tmp_path: Path, settings: Settings) -> Iterator[SmtpSim]:
    """A ``motcua smtp-sim`` process on a free port, with Django's SMTP back end pointed at it."""
    with run_smtp_sim(tmp_path / "maildir") as sim:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sim.port
        yield sim


@pytest.fixture
def sms_sim(settings: Settings) -> Iterator[SmsSim]:
    """A ``motcua sms-sim`` process on a free port, with the SMS channel pointed at it."""
    with run_sms_sim() as sim:
        settings.MOTCUA_SMS_GATEWAY_URL = sim.url
        settings.MOTCUA_SMS_GATEWAY_SECRET = sim.secret
        yield sim
