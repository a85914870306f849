"""PKCS#11 signer: the key stays on the token (a USB token, an HSM; SoftHSM2 in tests)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pkcs11
from cryptography import x509
from django.conf import settings
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.signers import Signer

from motcua.signing.contrib.keyfile.plugin import asn1_certificate
from motcua.signing.contrib.pkcs11.token import pkcs11_module, softhsm_environment
from motcua.signing.registry import SignerUnavailable


class Pkcs11Plugin:
    name = "pkcs11"

    @contextmanager
    def open(
        self, *, reference: str, certificate: x509.Certificate, chain: Sequence[x509.Certificate]
    ) -> Iterator[Signer]:
        softhsm_environment()
        try:
            session = open_pkcs11_session(
                pkcs11_module(),
                token_criteria=TokenCriteria(label=settings.MOTCUA_PKCS11_TOKEN_LABEL),
                user_pin=settings.MOTCUA_PKCS11_USER_PIN,
            )
        except (pkcs11.PKCS11Error, OSError) as error:
            message = f"the signing token cannot be opened: {type(error).__name__}"
            raise SignerUnavailable(message) from error
        try:
            yield PKCS11Signer(
                session,
                key_label=reference,
                signing_cert=asn1_certificate(certificate),
                ca_chain=[asn1_certificate(c) for c in chain],
            )
        finally:
            session.close()
