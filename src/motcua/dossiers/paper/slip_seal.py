"""Slips signed with the issuing agency's seal (con dấu điện tử, chữ ký số của cơ quan).

The slips that go to the applicant (forms 01 receipt and appointment, 02 supplement request,
03 refusal, 04 apology, 05 stop notice) are signed PAdES B-T with the organisation certificate
of the agency that issues them (:func:`~motcua.dossiers.paper.forms.slip_issuer`) the first time
they are asked for, and kept as a :class:`DossierResult` of kind ``slip``, with a verification
code that ``/verify/<code>/`` checks, printed with its QR code on the slip. Asked again, the same
signed bytes come back; a slip whose content changed since (a new supplement request, a new due
date after a supplement) is a new document: signed anew, with its own code, while the earlier one
stays verifiable. The process-control slip (06) is internal, changes at every step and is never
signed.

The receipt must never hold up the counter: without a seal certificate, or when signing fails
(the time-stamp authority or the token is unreachable), the slip is served unsigned, marked
"BẢN CHƯA KÝ SỐ" on its face, nothing is stored, a warning is logged, and the next request tries
to sign again.
"""

import dataclasses
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from motcua.core.localtime import LOCAL_TZ
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier, DossierResult, DossierResultKind
from motcua.dossiers.paper.forms import FORM_TITLES, Slip, slip_data, slip_issuer
from motcua.dossiers.paper.slips import SlipVerification, render_slip
from motcua.dossiers.results import new_verification_code, verify_url
from motcua.signing.models import SigningCredential
from motcua.signing.selectors import seal_for
from motcua.signing.services import SigningFailed, pdf_sign

logger = logging.getLogger(__name__)

#: The forms that go to the applicant, signed with the agency's seal.
SEALED_FORMS = ("01", "02", "03", "04", "05")
#: The reason written into the signature: part of the signed document, like the slip's own text,
#: so always Vietnamese whatever the language of the page that asked for it.
SEAL_REASON = "Chữ ký số của cơ quan trên {title}"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class IssuedSlip:
    form: str
    pdf: bytes
    signed: bool
    verification_code: str  # empty when unsigned


def slip_fingerprint(slip: Slip) -> str:
    """SHA-256 of everything the slip says: equal fingerprints, equal slip."""
    text = json.dumps(dataclasses.asdict(slip), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(dossier: Dossier, form: str, fingerprint: str) -> DossierResult | None:
    return (
        DossierResult.objects.filter(
            dossier=dossier,
            kind=DossierResultKind.SLIP,
            data__form=form,
            data__fingerprint=fingerprint,
        )
        .order_by("created_at", "pk")
        .first()
    )


def _read(result: DossierResult) -> bytes:
    with default_storage.open(result.file.name, "rb") as handle:
        data: bytes = handle.read()
    return data


def _served(result: DossierResult, form: str) -> IssuedSlip:
    return IssuedSlip(
        form=form, pdf=_read(result), signed=True, verification_code=result.verification_code
    )


def _unsigned(slip: Slip, form: str, at: datetime) -> IssuedSlip:
    return IssuedSlip(
        form=form, pdf=render_slip(slip, at=at, unsigned=True), signed=False, verification_code=""
    )


def slip_issue(*, dossier: Dossier, form: str, at: datetime, actor: str = "system") -> IssuedSlip:
    """The PDF of form ``form`` of ``dossier`` as of ``at`` (see the module docs).

    The caller has scoped ``dossier``; a form the dossier does not carry answers ``NotFound``
    (from :func:`slip_data`). ``actor`` is recorded in the audit row of a new signature.
    """
    slip = slip_data(dossier=dossier, form=form, at=at)
    if form not in SEALED_FORMS:
        return IssuedSlip(
            form=form, pdf=render_slip(slip, at=at), signed=False, verification_code=""
        )
    fingerprint = slip_fingerprint(slip)
    existing = _stored(dossier, form, fingerprint)
    if existing is not None:
        return _served(existing, form)
    agency = slip_issuer(dossier=dossier, form=form)
    credential = seal_for(agency=agency, at=at)
    if credential is None:
        logger.warning(
            "slip %s of dossier %s served unsigned: agency %s has no valid seal certificate",
            form,
            dossier.code,
            agency.code,
        )
        return _unsigned(slip, form, at)
    code = new_verification_code()
    pdf = render_slip(slip, at=at, verification=SlipVerification(code=code, url=verify_url(code)))
    try:
        signed = pdf_sign(
            pdf=pdf,
            credential=credential,
            field_name=f"DauCoQuan_Mau{form}",
            reason=SEAL_REASON.format(title=FORM_TITLES[form].lower()),
            location=agency.name,
            at=at,
        )
    except SigningFailed as error:
        logger.warning(
            "slip %s of dossier %s served unsigned: signing with the seal of %s failed: %s",
            form,
            dossier.code,
            agency.code,
            error.message,
        )
        return _unsigned(slip, form, at)
    return _keep(
        dossier=dossier,
        form=form,
        fingerprint=fingerprint,
        code=code,
        signed=signed,
        credential=credential,
        at=at,
        actor=actor,
    )


def _keep(
    *,
    dossier: Dossier,
    form: str,
    fingerprint: str,
    code: str,
    signed: bytes,
    credential: SigningCredential,
    at: datetime,
    actor: str,
) -> IssuedSlip:
    """Store the signed slip, unless a concurrent request stored the same slip first: then that
    one is served and this signature is dropped (the network call to the TSA is made outside any
    lock, the check-and-insert under the dossier's row lock)."""
    agency = credential.agency
    digest = hashlib.sha256(signed).hexdigest()
    year = dossier.received_at.astimezone(LOCAL_TZ).year
    name = ""
    try:
        with transaction.atomic():
            list(Dossier.objects.select_for_update().filter(pk=dossier.pk).values_list("pk"))
            existing = _stored(dossier, form, fingerprint)
            if existing is not None:
                return _served(existing, form)
            name = default_storage.save(
                f"slips/{year}/{_SAFE.sub('_', dossier.code)}/{form}-{code}.pdf",
                ContentFile(signed),
            )
            DossierResult.objects.create(
                dossier=dossier,
                kind=DossierResultKind.SLIP,
                title=FORM_TITLES[form],
                number=f"{dossier.code}/{form}",
                verification_code=code,
                file=name,
                sha256=digest,
                signatures=[
                    {
                        "signer": agency.name if agency else credential.subject,
                        "username": "",
                        "role": "seal",
                        "at": at.isoformat(),
                        "subject": credential.subject,
                        "serial": credential.serial,
                        "sha256": digest,
                    }
                ],
                created_at=at,
                signed_at=at,
                data={
                    "form": form,
                    "fingerprint": fingerprint,
                    "agency": agency.code if agency else "",
                    "agency_name": agency.name if agency else "",
                },
            )
            audit_append(
                actor=actor,
                action="dossier.slip_seal",
                object_type="dossier",
                object_id=dossier.code,
                at=at,
                data={
                    "form": form,
                    "verification_code": code,
                    "sha256": digest,
                    "serial": credential.serial,
                },
                chain=f"dossier:{dossier.code}",
            )
    except BaseException:
        if name:
            default_storage.delete(name)
        raise
    return IssuedSlip(form=form, pdf=signed, signed=True, verification_code=code)
