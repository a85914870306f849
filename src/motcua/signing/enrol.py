"""Giving an officer a signing credential: a key (in a file or inside a token) and its certificate
from the local CA. For the demo and the tests; in production the certificate comes from a licensed
CA and is recorded with :func:`motcua.signing.services.credential_register`."""

import re
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.signing.contrib.pkcs11.token import (
    token_certificate_store,
    token_find_public_key,
    token_has_key,
    token_key_generate,
    token_session,
)
from motcua.signing.models import SigningCredential
from motcua.signing.pki import Pki, certificate_issue, keyfile_issue
from motcua.signing.services import credential_register

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def key_reference(user: User) -> str:
    return "user-" + _UNSAFE.sub("_", user.username)


def keyfile_enrol(
    *, user: User, pki: Pki, at: datetime, organisation: str = ""
) -> SigningCredential:
    """A key file and certificate for ``user`` (kept if there already is one)."""
    reference = key_reference(user)
    _key, _cert, certificate = keyfile_issue(
        pki=pki,
        name=reference,
        common_name=user.full_name or user.username,
        organisation=organisation or "motcua",
        at=at,
    )
    return credential_register(
        certificate=certificate, plugin="keyfile", reference=reference, at=at, user=user
    )


def pkcs11_enrol(
    *, user: User, pki: Pki, at: datetime, organisation: str = ""
) -> SigningCredential:
    """A key generated inside the token for ``user``, certified by the CA; the certificate is
    stored on the token beside the key. The private key never leaves the token."""
    reference = key_reference(user)
    existing = SigningCredential.objects.filter(
        user=user, plugin="pkcs11", reference=reference, revoked_at__isnull=True, not_after__gt=at
    ).first()
    if existing is not None:
        return existing
    session = token_session(
        label=settings.MOTCUA_PKCS11_TOKEN_LABEL, user_pin=settings.MOTCUA_PKCS11_USER_PIN, rw=True
    )
    try:
        if token_has_key(session, reference):
            public_key = token_find_public_key(session, reference)
        else:
            public_key = token_key_generate(session=session, key_label=reference)
        certificate = certificate_issue(
            pki=pki,
            public_key=public_key,
            common_name=user.full_name or user.username,
            organisation=organisation or "motcua",
            at=at,
        )
        token_certificate_store(session=session, key_label=reference, certificate=certificate)
    finally:
        session.close()
    return credential_register(
        certificate=certificate, plugin="pkcs11", reference=reference, at=at, user=user
    )


#: The signer plugins an officer can be enrolled with here, by ``MOTCUA_SIGNER``.
ENROLMENTS = {"keyfile": keyfile_enrol, "pkcs11": pkcs11_enrol}


def officer_enrol(
    *, user: User, pki: Pki, at: datetime, organisation: str = "", signer: str | None = None
) -> SigningCredential:
    """A credential for ``user`` where ``signer`` keeps the keys (default: ``MOTCUA_SIGNER``).

    Signing always uses the plugin of the credential itself; the setting only decides where the
    keys of officers enrolled from now on are made.
    """
    name = signer or str(settings.MOTCUA_SIGNER)
    enrol = ENROLMENTS.get(name)
    if enrol is None:
        raise DomainError(
            _("Không hỗ trợ nơi giữ khóa ký số %(name)s (MOTCUA_SIGNER): chỉ có %(known)s.")
            % {"name": name, "known": ", ".join(sorted(ENROLMENTS))}
        )
    return enrol(user=user, pki=pki, at=at, organisation=organisation)
