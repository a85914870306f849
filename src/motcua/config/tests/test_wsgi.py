import json
import os
import secrets
import subprocess
import sys

from motcua.core.env import secrets_generated

#: Libraries a web worker needs only for some requests (spreadsheets, PDFs, signatures, QR codes,
#: certificates, photos, the VNeID sign-in, a calendar year not seeded yet): loaded at start they made each
#: worker three times the size of a bare Django one (cryptography alone about 10 MiB).
HEAVY = (
    "openpyxl",
    "pyhanko",
    "pyhanko_certvalidator",
    "reportlab",
    "numpy",
    "aiohttp",
    "segno",
    "pikepdf",
    "cryptography",
    "joserfc",
    "holidays",
    "PIL",
)

_PROBE = """
import json, sys
from motcua.config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in HEAVY_NAMES)))
"""


def test_the_wsgi_app_and_its_urls_load_no_heavy_library() -> None:
    env = {
        **os.environ,
        **secrets_generated(),
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production",
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
    }
    probe = f"HEAVY_NAMES = {HEAVY!r}\n{_PROBE}"

    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )

    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_probe_sees_a_heavy_library_once_it_is_used() -> None:
    probe = f"HEAVY_NAMES = {HEAVY!r}\nimport openpyxl\n{_PROBE}"
    env = {
        **os.environ,
        **secrets_generated(),
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production",
        "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
    }

    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )

    assert "openpyxl" in json.loads(done.stdout.strip().splitlines()[-1])
