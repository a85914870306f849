"""Every environment variable the project reads, read once, each with a help text.

The operator's guide (README) lists them from :data:`REGISTRY`; ``motcua settings-help`` prints them.
"""

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str
    #: A shared secret, key or PIN whose default is published in this repository: production
    #: refuses to start while it is still on that default (``check --deploy`` reports it too).
    secret: bool = False
    #: The Django setting holding the value, when it is not named like the variable.
    setting: str = ""


REGISTRY: dict[str, EnvVar] = {}


def _register(name: str, default: str, help: str, shown: str | None = None) -> str:
    REGISTRY[name] = EnvVar(name=name, default=default if shown is None else shown, help=help)
    return os.environ.get(name, default)


def env_str(name: str, *, default: str, help: str, shown_default: str | None = None) -> str:
    """``shown_default`` replaces a default computed on this machine (a path) in the listing."""
    return _register(name, default, help, shown_default)


def env_secret(name: str, *, default: str, help: str, setting: str = "") -> str:
    """A secret with a development default: usable as is locally, refused in production."""
    REGISTRY[name] = EnvVar(
        name=name, default=default, help=help, secret=True, setting=setting or name
    )
    return os.environ.get(name, default)


def secrets_on_default(value_of: Callable[[str], object]) -> list[str]:
    """Names of the secret variables whose setting (read through ``value_of``) still holds the
    published default."""
    return [
        var.name for var in REGISTRY.values() if var.secret and value_of(var.setting) == var.default
    ]


def secrets_generated() -> dict[str, str]:
    """A fresh random value for every secret variable: the environment a production process
    started by the tests or the bench needs (it refuses the published defaults)."""
    return {var.name: secrets.token_urlsafe(48) for var in REGISTRY.values() if var.secret}


def secrets_on_default_message(names: list[str]) -> str:
    return (
        "These environment variables still hold the development default published with motcua; "
        "set each to its own long random value (the real shared secret, key or PIN) before "
        "starting in production: " + ", ".join(names)
    )


def env_bool(name: str, *, default: bool, help: str) -> bool:
    raw = _register(name, "true" if default else "false", help)
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, *, default: int, help: str) -> int:
    raw = _register(name, str(default), help)
    try:
        return int(raw)
    except ValueError as error:
        message = f"{name} must be a whole number, got {raw!r}"
        raise ValueError(message) from error


def env_list(name: str, *, default: list[str], help: str) -> list[str]:
    raw = _register(name, ",".join(default), help)
    return [item.strip() for item in raw.split(",") if item.strip()]
