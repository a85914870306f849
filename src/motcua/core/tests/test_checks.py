"""``motcua check --deploy``: passes on the production settings given real values, and fails on
each mistake an operator can make (Django's check framework and the command itself)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import CheckMessage, Tags, run_checks
from django.test import override_settings

from motcua.core.env import REGISTRY, secrets_generated

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
#: What the passing configuration sets besides the secrets (nothing connects to it).
DEPLOYED = {
    "MOTCUA_ALLOWED_HOSTS": "dichvucong.example.gov.vn",
    "MOTCUA_CACHE_URL": "redis://127.0.0.1:6379/0",
}
SECRET_VARS = [var for var in REGISTRY.values() if var.secret]


def _motcua_check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``motcua check --deploy`` on the production settings, with only ``env`` of the secrets."""
    command = [str(Path(sys.executable).with_name("motcua")), "check", "--deploy"]
    # The browser tests' conftest allows Django's sync calls from Playwright's event loop, which
    # Django's own deployment check rightly refuses: not a setting a deployment would have.
    left_out = {*REGISTRY, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    outside = {name: value for name, value in os.environ.items() if name not in left_out}
    return subprocess.run(
        command,
        env={**outside, "DJANGO_SETTINGS_MODULE": "motcua.config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _real_secrets() -> dict[str, str]:
    return secrets_generated()


def _motcua_messages(**overrides: Any) -> list[CheckMessage]:
    baseline: dict[str, Any] = {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["dichvucong.example.gov.vn"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "MOTCUA_OTP_REQUIRED": True,
        "CACHES": {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/0"}},
        **{var.setting: secrets.token_urlsafe(48) for var in SECRET_VARS},
    }
    with override_settings(**{**baseline, **overrides}):
        found = run_checks(include_deployment_checks=True, tags=[Tags.security])
    return [message for message in found if (message.id or "").startswith("motcua.")]


def _motcua_ids(**overrides: Any) -> set[str]:
    return {str(message.id) for message in _motcua_messages(**overrides)}


def test_the_secrets_are_the_published_development_defaults() -> None:
    # Every default that says it is for development only is flagged, so production refuses it.
    flagged = {var.name for var in SECRET_VARS}
    development = {var.name for var in REGISTRY.values() if "development-only" in var.default}

    assert development <= flagged
    assert {"MOTCUA_SECRET_KEY", "MOTCUA_PAY_SECRET", "MOTCUA_POST_SECRET"} <= flagged
    assert {"MOTCUA_SMS_GATEWAY_SECRET", "MOTCUA_OIDC_CLIENT_SECRET"} <= flagged
    assert "MOTCUA_PKCS11_USER_PIN" in flagged


def test_check_deploy_passes_on_the_production_settings_with_real_values() -> None:
    result = _motcua_check_deploy({**_real_secrets(), **DEPLOYED})

    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "motcua." not in output
    # Preloading HSTS commits the whole domain for good: the operator's decision, not ours.
    assert [
        line for line in output.splitlines() if "(security." in line and "W021" not in line
    ] == []


def test_production_refuses_to_start_naming_every_secret_left_on_its_default() -> None:
    given = _real_secrets()
    del given["MOTCUA_PAY_SECRET"], given["MOTCUA_POST_SECRET"]

    result = _motcua_check_deploy(given)

    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last
    assert last.endswith(": MOTCUA_PAY_SECRET, MOTCUA_POST_SECRET")


def test_check_deploy_fails_without_host_names() -> None:
    result = _motcua_check_deploy({**_real_secrets(), **DEPLOYED, "MOTCUA_ALLOWED_HOSTS": " "})

    assert result.returncode != 0
    assert "(motcua.E003) ALLOWED_HOSTS is []" in result.stderr


def test_a_production_like_configuration_passes_motcuas_checks() -> None:
    assert _motcua_ids() == set()


@pytest.mark.parametrize("var", SECRET_VARS, ids=lambda var: var.name)
def test_each_secret_left_on_its_default_fails_the_check(var: Any) -> None:
    found = _motcua_messages(**{var.setting: var.default})

    assert [(m.id, m.msg.rsplit(": ", 1)[-1]) for m in found] == [("motcua.E001", var.name)]


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ({"DEBUG": True}, "motcua.E002"),
        ({"ALLOWED_HOSTS": []}, "motcua.E003"),
        ({"ALLOWED_HOSTS": ["*"]}, "motcua.E003"),
        ({"SESSION_COOKIE_SECURE": False}, "motcua.E004"),
        ({"CSRF_COOKIE_SECURE": False}, "motcua.E004"),
        ({"SECURE_HSTS_SECONDS": 0}, "motcua.E005"),
        ({"SECURE_HSTS_SECONDS": 3600}, "motcua.E005"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": False}, "motcua.E005"),
        ({"SECURE_SSL_REDIRECT": False}, "motcua.W006"),
        ({"CACHES": {"default": {"BACKEND": LOCMEM}}}, "motcua.E008"),
        ({"MOTCUA_OTP_REQUIRED": False}, "motcua.E009"),
        ({"CONTENT_SECURITY_POLICY": None}, "motcua.E007"),
        (
            {
                "CONTENT_SECURITY_POLICY": {
                    "DIRECTIVES": {"script-src": ["'self'", "'unsafe-inline'"]}
                }
            },
            "motcua.E007",
        ),
    ],
)
def test_each_seeded_mistake_fails_the_check(mistake: dict[str, Any], expected: str) -> None:
    assert _motcua_ids(**mistake) == {expected}


def test_no_csp_middleware_fails_the_check() -> None:
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if "CSPMiddleware" not in m]

    assert _motcua_ids(MIDDLEWARE=middleware) == {"motcua.E007"}


def test_check_deploy_fails_when_lockouts_are_counted_in_each_process() -> None:
    given = {**_real_secrets(), **DEPLOYED}
    del given["MOTCUA_CACHE_URL"]

    result = _motcua_check_deploy(given)

    assert result.returncode != 0
    assert "(motcua.E008)" in result.stderr


def test_check_deploy_fails_when_production_turns_the_second_factor_off() -> None:
    result = _motcua_check_deploy({**_real_secrets(), **DEPLOYED, "MOTCUA_OTP_REQUIRED": "false"})

    assert result.returncode != 0
    assert "(motcua.E009)" in result.stderr
