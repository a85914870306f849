"""A SoftHSM2 token of the project's own (in the var dir, never the system's) and its keys.

The signing key is generated *inside* the token, marked sensitive and not extractable; only its
public half comes out, for the CA to certify, and the certificate is stored back on the token
under the same label and id.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.types import Session

#: Where Debian and Ubuntu install the SoftHSM2 module (package softhsm2).
SOFTHSM_DEBIAN_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
_OTHER_MODULES = (
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


class TokenError(Exception):
    """The token could not be created or used."""


def pkcs11_module() -> str:
    """The PKCS#11 module: the setting, else the SoftHSM2 module where the system installed it."""
    if settings.MOTCUA_PKCS11_MODULE:
        return str(settings.MOTCUA_PKCS11_MODULE)
    for candidate in (SOFTHSM_DEBIAN_MODULE, *_OTHER_MODULES):
        if Path(candidate).is_file():
            return candidate
    message = "no SoftHSM2 module found: install softhsm2 or set MOTCUA_PKCS11_MODULE"
    raise TokenError(message)


def softhsm_environment() -> None:
    """Point SoftHSM2 at the project's configuration unless the environment already chose one.

    Must run before the module is first loaded in this process: SoftHSM2 reads it at
    ``C_Initialize``.
    """
    if "softhsm" in pkcs11_module():
        os.environ.setdefault("SOFTHSM2_CONF", str(settings.MOTCUA_SOFTHSM2_CONF))


def softhsm_conf_write(conf: Path) -> Path:
    """Write a SoftHSM2 configuration keeping its tokens in ``<folder of conf>/tokens``."""
    tokens = conf.parent / "tokens"
    tokens.mkdir(parents=True, exist_ok=True, mode=0o700)
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
        "slots.removable = false\n"
    )
    return conf


def softhsm_token_init(*, conf: Path, label: str, so_pin: str, user_pin: str) -> bool:
    """Create token ``label`` in the SoftHSM2 of ``conf`` unless it exists; True if created."""
    tool = shutil.which("softhsm2-util")
    if tool is None:
        message = "softhsm2-util not found: install the softhsm2 package"
        raise TokenError(message)
    environment = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    shown = subprocess.run(  # noqa: S603 (fixed tool, no shell)
        [tool, "--show-slots"], env=environment, capture_output=True, text=True, check=False
    )
    if any(
        line.split(":", 1)[-1].strip() == label
        for line in shown.stdout.splitlines()
        if line.strip().startswith("Label:")
    ):
        return False
    created = subprocess.run(  # noqa: S603 (fixed tool, no shell)
        [tool, "--init-token", "--free", "--label", label, "--so-pin", so_pin, "--pin", user_pin],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if created.returncode != 0:
        message = f"softhsm2-util could not create the token: {created.stderr.strip()}"
        raise TokenError(message)
    return True


DEMO_SO_PIN = "development-only-so-pin"


def softhsm_project_token(*, so_pin: str = DEMO_SO_PIN) -> bool:
    """The project's own SoftHSM2 token (``MOTCUA_SOFTHSM2_CONF``, ``MOTCUA_PKCS11_TOKEN_LABEL``),
    created unless it exists; True if created. Nothing to do with another PKCS#11 module: a real
    token is initialised by its owner."""
    if "softhsm" not in pkcs11_module():
        return False
    conf = Path(settings.MOTCUA_SOFTHSM2_CONF)
    if not conf.is_file():
        softhsm_conf_write(conf)
    return softhsm_token_init(
        conf=conf,
        label=settings.MOTCUA_PKCS11_TOKEN_LABEL,
        so_pin=so_pin,
        user_pin=settings.MOTCUA_PKCS11_USER_PIN,
    )


def token_session(*, label: str, user_pin: str, rw: bool = False) -> Session:
    softhsm_environment()
    try:
        token = pkcs11.lib(pkcs11_module()).get_token(token_label=label)
        return token.open(rw=rw, user_pin=user_pin)
    except pkcs11.PKCS11Error as error:
        message = f"token {label!r} cannot be opened: {type(error).__name__}"
        raise TokenError(message) from error


def token_has_key(session: Session, key_label: str) -> bool:
    found = session.get_objects(
        {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: key_label}
    )
    return any(True for _ in found)


def token_key_generate(*, session: Session, key_label: str) -> rsa.RSAPublicKey:
    """A new RSA key pair inside the token; returns only the public key."""
    key_id = key_label.encode()[:64]
    public, _private = session.generate_keypair(
        KeyType.RSA,
        2048,
        store=True,
        label=key_label,
        id=key_id,
        private_template={
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
        },
    )
    return token_public_key(public)


def token_public_key(public: pkcs11.PublicKey) -> rsa.RSAPublicKey:
    numbers = rsa.RSAPublicNumbers(
        e=int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
        n=int.from_bytes(public[Attribute.MODULUS], "big"),
    )
    return numbers.public_key()


def token_find_public_key(session: Session, key_label: str) -> rsa.RSAPublicKey:
    public = session.get_key(object_class=ObjectClass.PUBLIC_KEY, label=key_label)
    assert isinstance(public, pkcs11.PublicKey)  # noqa: S101 (asked for a public key)
    return token_public_key(public)


def token_certificate_store(
    *, session: Session, key_label: str, certificate: x509.Certificate
) -> None:
    """Store ``certificate`` on the token beside its key (same label and id), replacing any."""
    for old in session.get_objects(
        {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: key_label}
    ):
        old.destroy()
    session.create_object(
        {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: key_label,
            Attribute.ID: key_label.encode()[:64],
            Attribute.SUBJECT: certificate.subject.public_bytes(),
            Attribute.ISSUER: certificate.issuer.public_bytes(),
            Attribute.SERIAL_NUMBER: certificate.serial_number.to_bytes(20, "big").lstrip(b"\0"),
            Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
        }
    )
