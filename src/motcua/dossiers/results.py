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
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.conf import settings
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
from motcua.dossiers.step_context import PreparedSignature, StepContext
from motcua.dossiers.workflow import Performer
from motcua.signing.models import SigningCredential
from motcua.signing.selectors import credential_for
from motcua.signing.services import SigningFailed, pdf_sign

if TYPE_CHECKING:
    from motcua.dossiers.paper.result_pdf import ResultDocument

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def verify_url(code: str) -> str:
    """The absolute address of the public verification page of a result."""
    base = str(settings.MOTCUA_PUBLIC_BASE_URL).rstrip("/")
    return f"{base}/verify/{quote(code, safe='-')}/"


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


def _result_title(dossier: Dossier) -> str:
    results = dossier.procedure_version.results or []
    template = result_template(results)
    if template is not None:
        answers = _answers(dossier)
        return template.title.format_map(
            {name: answers.get(name, "") for name in template.placeholders()}
        )
    for item in results:
        if isinstance(item, dict) and item.get("name"):
            return str(item["name"])
    return _("Kết quả giải quyết thủ tục hành chính")


def _answers(dossier: Dossier) -> dict[str, object]:
    """The answers of every form of ``dossier``, by field name (the first form wins)."""
    answers: dict[str, object] = {}
    data = dossier.form_data if isinstance(dossier.form_data, dict) else {}
    for values in data.values():
        if isinstance(values, dict):
            for key, value in values.items():
                answers.setdefault(str(key), value)
    return answers


def _questions(dossier: Dossier) -> dict[str, dict[str, object]]:
    """The schema of each question of the version's forms, by field name."""
    questions: dict[str, dict[str, object]] = {}
    for component in dossier.procedure_version.components.all():
        properties = (component.schema or {}).get("properties", {})
        for name, spec in properties.items() if isinstance(properties, dict) else []:
            if isinstance(spec, dict):
                questions.setdefault(str(name), spec)
    return questions


def _shown(value: object, spec: dict[str, object], form: str = "text") -> str:
    """An answer as a person reads it: a date as 01/05/1990, a choice by its label, money with
    dots between thousands."""
    text = str(value).strip()
    if form == "date" or spec.get("format") == "date":
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            return f"{match[3]}/{match[2]}/{match[1]}"
    enum, labels = spec.get("enum"), spec.get("x-enum-labels") or spec.get("enumNames")
    if isinstance(enum, list) and isinstance(labels, list) and text in map(str, enum):
        return str(labels[[str(v) for v in enum].index(text)])
    if form == "money" and text.isdigit():
        return f"{int(text):,} đồng".replace(",", ".")
    return text


def _form_lines(dossier: Dossier) -> tuple[tuple[str, str], ...]:
    answers, questions = _answers(dossier), _questions(dossier)
    template = result_template(dossier.procedure_version.results)
    if template is not None:
        return tuple(
            (
                field.label,
                _shown(answers[field.source], questions.get(field.source, {}), field.format),
            )
            for field in template.fields
            if str(answers.get(field.source, "")).strip()
        )
    lines: list[tuple[str, str]] = []
    for key, value in answers.items():
        if isinstance(value, str | int) and str(value).strip():
            spec = questions.get(key, {})
            lines.append((str(spec.get("title") or key), _shown(value, spec)))
    return tuple(lines[:12])


def _document(
    dossier: Dossier,
    code: str,
    number: str,
    *,
    at: datetime,
    signer_name: str = "",
    statement: str | None = None,
) -> "ResultDocument":
    # reportlab is loaded by the first result, not by every web worker at start.
    from motcua.dossiers.paper.result_pdf import ResultDocument

    applicant = dossier.applicant
    template = result_template(dossier.procedure_version.results)
    said = None
    if template is not None and template.statement_label:
        said = (template.statement_label, statement or template.statement_default)
    return ResultDocument(
        agency_name=dossier.competent_agency.name,
        title=_result_title(dossier),
        number=number,
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        applicant_name=applicant.name,
        applicant_id=applicant.personal_id or applicant.tax_code,
        applicant_address=applicant.address,
        lines=_form_lines(dossier),
        verification_code=code,
        verify_url=verify_url(code),
        issued_at=at,
        statement=said,
        signer_title=template.signer_title if template is not None else "",
        signer_name=signer_name,
    )


def _content_hash(document: "ResultDocument") -> str:
    """The hash of what a document says, without its code and date: what must not change between
    the preview the signer saw and the signature."""
    content = asdict(document)
    for key in ("verification_code", "verify_url", "issued_at", "number"):
        content.pop(key)
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


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
                % {"title": _result_title(dossier)}
            )
        code = new_verification_code()
        number = f"{dossier.code}/KQ"
        # reportlab and segno are loaded by the processes that draw results, not by every web
        # worker at start.
        from motcua.dossiers.paper.result_pdf import render_result

        pdf = render_result(_document(dossier, code, number, at=context.at))
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
    document = _document(
        context.dossier,
        base.verification_code,
        base.number,
        at=context.at,
        signer_name=_signer_name(context.dossier, actor, context.step, context.steps),
        statement=str(base.data.get("statement") or "") or None,
    )
    return base.data.get("content") == _content_hash(document)


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
        document = _document(
            locked,
            code,
            f"{locked.code}/KQ",
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
            "content": _content_hash(document),
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
        title=_result_title(dossier),
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
