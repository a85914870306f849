"""The production settings stand on the product alone: they load no module of ``motcua_dev`` (the
simulators, the demo, the bench, the test helpers), and they start when it cannot be imported at
all, as from the product wheel (``make wheel-check`` does the same from a clean virtualenv)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from motcua.core.env import REGISTRY, secrets_generated

# Django set up and every URL resolved (and, for production, the deployment checks passed); then
# the dev modules loaded by then.
_PROBE = """
import json, sys
{block}
import django
django.setup()
from django.core.management import call_command
from django.urls import get_resolver
get_resolver().url_patterns
if {deploy}:
    call_command("check", deploy=True, fail_level="ERROR")
loaded = [n for n, m in sys.modules.items() if m is not None and n.split(".")[0] == "motcua_dev"]
print(json.dumps(sorted(loaded)))
"""
# A module set to None in sys.modules cannot be imported: ``import motcua_dev`` raises ImportError.
_WITHOUT_DEV = 'sys.modules["motcua_dev"] = None'
#: What a deployment sets besides the secrets (nothing connects to the cache during the checks).
_DEPLOYED = {
    "MOTCUA_ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "MOTCUA_CACHE_URL": "redis://127.0.0.1:6379/0",
}


def _start(settings: str, tmp_path: Path, *, block: str = "") -> subprocess.CompletedProcess[str]:
    deploy = settings.endswith(".production")
    # The browser tests' conftest allows Django's sync calls from an event loop, which Django's
    # deployment check refuses; the database is the embedded default in a folder of the test.
    left_out = {*REGISTRY, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    outside = {k: v for k, v in os.environ.items() if k not in left_out}
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _PROBE.format(block=block, deploy=deploy)],
        env={
            **outside,
            **secrets_generated(),
            **(_DEPLOYED if deploy else {}),
            "DJANGO_SETTINGS_MODULE": settings,
            "MOTCUA_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _dev_modules(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(loaded, list)
    return loaded


def test_production_loads_no_module_of_the_dev_package(tmp_path: Path) -> None:
    assert _dev_modules(_start("motcua.config.settings.production", tmp_path)) == []


def test_production_starts_and_passes_its_checks_without_the_dev_package(tmp_path: Path) -> None:
    done = _start("motcua.config.settings.production", tmp_path, block=_WITHOUT_DEV)

    assert _dev_modules(done) == []


def test_the_local_settings_install_the_dev_apps_and_need_them(tmp_path: Path) -> None:
    loaded = _dev_modules(_start("motcua.config.settings.local", tmp_path))
    assert {"motcua_dev.simulators", "motcua_dev.demo", "motcua_dev.bench"} <= set(loaded)

    refused = _start("motcua.config.settings.local", tmp_path, block=_WITHOUT_DEV)

    assert refused.returncode != 0
    assert "motcua_dev" in refused.stderr
