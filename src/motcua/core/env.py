"""Every environment variable the project reads, read once, each with a help text.

The operator's guide (README) lists them from :data:`REGISTRY`; ``motcua settings-help`` prints them.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


REGISTRY: dict[str, EnvVar] = {}


def _register(name: str, default: str, help: str, shown: str | None = None) -> str:
    REGISTRY[name] = EnvVar(name=name, default=default if shown is None else shown, help=help)
    return os.environ.get(name, default)


def env_str(name: str, *, default: str, help: str, shown_default: str | None = None) -> str:
    """``shown_default`` replaces a default computed on this machine (a path) in the listing."""
    return _register(name, default, help, shown_default)


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
