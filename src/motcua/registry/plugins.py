"""Reference registries as plugins: each provider registers one object under its source name.

A plugin answers one question, "what does this registry hold about this subject?", for one
purpose and (when there is one) one dossier. It raises :class:`RegistryUnavailable` when the
registry cannot answer now (down, slow, circuit open) and :class:`RegistryAnswerRefused` when it
answered with something that cannot be trusted (bad signature, another subject).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from motcua.core.errors import NotFound


class RegistryUnavailable(Exception):
    """The registry could not answer; the message never names the subject (it reaches logs)."""


class RegistryAnswerRefused(Exception):
    """The registry answered, but the answer failed verification and was thrown away."""


@dataclass(frozen=True)
class RegistryAnswer:
    source: str
    subject: str
    found: bool
    data: dict[str, Any]
    #: The raw body as received (kept as evidence), its signature and the signing key's id.
    body: str
    request_id: str
    signature: str = ""
    key_id: str = ""
    verified: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class RegistryPlugin(Protocol):
    #: ``population_db``, ``business_db``, ``data_store`` (``catalog.models.DataSource`` values).
    source: str

    def lookup(
        self, *, subject: str, purpose: str, dossier_code: str, request_id: str, at: datetime
    ) -> RegistryAnswer:
        """What the registry holds about ``subject``; raise the errors above."""
        ...


_PLUGINS: dict[str, RegistryPlugin] = {}


def registry_plugin_register(plugin: RegistryPlugin) -> None:
    """Register (or replace) the provider of ``plugin.source``."""
    _PLUGINS[plugin.source] = plugin


def registry_plugin_get(source: str) -> RegistryPlugin:
    plugin = _PLUGINS.get(source)
    if plugin is None:
        raise NotFound(f"Không có nguồn dữ liệu {source}.")
    return plugin


def registry_sources() -> list[str]:
    return sorted(_PLUGINS)
