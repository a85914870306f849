"""Writes of the signing app: officers' credentials, and PAdES signatures on PDF documents.

cryptography (about 10 MiB resident) and the local CA are imported by the functions that use them:
the dossier services import this module, and most web workers never sign or read a certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, User
from motcua.core.errors import DomainError, FieldProblem
from motcua.core.metrics import SIGNATURE_DURATION, duration_observed
from motcua.core.services import audit_append
from motcua.signing.models import SigningCredential
from motcua.signing.registry import SignerUnavailable, signer_plugin_get
from motcua.signing.threads import outside_event_loop

if TYPE_CHECKING:
    from cryptography import x509

    from motcua.signing.pki import Pki

TSA_TIMEOUT_SECONDS = 15
#: Room kept in the PDF for the CMS signature (leaf, chain, time-stamp token: about 9 KiB with
#: the local CA's RSA keys). Reserving it spares pyHanko a trial signature, and with it a second
#: request to the time-stamp authority, to find the size.
SIGNATURE_BYTES_RESERVED = 16 * 1024


class SigningFailed(DomainError):
    """The document could not be signed; nothing was signed."""


def common_name(certificate: x509.Certificate) -> str:
    from cryptography.x509 import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def _fingerprint(certificate: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import hashes

    return certificate.fingerprint(hashes.SHA256()).hex()


def credential_register(
    *,
    certificate: x509.Certificate,
    plugin: str,
    reference: str,
    at: datetime,
    user: User | None = None,
    agency: Agency | None = None,
    actor: str = "system",
) -> SigningCredential:
    """Record that ``plugin`` holds the key of ``certificate`` under ``reference``, for ``user``
    (a leader's or specialist's signature) or ``agency`` (its seal). Idempotent per certificate."""
    from cryptography.hazmat.primitives import serialization

    signer_plugin_get(plugin)  # an unknown plugin is refused before anything is written
    if (user is None) == (agency is None):
        raise DomainError(_("Chứng thư số phải thuộc về một cán bộ hoặc một cơ quan."))
    with transaction.atomic():
        credential, created = SigningCredential.objects.get_or_create(
            fingerprint=_fingerprint(certificate),
            defaults={
                "user": user,
                "agency": agency,
                "plugin": plugin,
                "reference": reference,
                "certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
                "subject": certificate.subject.rfc4514_string(),
                "serial": format(certificate.serial_number, "x"),
                "not_before": certificate.not_valid_before_utc,
                "not_after": certificate.not_valid_after_utc,
                "created_at": at,
            },
        )
        if created:
            audit_append(
                actor=actor,
                action="signing.credential_register",
                object_type="signing_credential",
                object_id=credential.fingerprint,
                at=at,
                data={
                    "user": user.username if user else None,
                    "agency": agency.code if agency else None,
                    "plugin": plugin,
                    "serial": credential.serial,
                    "not_after": credential.not_after.isoformat(),
                },
            )
    return credential


def credential_revoke(
    *, credential: SigningCredential, at: datetime, pki: Pki | None = None, actor: str = "system"
) -> None:
    """Revoke a credential from ``at``: it signs nothing more, and the local CA's CRL lists it."""
    with transaction.atomic():
        locked = SigningCredential.objects.select_for_update().get(pk=credential.pk)
        if locked.revoked_at is not None:
            return
        locked.revoked_at = at
        locked.save(update_fields=["revoked_at"])
        audit_append(
            actor=actor,
            action="signing.credential_revoke",
            object_type="signing_credential",
            object_id=locked.fingerprint,
            at=at,
            data={"serial": locked.serial},
        )
    credential.revoked_at = at
    if pki is not None:
        from motcua.signing.pki import certificate_revoke

        certificate_revoke(pki=pki, certificate=credential_certificate(credential), at=at)


def credential_certificate(credential: SigningCredential) -> x509.Certificate:
    from cryptography.x509 import load_pem_x509_certificate

    return load_pem_x509_certificate(credential.certificate.encode())


def pdf_sign_with(
    *,
    pdf: bytes,
    plugin: str,
    reference: str,
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate],
    field_name: str,
    reason: str,
    location: str,
    tsa_url: str,
) -> bytes:
    """The lower half of :func:`pdf_sign`: sign with any certificate, valid or not (tests use it to
    make the documents a validator must refuse)."""
    # pyHanko (with aiohttp) and the PKCS#11 bindings are loaded by the processes that sign, not by
    # every web worker at start.
    import pkcs11
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    from motcua.signing.tsa_client import PooledTimeStamper

    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=common_name(certificate),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=False,
        use_pades_lta=False,
        embed_validation_info=False,
    )

    def sign() -> bytes:
        with signer_plugin_get(plugin).open(
            reference=reference, certificate=certificate, chain=chain
        ) as signer:
            writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
            pdf_signer = signers.PdfSigner(
                metadata,
                signer=signer,
                timestamper=PooledTimeStamper(tsa_url, timeout=TSA_TIMEOUT_SECONDS),
            )
            output: BytesIO = pdf_signer.sign_pdf(writer, bytes_reserved=SIGNATURE_BYTES_RESERVED)
            return output.getvalue()

    try:
        with duration_observed(SIGNATURE_DURATION, plugin=plugin):
            return outside_event_loop(sign)
    except TimestampRequestError as error:
        raise SigningFailed(
            _("Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian; chưa ký được văn bản."),
            problems=[FieldProblem("tsa", str(error)[:200])],
        ) from error
    except SignerUnavailable as error:
        raise SigningFailed(
            _("Không truy cập được khóa ký số (thiết bị ký số, mã PIN); chưa ký được văn bản."),
            problems=[FieldProblem("signer", str(error)[:200])],
        ) from error
    except (SigningError, PdfError, pkcs11.PKCS11Error) as error:
        raise SigningFailed(
            _("Không ký được văn bản: %(reason)s") % {"reason": type(error).__name__}
        ) from error


def pdf_sign(
    *,
    pdf: bytes,
    credential: SigningCredential,
    field_name: str,
    reason: str,
    location: str,
    at: datetime,
) -> bytes:
    """``pdf`` with one more PAdES baseline B-T signature by ``credential``, as an incremental
    update (earlier signatures stay valid; none certifies, so later ones may follow).

    A credential revoked, not yet valid or expired at ``at`` is refused.
    """
    if credential.revoked_at is not None and credential.revoked_at <= at:
        raise SigningFailed(_("Chứng thư số đã bị thu hồi; không thể ký."))
    if not credential.not_before <= at < credential.not_after:
        raise SigningFailed(_("Chứng thư số không còn hiệu lực (hết hạn hoặc chưa có hiệu lực)."))
    return pdf_sign_with(
        pdf=pdf,
        plugin=credential.plugin,
        reference=credential.reference,
        certificate=credential_certificate(credential),
        chain=credential_chain(),
        field_name=field_name,
        reason=reason,
        location=location,
        tsa_url=str(settings.MOTCUA_TSA_URL),
    )


def credential_chain() -> list[x509.Certificate]:
    """The issuing chain sent with each signature: the local CA's (demo, tests), else none."""
    from motcua.signing.pki import PkiMissing, pki_chain

    try:
        return pki_chain(directory=Path(settings.MOTCUA_PKI_DIR))
    except PkiMissing:
        return []
