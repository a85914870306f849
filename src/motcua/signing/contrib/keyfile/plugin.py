"""Key-file signer: a PEM private key under ``<MOTCUA_PKI_DIR>/signers/`` (the demo only)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing.registry import SignerUnavailable


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


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
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as error:
            message = f"key file {path.name} cannot be read"
            raise SignerUnavailable(message) from error
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        yield SimpleSigner(
            signing_cert=asn1_certificate(certificate),
            signing_key=keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [asn1_certificate(c) for c in chain]
            ),
        )
