"""Ed25519 signatures of registry answers: the registry signs the raw body; motcua verifies it
with the public key it was configured with (never one fetched from the registry itself).

cryptography is imported by the functions that use it: a web worker loads it (about 10 MiB) only
when it first checks a registry answer."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

SIGNATURE_HEADER = "X-Registry-Signature"
KEY_ID_HEADER = "X-Registry-Key-Id"
PURPOSE_HEADER = "X-Motcua-Purpose"
DOSSIER_HEADER = "X-Motcua-Dossier"
REQUEST_ID_HEADER = "X-Motcua-Request-Id"
CLIENT_HEADER = "X-Motcua-Client"


def public_key_file_for(key_file: Path) -> Path:
    """Where the simulator writes the public half of ``key_file``."""
    return key_file.with_name(key_file.name.removesuffix(".pem") + ".pub.pem")


def load_or_generate_private_key(key_file: Path | None) -> Ed25519PrivateKey:
    """The signing key from a PEM file, or a new one (written there, with its public half)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if key_file is not None and key_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            message = f"{key_file} is not an Ed25519 private key"
            raise ValueError(message)
    else:
        key = Ed25519PrivateKey.generate()
        if key_file is not None:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
    if key_file is not None:
        public_key_file_for(key_file).write_bytes(public_pem(key.public_key()))
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + base64.urlsafe_b64encode(raw[:12]).decode().rstrip("=")


def load_public_key(path: Path) -> Ed25519PublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        message = f"{path} is not an Ed25519 public key"
        raise ValueError(message)
    return key


def sign(key: Ed25519PrivateKey, body: bytes) -> str:
    return base64.b64encode(key.sign(body)).decode()


def verify(key: Ed25519PublicKey, body: bytes, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(base64.b64decode(signature, validate=True), body)
    except (InvalidSignature, ValueError):
        return False
    return True
