"""The signed electronic result of a dossier (kết quả giải quyết TTHC điện tử, Decree 45/2020).

When the step that signs completes (``ProcessStep.signs_result``; with none marked, the last leader
step), the result PDF is rendered, signed PAdES by the acting officer's certificate (a specialist's
initials first, in the order of the steps, then the leader's signature), stored in
:class:`DossierResult` with its SHA-256, and the hash is appended to the dossier's audit chain.
The QR code on it opens ``/verify/<verification_code>/``. A procedure version that lists no
``results`` produces no document, and nothing is signed.

The signature itself is made before the transition locks the dossier
(:func:`result_signature_prepare`), so neither the row lock nor a database transaction waits on
the time-stamp authority; :func:`sign_result_effect` records it with the row locked, or signs
again there if what it signed over changed in between.
"""

import base64
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_label
from motcua.accounts.models import Role, User
from motcua.catalog.models import ProcessStep
from motcua.catalog.result_templates import result_template
from motcua.catalog.steps import process_steps_of
from motcua.core.errors import Conflict, DomainError, FieldProblem, Forbidden
from motcua.core.localtime import LOCAL_TZ
from motcua.core.services import audit_append
from motcua.dossiers.models import Dossier, DossierResult, DossierResultKind
from motcua.dossiers.permissions import check_performer
from motcua.dossiers.result_content import (
    content_hash,
    result_document,
    result_number,
    result_title,
)
from motcua.dossiers.result_content import verify_url as verify_url
from motcua.dossiers.step_context import PreparedSignature, StepContext
from motcua.dossiers.workflow import Performer
from motcua.signing.models import SigningCredential
from motcua.signing.selectors import credential_for
from motcua.signing.services import SigningFailed, pdf_sign

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def new_verification_code() -> str:
    """16 random base32 characters in groups of four (80 bits: not guessable)."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def signing_steps(steps: Sequence[ProcessStep]) -> list[ProcessStep]:
    """The steps whose completion signs the result, in order."""
    marked = [s for s in steps if s.signs_result]
    if marked:
        return marked
    leaders = [s for s in steps if s.role == Role.LEADER]
    return leaders[-1:]


def _save(dossier: Dossier, code: str, seq: int, pdf: bytes, stored: list[str]) -> str:
    year = dossier.received_at.astimezone(LOCAL_TZ).year
    name = default_storage.save(
        f"results/{year}/{_SAFE.sub('_', dossier.code)}/{code}-{seq}.pdf", ContentFile(pdf)
    )
    stored.append(name)
    return name


def completing_signs(
    dossier: Dossier, step: ProcessStep | None, steps: Sequence[ProcessStep]
) -> bool:
    """Whether completing ``step`` of ``dossier`` signs its result."""
    # Only a procedure whose result is a document (its version lists ``results``) has one to sign.
    if step is None or not dossier.procedure_version.results:
        return False
    return step.pk in [s.pk for s in signing_steps(steps)]


def _signing_credential(context: StepContext) -> SigningCredential | None:
    """The acting officer's credential when completing ``context.step`` signs the result; ``None``
    when it signs nothing; :class:`Forbidden` for a signer without a valid certificate."""
    if not completing_signs(context.dossier, context.step, context.steps):
        return None
    actor = context.actor
    credential = credential_for(user=actor, at=context.at) if isinstance(actor, User) else None
    if credential is None:
        name = str(actor) if actor is not None else _("Người thực hiện")
        raise Forbidden(
            _(
                "%(name)s chưa có chứng thư chữ ký số còn hiệu lực nên chưa thể ký kết quả; "
                "hãy liên hệ quản trị hệ thống để được cấp chứng thư số."
            )
            % {"name": name},
            problems=[FieldProblem("certificate", _("Chưa có chứng thư chữ ký số."))],
        )
    return credential


def _unsigned_result(dossier: Dossier, *, lock: bool) -> DossierResult | None:
    rows = DossierResult.objects.filter(
        dossier=dossier, kind=DossierResultKind.RESULT, signed_at__isnull=True
    )
    if lock:
        rows = rows.select_for_update()
    return rows.order_by("-created_at", "-pk").first()


def _sign(
    context: StepContext, credential: SigningCredential, base: DossierResult | None
) -> PreparedSignature:
    """Render the result (or read the draft ``base``), sign it and store the signed file."""
    dossier = context.dossier
    step = context.step
    assert step is not None  # noqa: S101 - _signing_credential returned a credential
    leader = step.role == Role.LEADER
    if base is None:
        if result_template(dossier.procedure_version.results) is not None:
            raise Conflict(
                _("Hãy xem trước “%(title)s” rồi mới ký: chữ ký số gắn với văn bản đã xem.")
                % {"title": result_title(dossier)}
            )
        code = new_verification_code()
        number = result_number(dossier)
        # reportlab and segno are loaded by the processes that draw results, not by every web
        # worker at start.
        from motcua.dossiers.paper.result_pdf import render_result

        pdf = render_result(result_document(dossier, code, number, at=context.at))
        signatures = 0
    else:
        code, number, signatures = base.verification_code, base.number, len(base.signatures)
        with default_storage.open(base.file.name, "rb") as handle:
            pdf = handle.read()
        if hashlib.sha256(pdf).hexdigest() != base.sha256 or (
            not signatures and not _preview_current(base, context)
        ):
            raise Conflict(
                _(
                    "Hồ sơ đã thay đổi sau khi “%(title)s” được xem trước; hãy xem trước lại "
                    "rồi mới ký."
                )
                % {"title": base.title}
            )
    seq = signatures + 1
    try:
        signed = pdf_sign(
            pdf=pdf,
            credential=credential,
            field_name=f"KySo{seq}_{'LanhDao' if leader else 'ChuyenVien'}",
            reason=_("Phê duyệt, ký ban hành kết quả")
            if leader
            else _("Ký nháy (chuyên viên thẩm định)"),
            location=dossier.competent_agency.name,
            at=context.at,
        )
    except SigningFailed as error:
        raise Conflict(error.message, problems=error.problems) from error
    return PreparedSignature(
        step_pk=step.pk,
        base_pk=base.pk if base is not None else None,
        base_signatures=signatures,
        credential_pk=credential.pk,
        verification_code=code,
        number=number,
        seq=seq,
        file_name=_save(dossier, code, seq, signed, context.stored),
        sha256=hashlib.sha256(signed).hexdigest(),
    )


def _signer_name(
    dossier: Dossier, actor: User, step: ProcessStep | None, steps: Sequence[ProcessStep]
) -> str:
    """The name in the signer block: the leader whose completing the step signs, else nobody yet
    (a specialist's draft)."""
    if step is not None and step.role == Role.LEADER and completing_signs(dossier, step, steps):
        return actor.full_name or actor.username
    return ""


def _preview_current(base: DossierResult, context: StepContext) -> bool:
    """Whether the preview ``base`` still says what the dossier and the signer say now."""
    actor = context.actor
    if not isinstance(actor, User) or not isinstance(base.data, dict):
        return False
    document = result_document(
        context.dossier,
        base.verification_code,
        base.number,
        at=context.at,
        signer_name=_signer_name(context.dossier, actor, context.step, context.steps),
        statement=str(base.data.get("statement") or "") or None,
    )
    return base.data.get("content") == content_hash(document)


def _draftable(dossier: Dossier, step: ProcessStep | None, steps: Sequence[ProcessStep]) -> bool:
    """Whether the result of ``dossier`` may be drafted at ``step``: the version issues one, the
    step comes before the last signature or is it, and nothing is signed yet."""
    signing = signing_steps(steps)
    return (
        bool(dossier.procedure_version.results)
        and step is not None
        and bool(signing)
        and step.order <= signing[-1].order
        and not DossierResult.objects.filter(
            dossier=dossier, kind=DossierResultKind.RESULT, signed_at__isnull=False
        ).exists()
    )


@dataclass(frozen=True)
class DraftOffer:
    #: What the template leaves to the officer (empty when nothing) and the draft's answer.
    label: str
    statement: str
    #: Whether completing the step signs (the preview is then the document signed).
    signs: bool


def result_draft_offer(*, dossier: Dossier, user: User, on: date) -> DraftOffer | None:
    """What the dossier page offers ``user`` to draft or preview, ``None`` when nothing."""
    steps = process_steps_of(version=dossier.procedure_version)
    step = next((s for s in steps if s.order == dossier.current_step), None)
    if not _draftable(dossier, step, steps):
        return None
    try:
        check_performer(
            performer=Performer.STEP_ROLE, dossier=dossier, step=step, actor=user, on=on
        )
    except DomainError:
        return None
    template = result_template(dossier.procedure_version.results)
    draft = _unsigned_result(dossier, lock=False)
    said = (
        draft.data.get("statement", "")
        if draft is not None and isinstance(draft.data, dict)
        else ""
    )
    return DraftOffer(
        label=template.statement_label if template is not None else "",
        statement=str(said or (template.statement_default if template is not None else "")),
        signs=completing_signs(dossier, step, steps),
    )


def result_preview(
    *, dossier: Dossier, actor: User, at: datetime, statement: str | None = None
) -> DossierResult:
    """Draft the result (lập dự thảo kết quả) or show it before signing: render it from the
    version's template and the dossier's data, store the bytes as the unsigned result and their
    hash. The signature of the step that signs is made over exactly these bytes, and refused when
    what they were drawn from changed since (:func:`_sign`).

    Only the holder of the current step may do it. ``statement`` is what the officer writes (the
    registry's answer of a judicial-record certificate); ``None`` keeps the draft's."""
    version = dossier.procedure_version
    steps = process_steps_of(version=version)
    step = next((s for s in steps if s.order == dossier.current_step), None)
    if not _draftable(dossier, step, steps):
        raise Conflict(_("Ở bước này không lập hay xem trước kết quả được."))
    check_performer(
        performer=Performer.STEP_ROLE,
        dossier=dossier,
        step=step,
        actor=actor,
        on=at.astimezone(LOCAL_TZ).date(),
    )
    from motcua.dossiers.paper.result_pdf import render_result

    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        base = _unsigned_result(locked, lock=True)
        if base is not None and base.signatures:
            return base  # already initialled: these bytes are what is signed next
        if statement is None and base is not None and isinstance(base.data, dict):
            statement = str(base.data.get("statement") or "") or None
        code = base.verification_code if base is not None else new_verification_code()
        document = result_document(
            locked,
            code,
            result_number(locked),
            at=at,
            signer_name=_signer_name(locked, actor, step, steps),
            statement=statement,
        )
        pdf = render_result(document)
        stored: list[str] = []
        name = _save(locked, code, 0, pdf, stored)
        result = base or DossierResult(
            dossier=locked,
            kind=DossierResultKind.RESULT,
            verification_code=code,
            created_at=at,
            signatures=[],
        )
        if base is not None:
            default_storage.delete(base.file.name)
        result.title = document.title
        result.number = document.number
        result.file.name = name
        result.sha256 = hashlib.sha256(pdf).hexdigest()
        result.data = {
            "statement": statement or "",
            "content": content_hash(document),
            "previewed_by": actor.username,
            "previewed_at": at.isoformat(),
        }
        result.save()
        audit_append(
            actor=actor_label(actor),
            action="dossier.result_preview",
            object_type="dossier",
            object_id=locked.code,
            at=at,
            data={"verification_code": code, "sha256": result.sha256},
            chain=f"dossier:{locked.code}",
        )
    return result


def result_signature_prepare(context: StepContext) -> PreparedSignature | None:
    """Sign the result before the dossier row is locked, when completing ``context.step`` signs
    it: rendering, the signature and the time-stamp authority's answer take a fraction of a second
    (more when the authority is slow), and the row lock would hold every other action on the
    dossier, and a database connection, that long. ``context.dossier`` is the caller's copy:
    the transition then checks, with the row locked, that nothing changed since it was read."""
    credential = _signing_credential(context)
    if credential is None:
        return None
    return _sign(context, credential, _unsigned_result(context.dossier, lock=False))


def _discard(prepared: PreparedSignature, stored: list[str]) -> None:
    default_storage.delete(prepared.file_name)
    if prepared.file_name in stored:
        stored.remove(prepared.file_name)


def sign_result_effect(context: StepContext) -> None:
    """Step effect: record the result's signature when a signing step completes (see the module
    docs): the one :func:`result_signature_prepare` made, when it signed what the locked rows
    still hold, else one made now.

    An officer without a valid certificate cannot complete the step (:class:`Forbidden`); a
    signature that fails (time-stamp authority down) refuses it too (:class:`Conflict`), and
    nothing is kept.
    """
    credential = _signing_credential(context)
    prepared = context.prepared_signature
    if credential is None:
        if prepared is not None:
            _discard(prepared, context.stored)
        return
    step = context.step
    assert step is not None  # noqa: S101 - _signing_credential returned a credential
    dossier = context.dossier
    actor = context.actor
    base = _unsigned_result(dossier, lock=True)
    still = prepared is not None and (
        prepared.step_pk == step.pk
        and prepared.credential_pk == credential.pk
        and prepared.base_pk == (base.pk if base is not None else None)
        and prepared.base_signatures == (len(base.signatures) if base is not None else 0)
    )
    if prepared is not None and not still:
        _discard(prepared, context.stored)
    signature = prepared if prepared is not None and still else _sign(context, credential, base)
    leader = step.role == Role.LEADER
    result = base or DossierResult(
        dossier=dossier,
        kind=DossierResultKind.RESULT,
        title=result_title(dossier),
        number=signature.number,
        verification_code=signature.verification_code,
        created_at=context.at,
        signatures=[],
    )
    result.file.name = signature.file_name
    result.sha256 = signature.sha256
    signer = str(credential.user) if credential.user else credential.subject
    result.signatures = [
        *result.signatures,
        {
            "signer": str(signer),
            "username": credential.user.username if credential.user else "",
            "role": "leader" if leader else "initials",
            "step": step.order,
            "at": context.at.isoformat(),
            "subject": credential.subject,
            "serial": credential.serial,
            "sha256": signature.sha256,
        },
    ]
    final = step.pk == signing_steps(context.steps)[-1].pk
    if final:
        result.signed_at = context.at
    result.save()
    audit_append(
        actor=actor_label(actor),
        action="dossier.result_sign",
        object_type="dossier",
        object_id=dossier.code,
        at=context.at,
        data={
            "verification_code": result.verification_code,
            "sha256": signature.sha256,
            "signature": signature.seq,
            "role": "leader" if leader else "initials",
            "serial": credential.serial,
            "final": final,
        },
        chain=f"dossier:{dossier.code}",
    )
    context.notes.append(
        _("Kết quả đã được ký số (mã xác thực %(code)s).") % {"code": result.verification_code}
        if final
        else _("Đã ký nháy dự thảo kết quả.")
    )


def result_by_verification_code(code: str) -> DossierResult | None:
    """The result whose QR code says ``code`` (case and spaces forgiven)."""
    clean = re.sub(r"[^A-Z2-7-]", "", code.upper())
    return (
        DossierResult.objects.select_related("dossier", "dossier__procedure_version")
        .filter(verification_code=clean)
        .first()
    )


def result_bytes(result: DossierResult) -> bytes:
    with default_storage.open(result.file.name, "rb") as handle:
        data: bytes = handle.read()
    return data
