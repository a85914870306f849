from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua_dev.testing.signing import LocalSigning, local_signing


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def signing_authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSigning]:
    with local_signing(tmp_path_factory.mktemp("pki")) as authority:
        yield authority


@pytest.fixture(autouse=True)
def _signing(signing_authority: LocalSigning, settings: Settings) -> None:
    """The leader's step signs the result: a local CA and its time-stamp authority, never the
    project's own ``var/pki``."""
    signing_authority.configure(settings)
