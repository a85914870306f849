"""What every journey shares: media files in the test's own folder, and the outside systems a
citizen meets (VNeID, the national registries) as real simulator processes."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.accounts.tests.oidc_sim import OidcSim, run_oidc_sim
from motcua.registry.tests.simulators import RegistrySim, run_registry_sim


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def oidc_provider(tmp_path: Path, settings: Settings) -> Iterator[OidcSim]:
    """``motcua oidc-sim`` (VNeID) as a real process; the portal under test trusts it."""
    with run_oidc_sim(tmp_path / "oidc-key.pem") as sim:
        settings.MOTCUA_OIDC_ISSUER = sim.issuer
        settings.MOTCUA_OIDC_CLIENT_ID = sim.client_id
        settings.MOTCUA_OIDC_CLIENT_SECRET = sim.client_secret
        yield sim


@pytest.fixture
def registry(tmp_path: Path, settings: Settings) -> Iterator[RegistrySim]:
    """``motcua registry-sim`` (population and business registries, the data store) as a real
    process, with a small synthetic population; the portal gives up on it after a second."""
    with run_registry_sim(tmp_path / "registry-key.pem", people=200) as sim:
        settings.MOTCUA_REGISTRY_URL = sim.url
        settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(sim.public_key_file)
        settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS = 1
        yield sim
