from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _var_in_tmp(settings: Settings, tmp_path: Path) -> None:
    """``load-demo`` writes the local CA and the officers' key files: never into the project's
    own ``var/``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_PKI_DIR = str(tmp_path / "pki")
