"""Verification of the signatures of a PDF, independent of what motcua stored about it.

Each signature must be intact, chain to a trusted root, be neither revoked nor expired at the
time its RFC 3161 timestamp proves, carry a valid timestamp, and cover the whole document except
later signatures (an incremental update that changes content after signing is refused).
Reasons are in Vietnamese, one per problem.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.signing.pki import PkiMissing, pki_load
from motcua.signing.threads import outside_event_loop


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    organisation: str
    serial: str
    #: The time the TSA certified (None without a timestamp).
    signed_at: datetime | None
    intact: bool
    trusted: bool
    timestamp_ok: bool
    revoked: bool
    expired: bool
    covers_document: bool
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    signatures: tuple[SignatureReport, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.signatures) and all(s.ok for s in self.signatures)

    def all_problems(self) -> list[str]:
        return [*self.problems, *(p for s in self.signatures for p in s.problems)]


@dataclass(frozen=True)
class TrustAnchors:
    roots: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...]


def local_trust() -> TrustAnchors:
    """The local CA's root and CRLs (demo, tests); empty when there is none."""
    try:
        pki = pki_load(directory=Path(settings.MOTCUA_PKI_DIR))
    except PkiMissing:
        return TrustAnchors(roots=(), crls=())
    return TrustAnchors(roots=(pki.root.certificate,), crls=tuple(pki.crls()))


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _context(trust: TrustAnchors, moment: datetime | None) -> ValidationContext:
    return ValidationContext(
        trust_roots=[_asn1(c) for c in trust.roots],
        crls=[
            asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER))
            for c in trust.crls
        ],
        allow_fetching=False,
        # Every certificate of the path must be shown unrevoked by a CRL of its issuer (the local
        # CA's are given here; none is fetched over the network).
        revocation_mode="require",
        moment=moment,
        # The CRL is read now, about a signature made earlier: it still tells whether the
        # certificate had been revoked at the moment of signing.
        retroactive_revinfo=True,
    )


def _timestamp_time(signature: EmbeddedPdfSignature) -> datetime | None:
    for signed_data in extract_tst_data_iter(signature.signer_info, signed=False):
        info = signed_data["encap_content_info"]["content"].parsed
        moment = info["gen_time"].native
        if isinstance(moment, datetime):
            return moment
    return None


def _name_part(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _report(signature: EmbeddedPdfSignature, trust: TrustAnchors, now: datetime) -> SignatureReport:
    signed_at = _timestamp_time(signature)
    status: PdfSignatureStatus = outside_event_loop(
        lambda: validate_pdf_signature(
            signature,
            signer_validation_context=_context(trust, signed_at or now),
            ts_validation_context=_context(trust, signed_at or now),
        )
    )
    certificate = x509.load_der_x509_certificate(status.signing_cert.dump())
    problems: list[str] = []
    if not (status.intact and status.valid):
        problems.append(_("Nội dung đã bị thay đổi sau khi ký: chữ ký không khớp với tài liệu."))
    expired = signed_at is not None and not (
        certificate.not_valid_before_utc <= signed_at <= certificate.not_valid_after_utc
    )
    revoked = status.revoked
    trusted = status.trusted
    if expired:
        problems.append(_("Chứng thư số của người ký đã hết hạn (hoặc chưa có hiệu lực) khi ký."))
    if revoked:
        problems.append(_("Chứng thư số của người ký đã bị thu hồi."))
    if not trusted and not expired and not revoked and status.intact and status.valid:
        problems.append(_("Chứng thư số không được cấp bởi tổ chức chứng thực tin cậy."))
    ts = status.timestamp_validity
    timestamp_ok = ts is not None and ts.intact and ts.valid and ts.trusted
    if signed_at is None:
        problems.append(_("Chữ ký không có dấu thời gian."))
    elif not timestamp_ok:
        problems.append(_("Dấu thời gian của chữ ký không hợp lệ."))
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.FORM_FILLING
        and bool(status.docmdp_ok)
    )
    if not covers:
        problems.append(
            _("Tài liệu đã bị sửa đổi sau khi ký (có phần nội dung không được chữ ký bảo vệ).")
        )
    return SignatureReport(
        field=str(signature.field_name),
        signer=_name_part(certificate, x509.NameOID.COMMON_NAME),
        organisation=_name_part(certificate, x509.NameOID.ORGANIZATION_NAME),
        serial=format(certificate.serial_number, "x"),
        signed_at=signed_at,
        intact=bool(status.intact and status.valid),
        trusted=trusted,
        timestamp_ok=timestamp_ok,
        revoked=revoked,
        expired=expired,
        covers_document=covers,
        problems=tuple(problems),
    )


def pdf_verify(
    *, pdf: bytes, trust: TrustAnchors | None = None, now: datetime | None = None
) -> VerificationReport:
    """Check every signature of ``pdf`` (see the module documentation); never raises on bad
    input, a file that is not a signed PDF gets a report with the reason."""
    digest = hashlib.sha256(pdf).hexdigest()
    trust = trust or local_trust()
    now = now or datetime.now(tz=UTC)
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures: Sequence[EmbeddedPdfSignature] = reader.embedded_regular_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError):
        return VerificationReport(
            sha256=digest, signatures=(), problems=(_("Tệp không phải là tài liệu PDF hợp lệ."),)
        )
    if not signatures:
        return VerificationReport(
            sha256=digest, signatures=(), problems=(_("Tài liệu không có chữ ký số."),)
        )
    reports = []
    for signature in signatures:
        try:
            reports.append(_report(signature, trust, now))
        except (PdfError, ValueError, KeyError, TypeError) as error:
            reports.append(
                SignatureReport(
                    field=str(signature.field_name),
                    signer="",
                    organisation="",
                    serial="",
                    signed_at=None,
                    intact=False,
                    trusted=False,
                    timestamp_ok=False,
                    revoked=False,
                    expired=False,
                    covers_document=False,
                    problems=(
                        _("Không đọc được chữ ký: %(reason)s") % {"reason": type(error).__name__},
                    ),
                )
            )
    return VerificationReport(sha256=digest, signatures=tuple(reports), problems=())
