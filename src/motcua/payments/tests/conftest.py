"""The gateway simulator as a real process, with the gateway plugin pointed at it."""

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from motcua.payments.tests.simulators import PaySim, run_pay_sim


@pytest.fixture
def pay_sim(settings: Settings) -> Iterator[PaySim]:
    """``motcua pay-sim`` on a free port; notifications are sent only when a test asks."""
    with run_pay_sim() as sim:
        settings.MOTCUA_PAY_GATEWAY_URL = sim.url
        settings.MOTCUA_PAY_SECRET = sim.secret
        settings.MOTCUA_PAY_TMN_CODE = sim.tmn_code
        yield sim


@pytest.fixture
def pay_sim_live(settings: Settings, live_server: object) -> Iterator[PaySim]:
    """``motcua pay-sim`` whose notifications go to this test's live server (IPN over HTTP)."""
    url = f"{getattr(live_server, 'url', '')}/api/v1/payments/vnpay-style/ipn/"
    with run_pay_sim(ipn_url=url) as sim:
        settings.MOTCUA_PAY_GATEWAY_URL = sim.url
        settings.MOTCUA_PAY_SECRET = sim.secret
        settings.MOTCUA_PAY_TMN_CODE = sim.tmn_code
        yield sim
