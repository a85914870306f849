from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from motcua.delivery.tests.simulators import PostSim, run_post_sim


@pytest.fixture
def post_sim(settings: Settings) -> Iterator[PostSim]:
    """A ``motcua post-sim`` process on a free port, with the postal plugin pointed at it."""
    with run_post_sim() as sim:
        settings.MOTCUA_POST_API_URL = sim.url
        settings.MOTCUA_POST_SECRET = sim.secret
        yield sim
