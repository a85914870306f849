"""Giving an officer (or an agency, its seal) a signing credential: a key (in a file or inside a
token) and its certificate from the local CA. For the demo and the tests; in production the
certificate comes from a licensed CA and is recorded with
:func:`motcua.signing.services.credential_register`."""

import re
from datetime import datetime

from cryptography import x509
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, User
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


def _token_certificate(
    *,
    reference: str,
    pki: Pki,
    at: datetime,
    common_name: str,
    organisation: str,
    locality: str = "",
) -> x509.Certificate:
    """The key ``reference`` inside the token (generated there unless it exists), certified by
    the CA; the certificate is stored on the token beside the key."""
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
            common_name=common_name,
            organisation=organisation,
            locality=locality,
            at=at,
        )
        token_certificate_store(session=session, key_label=reference, certificate=certificate)
    finally:
        session.close()
    return certificate


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
    certificate = _token_certificate(
        reference=reference,
        pki=pki,
        at=at,
        common_name=user.full_name or user.username,
        organisation=organisation or "motcua",
    )
    return credential_register(
        certificate=certificate, plugin="pkcs11", reference=reference, at=at, user=user
    )


def seal_reference(agency: Agency) -> str:
    return "seal-" + _UNSAFE.sub("_", agency.code)


def _seal_subject(agency: Agency) -> tuple[str, str, str]:
    """(CN, O, L) of an agency's organisation certificate: the agency, the body it answers to
    (its own name when it has none), and its administrative unit."""
    parent = agency.parent
    return agency.name, parent.name if parent else agency.name, agency.administrative_unit.name


def seal_keyfile_enrol(*, agency: Agency, pki: Pki, at: datetime) -> SigningCredential:
    """A key file and organisation certificate for the seal of ``agency`` (kept if there is one)."""
    reference = seal_reference(agency)
    name, organisation, locality = _seal_subject(agency)
    _key, _cert, certificate = keyfile_issue(
        pki=pki,
        name=reference,
        common_name=name,
        organisation=organisation,
        locality=locality,
        at=at,
    )
    return credential_register(
        certificate=certificate, plugin="keyfile", reference=reference, at=at, agency=agency
    )


def seal_pkcs11_enrol(*, agency: Agency, pki: Pki, at: datetime) -> SigningCredential:
    """A seal key generated inside the token for ``agency``, its certificate stored beside it."""
    reference = seal_reference(agency)
    existing = SigningCredential.objects.filter(
        agency=agency,
        user__isnull=True,
        plugin="pkcs11",
        reference=reference,
        revoked_at__isnull=True,
        not_after__gt=at,
    ).first()
    if existing is not None:
        return existing
    name, organisation, locality = _seal_subject(agency)
    certificate = _token_certificate(
        reference=reference,
        pki=pki,
        at=at,
        common_name=name,
        organisation=organisation,
        locality=locality,
    )
    return credential_register(
        certificate=certificate, plugin="pkcs11", reference=reference, at=at, agency=agency
    )


SEAL_ENROLMENTS = {"keyfile": seal_keyfile_enrol, "pkcs11": seal_pkcs11_enrol}


def seal_enrol(
    *, agency: Agency, pki: Pki, at: datetime, signer: str | None = None
) -> SigningCredential:
    """The seal (con dấu điện tử, an organisation certificate) of ``agency``, its key where
    ``signer`` says (default: ``MOTCUA_SIGNER``); slips the agency issues are signed with it."""
    name = signer or str(settings.MOTCUA_SIGNER)
    enrol = SEAL_ENROLMENTS.get(name)
    if enrol is None:
        raise DomainError(
            _("Không hỗ trợ nơi giữ khóa ký số %(name)s (MOTCUA_SIGNER): chỉ có %(known)s.")
            % {"name": name, "known": ", ".join(sorted(SEAL_ENROLMENTS))}
        )
    return enrol(agency=agency, pki=pki, at=at)


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
