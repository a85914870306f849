"""Signer plugins: each provider of signing keys registers one object under its name.

A plugin turns a credential (the certificate and the ``reference`` of its key) into a pyHanko
:class:`~pyhanko.sign.signers.Signer` for the duration of one signature; the private key stays
where it is (a file for the demo, a PKCS#11 token, a remote service).

A remote-signing service (a CSC API ``signatures/signHash`` endpoint, a signing server of a
licensed CA) implements the same protocol: ``open`` returns a ``Signer`` subclass whose
``async_sign_raw`` sends the digest to the service and returns the signature it answers, after the
officer has authorised it there (an OTP, a push to the signing app).
"""

import importlib
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from motcua.core.errors import NotFound

if TYPE_CHECKING:
    from cryptography import x509
    from pyhanko.sign.signers import Signer


class SignerUnavailable(Exception):
    """The key could not be reached (token absent, wrong PIN, service down); retrying may help."""


class SignerPlugin(Protocol):
    #: ``keyfile``, ``pkcs11``, ...
    name: str

    def open(
        self,
        *,
        reference: str,
        certificate: "x509.Certificate",
        chain: Sequence["x509.Certificate"],
    ) -> AbstractContextManager["Signer"]:
        """A signer of the key ``reference`` for as long as the block lasts."""
        ...


class DeferredPlugin:
    """A plugin whose module is imported at its first signature: pyHanko and the PKCS#11 bindings
    then weigh only on the processes that sign, not on every web worker."""

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self._path = path  # "package.module:ClassName"
        self._plugin: SignerPlugin | None = None

    def _loaded(self) -> SignerPlugin:
        if self._plugin is None:
            module, _, attribute = self._path.partition(":")
            plugin: SignerPlugin = getattr(importlib.import_module(module), attribute)()
            self._plugin = plugin
        return self._plugin

    def open(
        self,
        *,
        reference: str,
        certificate: "x509.Certificate",
        chain: Sequence["x509.Certificate"],
    ) -> AbstractContextManager["Signer"]:
        return self._loaded().open(reference=reference, certificate=certificate, chain=chain)


_PLUGINS: dict[str, SignerPlugin] = {}


def signer_plugin_register(plugin: SignerPlugin) -> None:
    """Register (or replace) the plugin ``plugin.name``."""
    _PLUGINS[plugin.name] = plugin


def signer_plugin_get(name: str) -> SignerPlugin:
    plugin = _PLUGINS.get(name)
    if plugin is None:
        raise NotFound(f"Không có nơi giữ khóa ký số {name}.")
    return plugin


def signer_plugin_names() -> Iterator[str]:
    return iter(sorted(_PLUGINS))
