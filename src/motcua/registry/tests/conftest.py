"""A real ``motcua registry-sim`` process, with the registry settings pointed at it.

One process serves the whole session (it takes seconds to start); each test resets its
behaviour and its request log.
"""

from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from motcua.registry.tests.simulators import RegistrySim, run_registry_sim


@pytest.fixture(scope="session")
def _registry_sim_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistrySim]:
    with run_registry_sim(tmp_path_factory.mktemp("registry") / "registry-key.pem") as sim:
        yield sim


@pytest.fixture
def registry_sim(_registry_sim_process: RegistrySim, settings: Settings) -> RegistrySim:
    sim = _registry_sim_process
    sim.control(reset=True)
    settings.MOTCUA_REGISTRY_URL = sim.url
    settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(sim.public_key_file)
    settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS = 1
    settings.MOTCUA_REGISTRY_BREAKER_SECONDS = 30
    return sim
