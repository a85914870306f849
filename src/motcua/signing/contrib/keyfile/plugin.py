"""Key-file signer: a PEM private key under ``<MOTCUA_PKI_DIR>/signers/`` (the demo only)."""

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from django.conf import settings
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing.registry import SignerUnavailable


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


_keys_lock = threading.Lock()
#: Keys read, by path and the file's (mtime, size): loading an RSA key checks it, which costs
#: tens of milliseconds, and a leader signs many results with the same key.
_keys: dict[Path, tuple[tuple[int, int], PrivateKeyTypes]] = {}


def _key_read(path: Path) -> PrivateKeyTypes:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _keys_lock:
        known = _keys.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    with _keys_lock:
        _keys[path] = (stamp, key)
    return key


def _digest(name: str) -> hashes.HashAlgorithm:
    """``sha256`` and the like (the names pyHanko passes) as a cryptography hash."""
    algorithm = getattr(hashes, name.upper(), None)
    if not isinstance(algorithm, type) or not issubclass(algorithm, hashes.HashAlgorithm):
        message = f"digest {name} is not supported"
        raise SignerUnavailable(message)
    return algorithm()


class RsaKeySigner(Signer):
    """RSA PKCS #1 v1.5 signatures with a key already loaded (pyHanko's own simple signer loads
    the key again for every signature it makes)."""

    def __init__(
        self,
        *,
        key: rsa.RSAPrivateKey,
        certificate: asn1_x509.Certificate,
        cert_registry: SimpleCertificateStore,
    ) -> None:
        super().__init__(signing_cert=certificate, cert_registry=cert_registry)
        self._key = key

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:
            return bytes(self._key.key_size // 8)
        return self._key.sign(data, PKCS1v15(), _digest(digest_algorithm))


class KeyFilePlugin:
    name = "keyfile"

    def key_path(self, reference: str) -> Path:
        if not reference or "/" in reference or reference.startswith("."):
            message = f"bad key file reference {reference!r}"
            raise SignerUnavailable(message)
        return Path(settings.MOTCUA_PKI_DIR) / "signers" / f"{reference}.key"

    @contextmanager
    def open(
        self, *, reference: str, certificate: x509.Certificate, chain: Sequence[x509.Certificate]
    ) -> Iterator[Signer]:
        path = self.key_path(reference)
        try:
            key = _key_read(path)
        except (OSError, ValueError) as error:
            message = f"key file {path.name} cannot be read"
            raise SignerUnavailable(message) from error
        registry = SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [asn1_certificate(c) for c in chain]
        )
        if isinstance(key, rsa.RSAPrivateKey):
            yield RsaKeySigner(
                key=key, certificate=asn1_certificate(certificate), cert_registry=registry
            )
            return
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        yield SimpleSigner(
            signing_cert=asn1_certificate(certificate),
            signing_key=keys.PrivateKeyInfo.load(der),
            cert_registry=registry,
        )
