"""Real simulator processes, and settings that point the channels at them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.notifications.tests.simulators import SmsSim, SmtpSim, run_sms_sim, smtp_sim_as_backend


@pytest.fixture
def smtp_sim(tmp_path: Path, settings: Settings) -> Iterator[SmtpSim]:
    """A ``motcua smtp-sim`` process on a free port, with Django's SMTP back end pointed at it."""
    with smtp_sim_as_backend(settings, tmp_path / "maildir") as sim:
        yield sim


@pytest.fixture
def sms_sim(settings: Settings) -> Iterator[SmsSim]:
    """A ``motcua sms-sim`` process on a free port, with the SMS channel pointed at it."""
    with run_sms_sim() as sim:
        settings.MOTCUA_SMS_GATEWAY_URL = sim.url
        settings.MOTCUA_SMS_GATEWAY_SECRET = sim.secret
        yield sim
