"""Writes of dossiers: submission (tiếp nhận) and every step of processing (giải quyết).

Each service is one transaction holding the change, its history row (form 06), its audit row
(one audit chain per dossier, ``dossier:<code>``) and the follow-ups scheduled on commit.
``at`` is the moment of the action, passed in by the caller; the clock is never read here.
"""

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from motcua.accounts.identifiers import check_mobile_phone, check_personal_id, check_tax_code
from motcua.accounts.models import (
    AdministrativeUnit,
    Agency,
    Applicant,
    ApplicantKind,
    OneStopUnit,
    Role,
    RoleAssignment,
    User,
)
from motcua.accounts.selectors import officer_role_keys
from motcua.accounts.services import actor_for, applicant_create
from motcua.calendar.rules import MAX_WORKING_DAYS
from motcua.calendar.selectors import calendar_due_moment, working_calendar_get
from motcua.catalog.models import (
    Component,
    ComponentKind,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)
from motcua.catalog.selectors import process_steps_of
from motcua.core.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from motcua.core.outbox import outbox_enqueue
from motcua.core.rows import row_insert, row_lock, row_update
from motcua.core.services import audit_append
from motcua.core.text import nfc
from motcua.documents.inspection import DOSSIER_TYPES, upload_inspect
from motcua.dossiers.deadlines import (
    dossier_due_moment,
    effective_reception_day,
    hand_over_outcome,
    step_due_moment,
)
from motcua.dossiers.fees import dossier_fee_apply
from motcua.dossiers.models import (
    Dossier,
    DossierApology,
    DossierChannel,
    DossierCodeCounter,
    DossierConsultation,
    DossierDocument,
    DossierEvent,
    DossierStatus,
    IdempotencyRecord,
    Representation,
    ReturnMethod,
)
from motcua.dossiers.prefill import evidence_ids, provenance_check
from motcua.dossiers.results import (
    PreparedSignature,
    completing_signs,
    result_signature_prepare,
)
from motcua.dossiers.returns import return_address_clean
from motcua.dossiers.selectors import dossier_get_for, dossier_receipt_payload
from motcua.dossiers.step_effects import complete_step_effects, step_context
from motcua.dossiers.tasks import EVENT_TOPIC, event_key, event_payload
from motcua.dossiers.workflow import (
    ACTIVE,
    TERMINAL,
    Action,
    Performer,
    StepInfo,
    TransitionNotAllowed,
    status_at_step,
    transition_for,
)
from motcua.registry.models import AccessChannel
from motcua.registry.services import evidence_attach, personal_data_access_record

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: Largest accepted file; a settings entry may replace this constant later.

MAX_SEQUENCE = 9999

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")

#: Callables run after a dossier's transaction commits, with the dossier's id and the action.
#: Notifications and slips register here later; nothing acknowledged depends on them.
AFTER_COMMIT_HOOKS: list[Callable[[int, str], None]] = []


class ActorNotAllowed(Forbidden):
    """The actor may not perform this action on this dossier (wrong role or agency)."""


@dataclass(frozen=True)
class ApplicantData:
    """Who applies, when no :class:`Applicant` row exists yet (counter intake, first online filing)."""

    kind: str
    name: str
    personal_id: str = ""
    tax_code: str = ""
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


DocumentContent = bytes | UploadedFile
DocumentInput = tuple[str, str, DocumentContent]


@dataclass(frozen=True)
class SubmitResult:
    """The dossier and the answer given (the same answer again when a request is replayed)."""

    dossier: Dossier
    created: bool
    response_status: int
    response_body: dict[str, Any]


@dataclass(frozen=True)
class _Document:
    component: str
    name: str
    data: bytes
    sha256: str
    content_type: str
    #: Hash of the file as sent, when the gate stored it changed (an image without metadata).
    original_sha256: str


def _actor_label(actor: User | None) -> str:
    return actor_for(actor) if actor is not None else "system"


def _actor_name(actor: User | None) -> str:
    return str(actor) if actor is not None else _("Hệ thống")


def _read(content: DocumentContent) -> bytes:
    if isinstance(content, bytes):
        return content
    content.seek(0)
    return b"".join(content.chunks())


def _in_force(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def _check_documents(
    documents: Sequence[DocumentInput],
    components: dict[str, Component],
    problems: list[FieldProblem],
) -> list[_Document]:
    checked: list[_Document] = []
    for index, (component_code, name, content) in enumerate(documents):
        path = f"documents[{index}]"
        name = nfc(name).strip()
        data = _read(content)
        ok = True
        component = components.get(component_code)
        if component is None or component.kind != ComponentKind.DOCUMENT:
            problems.append(
                FieldProblem(
                    f"{path}.component",
                    _("Thủ tục không có thành phần giấy tờ mã %(code)s.")
                    % {"code": component_code},
                )
            )
            ok = False
        # One gate for every upload (portal, counter, API, supplement): documents.inspection.
        try:
            inspected = upload_inspect(name=name, data=data, allowed_types=DOSSIER_TYPES)
        except ValidationFailed as refused:
            problems.extend(FieldProblem(f"{path}.{p.path}", p.message) for p in refused.problems)
            continue
        if ok:
            checked.append(
                _Document(
                    component=component_code,
                    name=inspected.name,
                    data=inspected.data,
                    sha256=inspected.sha256,
                    content_type=inspected.content_type,
                    original_sha256=inspected.original_sha256,
                )
            )
    return checked


def _schema_message(error: SchemaError) -> str:
    value = error.validator_value
    messages: dict[str, str] = {
        "required": _("Trường này là bắt buộc."),
        "type": _("Giá trị phải có kiểu %(value)s."),
        "enum": _("Giá trị phải là một trong: %(value)s."),
        "const": _("Giá trị phải là %(value)s."),
        "pattern": _("Giá trị không đúng định dạng."),
        "format": _("Giá trị không đúng định dạng %(value)s."),
        "minLength": _("Giá trị phải có ít nhất %(value)s ký tự."),
        "maxLength": _("Giá trị không được quá %(value)s ký tự."),
        "minimum": _("Giá trị phải lớn hơn hoặc bằng %(value)s."),
        "maximum": _("Giá trị phải nhỏ hơn hoặc bằng %(value)s."),
        "additionalProperties": _("Tờ khai có trường không được khai báo."),
        "minItems": _("Phải có ít nhất %(value)s mục."),
        "maxItems": _("Không được quá %(value)s mục."),
    }
    template = messages.get(str(error.validator), _("Giá trị không hợp lệ."))
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return template % {"value": shown} if "%(value)s" in template else template


def _check_forms(
    form_data: Any, components: dict[str, Component], problems: list[FieldProblem]
) -> None:
    if not isinstance(form_data, dict):
        problems.append(FieldProblem("form_data", _("Dữ liệu tờ khai phải là một đối tượng.")))
        return
    forms = {code: c for code, c in components.items() if c.kind == ComponentKind.FORM}
    problems.extend(
        FieldProblem(f"form_data.{key}", _("Thủ tục không có tờ khai mã %(code)s.") % {"code": key})
        for key in form_data
        if key not in forms
    )
    for code, component in forms.items():
        if code not in form_data:
            if component.required:
                problems.append(
                    FieldProblem(
                        f"form_data.{code}",
                        _("Thiếu tờ khai bắt buộc: %(name)s.") % {"name": component.name},
                    )
                )
            continue
        validator = Draft202012Validator(
            component.schema or {}, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = sorted(validator.iter_errors(form_data[code]), key=lambda e: list(e.absolute_path))
        # jsonschema reports one "required" error per missing property, each carrying the whole
        # list of required names: name each missing field once.
        missing: set[str] = set()
        for error in errors:
            parts = [str(p) for p in error.absolute_path]
            if error.validator == "required":
                instance = error.instance if isinstance(error.instance, dict) else {}
                for name in error.validator_value:
                    path = ".".join(["form_data", code, *parts, name])
                    if name not in instance and path not in missing:
                        missing.add(path)
                        problems.append(FieldProblem(path, _("Trường này là bắt buộc.")))
                continue
            problems.append(
                FieldProblem(".".join(["form_data", code, *parts]), _schema_message(error))
            )


def _check_applicant(
    applicant: Applicant | ApplicantData, today: date, problems: list[FieldProblem]
) -> None:
    if isinstance(applicant, ApplicantData):
        if applicant.kind not in ApplicantKind.values:
            problems.append(FieldProblem("applicant.kind", _("Loại người nộp hồ sơ không hợp lệ.")))
        if not nfc(applicant.name).strip():
            problems.append(
                FieldProblem("applicant.name", _("Vui lòng nhập họ tên hoặc tên tổ chức."))
            )
        if applicant.tax_code or applicant.kind == ApplicantKind.BUSINESS:
            tax = check_tax_code(applicant.tax_code)
            if not tax.valid:
                problems.append(FieldProblem("applicant.tax_code", tax.reason))
        if applicant.phone:
            phone = check_mobile_phone(applicant.phone)
            if not phone.valid:
                problems.append(FieldProblem("applicant.phone", phone.reason))
    if applicant.personal_id or applicant.kind == ApplicantKind.CITIZEN:
        checked = check_personal_id(
            applicant.personal_id,
            today=today,
            birth_date=applicant.birth_date,
            sex=applicant.sex or None,
        )
        if not checked.valid:
            problems.append(FieldProblem("applicant.personal_id", checked.reason))


def _competent_agency(
    version: ProcedureVersion, unit_code: str, on: date, problems: list[FieldProblem]
) -> Agency | None:
    """Routing by competence (thẩm quyền), not by the counter where the dossier was filed."""
    unit = (
        AdministrativeUnit.objects.filter(_in_force(on), code=nfc(unit_code).strip())
        .select_related("parent")
        .first()
    )
    if unit is None:
        problems.append(
            FieldProblem(
                "administrative_unit_code",
                _("Không tìm thấy đơn vị hành chính mã %(code)s.") % {"code": unit_code},
            )
        )
        return None
    # The commune itself first, then its province.
    scope = [unit.pk] + ([unit.parent_id] if unit.parent_id else [])
    agencies = Agency.objects.filter(_in_force(on))
    listed = list(agencies.filter(pk__in=version.agencies.values("pk")))
    candidates = [a for a in listed if a.administrative_unit_id in scope]
    if not candidates and version.competent_agency_kind:
        candidates = list(
            agencies.filter(kind=version.competent_agency_kind, administrative_unit_id__in=scope)
        )
    if not candidates and len(listed) == 1:
        # One named agency with competence over the whole country (a ministry, a department).
        candidates = listed
    if not candidates:
        problems.append(
            FieldProblem(
                "administrative_unit_code",
                _(
                    "Không xác định được cơ quan có thẩm quyền giải quyết thủ tục %(procedure)s "
                    "cho %(unit)s."
                )
                % {"procedure": version.procedure.code, "unit": unit.name},
            )
        )
        return None
    candidates.sort(
        key=lambda a: (
            scope.index(a.administrative_unit_id) if a.administrative_unit_id in scope else 9,
            a.code,
        )
    )
    return candidates[0]


def _request_hash(
    *,
    version: ProcedureVersion,
    applicant: Applicant | ApplicantData,
    channel: str,
    form_data: Any,
    documents: Sequence[_Document],
    raw_documents: Sequence[DocumentInput],
    administrative_unit_code: str,
    receiving_unit: OneStopUnit | None,
    return_choice: Any = None,
) -> str:
    who: Any = (
        {"id": applicant.pk}
        if isinstance(applicant, Applicant)
        else {k: str(v) for k, v in asdict(applicant).items()}
    )
    body = {
        "version": version.pk,
        "applicant": who,
        "channel": channel,
        "form_data": form_data,
        "documents": [
            [code, nfc(name), hashlib.sha256(_read(content)).hexdigest()]
            for code, name, content in raw_documents
        ],
        "administrative_unit_code": administrative_unit_code,
        "receiving_unit": receiving_unit.pk if receiving_unit else None,
    }
    if return_choice:  # absent by default, so keys accepted before the choice existed still match
        body["return"] = return_choice
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: IdempotencyRecord, request_hash: str) -> SubmitResult:
    if record.request_hash != request_hash or record.dossier is None:
        raise Conflict(
            _(
                "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới "
                "cho hồ sơ mới."
            ),
            problems=[FieldProblem("idempotency_key", _("Khóa đã dùng cho nội dung khác."))],
        )
    return SubmitResult(
        dossier=record.dossier,
        created=False,
        response_status=record.response_status or 201,
        response_body=record.response_body or {},
    )


def _issue_code(*, agency: Agency, at: datetime) -> str:
    """``<agency identifier>-<YYMMDD>-<XXXX>`` (Circular 01/2018/TT-VPCP Art. 19).

    The counter row is locked and bumped in the caller's transaction: concurrent submitters queue
    on it, and a rollback returns the number, so codes have no gaps.
    """
    day = at.astimezone(LOCAL_TZ).date()
    counter, _created = DossierCodeCounter.objects.select_for_update().get_or_create(
        agency=agency, day=day
    )
    number = counter.last + 1
    if number > MAX_SEQUENCE:
        raise Conflict(
            _("Cơ quan %(agency)s đã cấp hết %(max)s mã hồ sơ trong ngày %(day)s.")
            % {"agency": agency.code, "max": MAX_SEQUENCE, "day": day.strftime("%d/%m/%Y")}
        )
    DossierCodeCounter.objects.filter(pk=counter.pk).update(last=number)
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"


def _event(
    *,
    dossier: Dossier,
    action: str,
    from_status: str,
    from_step: int | None,
    actor: User | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    due_before: datetime | None = None,
    step_due_before: datetime | None = None,
    outcome: str = "",
    seq: int | None = None,
) -> DossierEvent:
    """Append one history row; ``seq`` is the caller's ``dossier.last_event_seq`` already bumped
    and saved with the locked row, else it is read and ``last_event_seq`` brought up to it."""
    if seq is None:
        last = (
            DossierEvent.objects.filter(dossier=dossier)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        seq = (last or 0) + 1
        dossier.last_event_seq = seq
        Dossier.objects.filter(pk=dossier.pk).update(last_event_seq=seq)
    event = DossierEvent(
        dossier=dossier,
        seq=seq,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        from_step=from_step,
        to_step=dossier.current_step,
        actor=actor,
        actor_label=_actor_name(actor),
        at=at,
        note=note,
        reasons=list(reasons),
        due_before=due_before,
        due_after=dossier.due_at,
        step_due_before=step_due_before,
        step_due_after=dossier.step_due_at,
        outcome=outcome,
    )
    row_insert(event)
    return event


def _schedule_hooks(dossier_id: int, action: str) -> None:
    for hook in AFTER_COMMIT_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(dossier_id, action))  # type: ignore[misc]


def _step_agency(dossier: Dossier, role: str) -> Agency:
    """Reception and return steps run in the receiving agency; the others in the competent one."""
    return dossier.receiving_agency if role == Role.ONE_STOP_OFFICER else dossier.competent_agency


def _set_holder(dossier: Dossier, steps: Sequence[ProcessStep]) -> None:
    """Store who must act at the dossier's current step (``current_role``, ``current_agency``):
    the agency of :func:`_step_agency`, by id (no agency row is read)."""
    step = next((s for s in steps if s.order == dossier.current_step), None)
    dossier.current_role = step.role if step is not None else ""
    if step is None:
        dossier.current_agency_id = None
    elif step.role == Role.ONE_STOP_OFFICER:
        dossier.current_agency_id = dossier.receiving_agency_id
    else:
        dossier.current_agency_id = dossier.competent_agency_id


def _applicant_row(applicant: Applicant | ApplicantData, *, actor: str, at: datetime) -> Applicant:
    if isinstance(applicant, Applicant):
        return applicant
    if applicant.personal_id:
        existing = Applicant.objects.filter(personal_id=applicant.personal_id.strip()).first()
        if existing is not None:
            return existing
    if applicant.tax_code:
        existing = Applicant.objects.filter(tax_code=applicant.tax_code.strip()).first()
        if existing is not None:
            return existing
    try:
        return applicant_create(actor=actor, at=at, **asdict(applicant))
    except ValidationFailed as error:
        raise ValidationFailed(
            error.message,
            problems=[FieldProblem(f"applicant.{p.path}", p.message) for p in error.problems],
        ) from error


def dossier_submit(
    *,
    version: ProcedureVersion,
    applicant: Applicant | ApplicantData,
    channel: str,
    form_data: dict[str, Any],
    documents: Sequence[DocumentInput],
    administrative_unit_code: str,
    actor: User | None,
    at: datetime,
    receiving_unit: OneStopUnit | None = None,
    idempotency_key: str | None = None,
    client_id: str | None = None,
    return_method: str = ReturnMethod.COUNTER,
    return_address: Mapping[str, Any] | None = None,
    form_provenance: Mapping[str, Any] | None = None,
    representation: Representation | None = None,
) -> SubmitResult:
    """Receive a dossier (tiếp nhận hồ sơ): validate everything, then store it in one transaction.

    ``representation`` records who filed for the applicant and on what basis (checked by the
    caller, which knows the principal: see ``accounts.permissions``).

    Every problem is reported at once in a :class:`ValidationFailed`, and nothing is stored. With an
    ``idempotency_key`` (scoped by ``client_id``, default the actor) the same request gets the same
    dossier and answer again; the same key with another request is a :class:`Conflict`. Requests
    refused by validation are not recorded against the key, so a corrected request may reuse it.
    """
    today = at.astimezone(LOCAL_TZ).date()
    client = client_id or _actor_label(actor)
    problems: list[FieldProblem] = []
    components = {c.code: c for c in Component.objects.filter(version=version)}
    checked = _check_documents(documents, components, problems)
    request_hash = _request_hash(
        version=version,
        applicant=applicant,
        channel=channel,
        form_data=form_data,
        documents=checked,
        raw_documents=documents,
        administrative_unit_code=administrative_unit_code,
        receiving_unit=receiving_unit,
        return_choice=(
            [return_method, dict(return_address or {})]
            if return_method != ReturnMethod.COUNTER or return_address
            else None
        ),
    )
    if idempotency_key:
        record = IdempotencyRecord.objects.filter(client_id=client, key=idempotency_key).first()
        if record is not None:
            return _replay(record, request_hash)

    if version.status != VersionStatus.PUBLISHED or not (
        version.valid_from is not None
        and version.valid_from <= today
        and (version.valid_to is None or today < version.valid_to)
    ):
        problems.append(
            FieldProblem(
                "version", _("Phiên bản thủ tục này không có hiệu lực vào ngày nộp hồ sơ.")
            )
        )
    if channel not in DossierChannel.values:
        problems.append(FieldProblem("channel", _("Kênh nộp hồ sơ không hợp lệ.")))
    if return_method not in ReturnMethod.values:
        problems.append(FieldProblem("return_method", _("Hình thức nhận kết quả không hợp lệ.")))
    return_address = return_address_clean(
        method=return_method, address=return_address, at=at, problems=problems
    )
    if channel != DossierChannel.ONLINE and receiving_unit is None:
        problems.append(
            FieldProblem(
                "receiving_unit",
                _("Hồ sơ nộp trực tiếp hoặc qua bưu chính phải có bộ phận một cửa tiếp nhận."),
            )
        )
    if receiving_unit is not None and not (
        receiving_unit.valid_from <= today
        and (receiving_unit.valid_to is None or today < receiving_unit.valid_to)
    ):
        problems.append(
            FieldProblem("receiving_unit", _("Bộ phận một cửa không còn hoạt động vào ngày này."))
        )
    _check_forms(form_data, components, problems)
    supplied = {doc_code for doc_code, _name, _content in documents}
    # Once-only: a document the state holds (checked against the kept evidence) is not asked for.
    form_provenance, from_state = provenance_check(
        provenance=form_provenance or {},
        components=components,
        subject=applicant.personal_id,
        problems=problems,
    )
    for code, component in components.items():
        if (
            component.kind == ComponentKind.DOCUMENT
            and component.required
            and code not in supplied
            and code not in from_state
        ):
            problems.append(
                FieldProblem(
                    f"documents.{code}",
                    _("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": component.name},
                )
            )
    _check_applicant(applicant, today, problems)
    competent = _competent_agency(version, administrative_unit_code, today, problems)
    if problems or competent is None:
        raise ValidationFailed(_("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."), problems=problems)

    receiving_agency = receiving_unit.agency if receiving_unit is not None else competent
    paper = channel != DossierChannel.ONLINE
    stored: list[str] = []
    try:
        with transaction.atomic():
            record = None
            if idempotency_key:
                # Inserted first: a concurrent duplicate waits here on the unique index, then fails.
                record = IdempotencyRecord.objects.create(
                    client_id=client, key=idempotency_key, request_hash=request_hash, created_at=at
                )
            applicant_obj = _applicant_row(applicant, actor=_actor_label(actor), at=at)
            steps = list(process_steps_of(version=version))
            first = steps[0] if steps else None
            dossier = Dossier(
                code="",
                procedure_version=version,
                applicant=applicant_obj,
                channel=channel,
                receiving_agency=receiving_agency,
                receiving_unit=receiving_unit,
                competent_agency=competent,
                administrative_unit_code=nfc(administrative_unit_code).strip(),
                current_step=first.order if first else None,
                form_data=form_data,
                form_provenance=dict(form_provenance or {}),
                **(representation.fields() if representation else {}),
                return_method=return_method,
                return_address=dict(return_address or {}),
                received_at=at,
                effective_received_on=effective_reception_day(
                    received_at=at, paper=paper, agency_code=competent.code
                ),
                clock_started_at=at,
                due_at=dossier_due_moment(
                    start=at,
                    value=version.processing_time_value,
                    unit=version.processing_time_unit,
                    paper=paper,
                    agency_code=competent.code,
                ),
                step_started_at=at if first else None,
                step_due_at=step_due_moment(
                    start=at, minutes=first.minutes, paper=paper, agency_code=receiving_agency.code
                )
                if first
                else None,
            )
            dossier.status = status_at_step(
                steps=[StepInfo(s.order, s.role) for s in steps], order=dossier.current_step
            )
            if first is None:
                dossier.status = DossierStatus.RECEIVED
            _set_holder(dossier, steps)
            # The fee in force on the reception day, with the rule or policy that produced it.
            dossier_fee_apply(dossier=dossier, version=version, on=today)
            dossier.last_event_seq = 1
            # The code last (still in the transaction: no gaps): the counter row stays locked only
            # for the writes below, not for the calendar work above.
            code = _issue_code(agency=receiving_agency, at=at)
            dossier.code = code
            dossier.save()
            _store_documents(dossier=dossier, documents=checked, at=at, stored=stored)
            evidence_attach(
                evidence_ids=evidence_ids(form_provenance),
                subject=applicant_obj.personal_id,
                dossier_code=code,
            )
            event = _event(
                dossier=dossier,
                action="submit",
                from_status="",
                from_step=None,
                actor=actor,
                at=at,
                seq=1,
            )
            audit_append(
                actor=_actor_label(actor),
                action="dossier.submit",
                object_type="dossier",
                object_id=code,
                at=at,
                data={
                    "procedure": version.procedure.code,
                    "version": version.pk,
                    "channel": channel,
                    "receiving_agency": receiving_agency.code,
                    "competent_agency": competent.code,
                    "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
                    "documents": [[d.component, d.sha256] for d in checked],
                },
                chain=f"dossier:{code}",
            )
            body = dossier_receipt_payload(dossier=dossier)
            if record is not None:
                record.dossier = dossier
                record.response_status = 201
                record.response_body = body
                record.save(update_fields=["dossier", "response_status", "response_body"])
            _schedule_hooks(dossier.pk, "submit")
            outbox_enqueue(
                topic=EVENT_TOPIC,
                key=event_key(code=code, seq=event.seq),
                payload=event_payload(code=code, seq=event.seq),
                at=at,
            )
    except IntegrityError:
        _delete_files(stored)
        if idempotency_key:
            record = IdempotencyRecord.objects.filter(client_id=client, key=idempotency_key).first()
            if record is not None:
                return _replay(record, request_hash)
        raise
    except BaseException:
        _delete_files(stored)
        raise
    return SubmitResult(dossier=dossier, created=True, response_status=201, response_body=body)


def _delete_files(names: Sequence[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _store_documents(
    *, dossier: Dossier, documents: Sequence[_Document], at: datetime, stored: list[str]
) -> None:
    """Save checked files under the dossier's folder and record them with their SHA-256.

    Each saved name is appended to ``stored`` at once, so that the caller can delete the files
    again if the transaction does not commit.
    """
    year = dossier.received_at.astimezone(LOCAL_TZ).year
    for document in documents:
        suffix = PurePosixPath(document.name.lower()).suffix
        name = default_storage.save(
            f"dossiers/{year}/{_SAFE_NAME.sub('_', dossier.code)}/"
            f"{_SAFE_NAME.sub('_', document.component)}-{document.sha256[:16]}{suffix}",
            ContentFile(document.data),
        )
        stored.append(name)
        DossierDocument.objects.create(
            dossier=dossier,
            component_code=document.component,
            file=name,
            original_name=document.name,
            size=len(document.data),
            content_type=document.content_type,
            sha256=document.sha256,
            original_sha256=document.original_sha256,
            uploaded_at=at,
        )


def _merge_forms(old: Any, new: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The dossier's tờ khai with the corrected fields of ``new`` laid over it, component by
    component, and the paths (``component.field``) whose value changed."""
    merged: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    changed: list[str] = []
    for code, values in new.items():
        before = merged.get(code)
        if isinstance(values, dict) and isinstance(before, dict):
            merged[code] = {**before, **values}
            changed.extend(
                f"{code}.{prop}" for prop, value in values.items() if before.get(prop) != value
            )
        else:
            merged[code] = values
            if before != values:
                changed.append(str(code))
    return merged, changed


def _supplement_content(
    *,
    dossier: Dossier,
    documents: Sequence[DocumentInput],
    form_data: dict[str, Any] | None,
    at: datetime,
    stored: list[str],
) -> tuple[str, dict[str, Any]]:
    """Check, then store, what the applicant supplies (files and corrected tờ khai fields) on the
    locked ``dossier``; every problem at once, nothing stored. The answer: the text listing what
    was added, for the history row, and the same for the audit row."""
    components = {
        c.code: c for c in Component.objects.filter(version_id=dossier.procedure_version_id)
    }
    problems: list[FieldProblem] = []
    checked = _check_documents(documents, components, problems)
    merged: Any = dossier.form_data
    changed: list[str] = []
    if form_data is not None:
        if isinstance(form_data, dict):
            merged, changed = _merge_forms(dossier.form_data, form_data)
        _check_forms(merged if isinstance(form_data, dict) else form_data, components, problems)
    if problems:
        raise ValidationFailed(
            _("Nội dung bổ sung chưa hợp lệ nên chưa được gửi."), problems=problems
        )
    _store_documents(dossier=dossier, documents=checked, at=at, stored=stored)
    dossier.form_data = merged
    lines = []
    if checked:
        lines.append(
            _("Giấy tờ bổ sung: %(documents)s.")
            % {"documents": "; ".join(f"{components[d.component].name}: {d.name}" for d in checked)}
        )
    if changed:
        lines.append(_("Sửa tờ khai: %(fields)s.") % {"fields": ", ".join(changed)})
    audit = {"documents": [[d.component, d.sha256] for d in checked], "form_fields": changed}
    return " ".join(lines), audit


def _check_performer(
    *,
    performer: Performer,
    dossier: Dossier,
    step: ProcessStep | None,
    actor: User | None,
    on: date,
) -> None:
    if actor is None:
        raise ActorNotAllowed(_("Cần đăng nhập để xử lý hồ sơ."))
    if performer == Performer.APPLICANT:
        if dossier.applicant.user_id is not None and dossier.applicant.user_id == actor.pk:
            return
        # At the counter a one-stop officer acts on the applicant's written request.
        held = officer_role_keys(user=actor, on=on)
        if any(
            (agency_id, Role.ONE_STOP_OFFICER) in held
            for agency_id in (dossier.receiving_agency_id, dossier.competent_agency_id)
        ):
            return
        raise ActorNotAllowed(
            _("Chỉ người nộp hồ sơ hoặc cán bộ một cửa tiếp nhận mới được thực hiện thao tác này.")
        )
    if performer == Performer.CONSULTED:
        if _consultation_for(dossier=dossier, actor=actor, on=on) is not None:
            return
        raise ActorNotAllowed(
            _("Chỉ cán bộ của cơ quan được lấy ý kiến và chưa trả lời mới được trả lời ý kiến.")
        )
    if performer == Performer.LEADER:
        if (dossier.competent_agency_id, Role.LEADER) in officer_role_keys(user=actor, on=on):
            return
        raise ActorNotAllowed(
            _("Chỉ lãnh đạo %(agency)s mới được thực hiện thao tác này.")
            % {"agency": dossier.competent_agency.name}
        )
    if step is None:
        raise TransitionNotAllowed(_("Hồ sơ không ở bước xử lý nào."))
    agencies = [_step_agency(dossier, step.role)]
    if step.role == Role.ONE_STOP_OFFICER and dossier.competent_agency not in agencies:
        agencies.append(dossier.competent_agency)
    held = officer_role_keys(user=actor, on=on)
    if any((a.pk, step.role) in held for a in agencies):
        return
    raise ActorNotAllowed(
        _("Bước “%(step)s” do %(role)s của %(agency)s thực hiện; bạn không có vai trò này.")
        % {
            "step": step.name,
            "role": str(Role(step.role).label).lower(),
            "agency": agencies[0].name,
        }
    )


def dossier_transition(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    new_due_on: date | None = None,
    agencies: Sequence[str] = (),
    working_days: int | None = None,
) -> Dossier:
    """Move a dossier by one action of :mod:`motcua.dossiers.workflow`, as ``actor``, at ``at``.

    ``apology_approve`` takes the reasons of the delay and optionally ``new_due_on`` (else the
    drafted date); ``consult_request`` takes the consulted ``agencies`` (codes) and the
    ``working_days`` each has to answer; ``consult_answer`` takes the answer as ``note``.

    The row is locked and re-read: if it changed since the caller read it (``dossier.version``), or
    the action is no longer allowed, the caller gets a :class:`Conflict`: of two officers acting at
    once, exactly one wins.
    """
    return _transition(
        dossier=dossier,
        action=action,
        actor=actor,
        at=at,
        note=note,
        reasons=reasons,
        new_due_on=new_due_on,
        agencies=agencies,
        working_days=working_days,
    )


def dossier_supplement(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    note: str = "",
    documents: Sequence[DocumentInput] = (),
    form_data: dict[str, Any] | None = None,
) -> Dossier:
    """The applicant supplements the dossier (bổ sung, hoàn thiện hồ sơ) as asked, at ``at``.

    The ``supplement`` action of :func:`dossier_transition` (same lock, role check, clock restart,
    history, audit and outbox rows), carrying the new ``documents``, checked as at submission and
    stored with their SHA-256, and the corrected ``form_data`` fields, laid over the tờ khai
    component by component and checked against the component schemas. Every problem is reported at
    once in a :class:`ValidationFailed`, and nothing is stored.
    """
    return _transition(
        dossier=dossier,
        action=Action.SUPPLEMENT,
        actor=actor,
        at=at,
        note=note,
        documents=documents,
        form_data=form_data,
    )


def _transition(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    at: datetime,
    note: str = "",
    reasons: Sequence[str] = (),
    new_due_on: date | None = None,
    agencies: Sequence[str] = (),
    working_days: int | None = None,
    documents: Sequence[DocumentInput] = (),
    form_data: dict[str, Any] | None = None,
) -> Dossier:
    """The one path of every action: see :func:`dossier_transition`; ``documents`` and
    ``form_data`` come with ``supplement`` only."""
    stored: list[str] = []
    try:
        prepared = (
            _signature_before_lock(dossier=dossier, actor=actor, at=at, stored=stored)
            if action == Action.COMPLETE_STEP
            else None
        )
        return _transition_atomic(
            dossier=dossier,
            action=action,
            actor=actor,
            at=at,
            note=note,
            reasons=reasons,
            new_due_on=new_due_on,
            agencies=agencies,
            working_days=working_days,
            documents=documents,
            form_data=form_data,
            stored=stored,
            prepared=prepared,
        )
    except BaseException:
        _delete_files(stored)
        raise


def _signature_before_lock(
    *, dossier: Dossier, actor: User | None, at: datetime, stored: list[str]
) -> PreparedSignature | None:
    """The result signed, on the caller's copy of ``dossier``, when completing its step signs it
    and ``actor`` may complete it; see :func:`result_signature_prepare`. The transition checks
    it all again with the row locked."""
    if dossier.consultations_open:
        return None  # it may have to wait for them; if not, it signs with the row locked
    steps = process_steps_of(version=dossier.procedure_version)
    step = next((s for s in steps if s.order == dossier.current_step), None)
    if not completing_signs(dossier, step, steps):
        return None
    try:
        transition = transition_for(status=dossier.status, action=Action.COMPLETE_STEP)
        _check_performer(
            performer=transition.performer,
            dossier=dossier,
            step=step,
            actor=actor,
            on=at.astimezone(LOCAL_TZ).date(),
        )
    except DomainError:
        return None  # refused again, with the row locked, and said so there
    return result_signature_prepare(
        step_context(dossier=dossier, actor=actor, at=at, steps=steps, stored=stored)
    )


_SHARED_RELATIONS = ("receiving_agency", "competent_agency", "procedure_version", "applicant")


def _adopt_related(locked: Dossier, given: Dossier) -> None:
    """Give the re-read row the agencies, version and applicant the caller already read with the
    dossier (the same rows: the locked row points at the same ids), instead of joining them into
    the locking query again; one the caller did not read is loaded when first used."""
    for name in _SHARED_RELATIONS:
        field = cast(ForeignKey[Any, Any], Dossier._meta.get_field(name))
        if field.is_cached(given) and getattr(given, field.attname) == getattr(
            locked, field.attname
        ):
            field.set_cached_value(locked, field.get_cached_value(given))


_JSON_COLUMNS = frozenset(
    f.attname for f in Dossier._meta.concrete_fields if f.get_internal_type() == "JSONField"
)


_UNLOADED = object()


def _snapshot(attname: str, value: Any) -> Any:
    # JSON columns as their text: effects may change them in place, and dumping is cheaper than
    # a deep copy.
    if attname in _JSON_COLUMNS:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return value


def _row_values(dossier: Dossier) -> dict[str, Any]:
    """The loaded column values of ``dossier``, to tell afterwards which columns an action
    changed."""
    return {
        f.attname: _snapshot(f.attname, value)
        for f in Dossier._meta.concrete_fields
        if (value := dossier.__dict__.get(f.attname, _UNLOADED)) is not _UNLOADED
    }


def _save_changed(dossier: Dossier, before: dict[str, Any]) -> None:
    """Write only the columns the action changed: a smaller statement, and a column written by
    another service's own ``UPDATE`` in this transaction is not put back to its old value."""
    changed = [
        f.attname
        for f in Dossier._meta.concrete_fields
        if f.attname in before
        and before[f.attname] != _snapshot(f.attname, dossier.__dict__.get(f.attname))
    ]
    if changed:
        row_update(dossier, changed)


def _transition_atomic(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    at: datetime,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
    agencies: Sequence[str],
    working_days: int | None,
    documents: Sequence[DocumentInput],
    form_data: dict[str, Any] | None,
    stored: list[str],
    prepared: PreparedSignature | None = None,
) -> Dossier:
    note = nfc(note).strip()
    clean_reasons = [nfc(r).strip() for r in reasons if nfc(r).strip()]
    on = at.astimezone(LOCAL_TZ).date()
    supplied: dict[str, Any] = {}
    with transaction.atomic():
        locked = row_lock(Dossier, dossier.pk)
        if locked is None:
            raise Conflict(_("Hồ sơ không còn tồn tại."))
        _adopt_related(locked, dossier)
        if locked.version != dossier.version:
            raise Conflict(
                _("Hồ sơ %(code)s vừa được người khác xử lý; hãy tải lại hồ sơ rồi thử lại.")
                % {"code": locked.code}
            )
        before = _row_values(locked)
        transition = transition_for(status=locked.status, action=action)
        steps = list(process_steps_of(version=locked.procedure_version))
        step = next((s for s in steps if s.order == locked.current_step), None)
        _check_performer(
            performer=transition.performer, dossier=locked, step=step, actor=actor, on=on
        )
        if transition.needs_reasons and not clean_reasons:
            raise ValidationFailed(
                _("Thiếu lý do."),
                problems=[FieldProblem("reasons", _("Vui lòng nêu rõ lý do."))],
            )
        if action == Action.REQUEST_SUPPLEMENT and locked.supplement_requested_count >= 1:
            raise TransitionNotAllowed(
                _("Hồ sơ chỉ được yêu cầu bổ sung, hoàn thiện một lần."),
                problems=[FieldProblem("action", _("Đã yêu cầu bổ sung trước đó."))],
            )
        from_status, from_step = locked.status, locked.current_step
        due_before, step_due_before = locked.due_at, locked.step_due_at
        outcome = ""
        infos = [StepInfo(s.order, s.role) for s in steps]
        version = locked.procedure_version
        paper = locked.channel != DossierChannel.ONLINE
        if action == Action.COMPLETE_STEP:
            _check_consultations_closed(dossier=locked, at=at)
            outcome = hand_over_outcome(at=at, due=locked.step_due_at)
            effects = step_context(
                dossier=locked,
                actor=actor,
                at=at,
                steps=steps,
                stored=stored,
                prepared_signature=prepared,
            )
            following = effects.following
            complete_step_effects(effects)
            note = " ".join([note, *effects.notes]).strip()
            if not effects.hold:
                if following is None:
                    locked.current_step = None
                    locked.step_due_at = None
                    locked.step_started_at = None
                    locked.closed_at = at
                else:
                    locked.current_step = following.order
                    locked.step_started_at = at
                    locked.step_due_at = step_due_moment(
                        start=at,
                        minutes=following.minutes,
                        paper=False,
                        agency_code=_step_agency(locked, following.role).code,
                    )
            locked.status = status_at_step(steps=infos, order=locked.current_step)
        elif action == Action.REQUEST_SUPPLEMENT:
            locked.status = DossierStatus.SUPPLEMENT_REQUESTED
            locked.clock_stopped_at = at
            locked.supplement_requested_count += 1
            locked.due_at = None
            locked.step_due_at = None
        elif action == Action.SUPPLEMENT:
            added, supplied = _supplement_content(
                dossier=locked, documents=documents, form_data=form_data, at=at, stored=stored
            )
            note = f"{note} {added}".strip()
            # Decree 61/2018 Art. 19: the time limit restarts from zero on the complete dossier.
            locked.clock_started_at = at
            locked.clock_stopped_at = None
            locked.due_at = dossier_due_moment(
                start=at,
                value=version.processing_time_value,
                unit=version.processing_time_unit,
                paper=paper,
                agency_code=locked.competent_agency.code,
            )
            if step is not None:
                locked.step_started_at = at
                locked.step_due_at = step_due_moment(
                    start=at,
                    minutes=step.minutes,
                    paper=False,
                    agency_code=_step_agency(locked, step.role).code,
                )
            locked.status = (
                status_at_step(steps=infos, order=locked.current_step)
                if step is not None
                else DossierStatus.RECEIVED
            )
        elif transition.keeps_status:
            note = _record_side_action(
                dossier=locked,
                action=action,
                actor=actor,
                at=at,
                on=on,
                note=note,
                reasons=clean_reasons,
                new_due_on=new_due_on,
                agencies=agencies,
                working_days=working_days,
            )
        else:
            assert transition.target is not None  # noqa: S101 - the table gives every other target
            locked.status = transition.target
            locked.step_due_at = None
            locked.closed_at = at
        _set_holder(locked, steps)
        locked.last_event_seq += 1
        locked.version += 1
        _save_changed(locked, before)
        event = _event(
            dossier=locked,
            action=action,
            from_status=from_status,
            from_step=from_step,
            actor=actor,
            at=at,
            note=note,
            reasons=clean_reasons,
            due_before=due_before,
            step_due_before=step_due_before,
            outcome=outcome,
            seq=locked.last_event_seq,
        )
        audit_append(
            actor=_actor_label(actor),
            action=f"dossier.{action}",
            object_type="dossier",
            object_id=locked.code,
            at=at,
            data={
                "from_status": from_status,
                "to_status": locked.status,
                "from_step": from_step,
                "to_step": locked.current_step,
                "outcome": outcome,
                "due_at": locked.due_at.isoformat() if locked.due_at else None,
                **supplied,
            },
            chain=f"dossier:{locked.code}",
        )
        _schedule_hooks(locked.pk, action)
        outbox_enqueue(
            topic=EVENT_TOPIC,
            key=event_key(code=locked.code, seq=event.seq),
            payload=event_payload(code=locked.code, seq=event.seq),
            at=at,
        )
    return locked


def _local_text(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def _consultation_for(
    *, dossier: Dossier, actor: User, on: date, lock: bool = False
) -> DossierConsultation | None:
    """The open consultation of ``dossier`` addressed to an agency where ``actor`` holds a role.

    An agency that already answered gets :class:`TransitionNotAllowed`: it answers once.
    """
    held = {
        a.agency_id
        for a in RoleAssignment.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on), user=actor, valid_from__lte=on
        )
    }
    consultations = DossierConsultation.objects.filter(
        dossier=dossier, agency_id__in=held
    ).select_related("agency")
    if lock:
        consultations = consultations.select_for_update()
    rows = list(consultations.order_by("due_at", "pk"))
    open_rows = [c for c in rows if c.answered_at is None]
    if open_rows:
        return open_rows[0]
    if rows:
        raise TransitionNotAllowed(
            _(
                "%(agency)s đã trả lời ý kiến phối hợp cho hồ sơ này; mỗi cơ quan chỉ trả lời một lần."
            )
            % {"agency": rows[0].agency.name},
            problems=[FieldProblem("action", _("Đã trả lời trước đó."))],
        )
    return None


def _check_consultations_closed(*, dossier: Dossier, at: datetime) -> None:
    """``complete_step`` waits for every consulted agency still within its own due moment."""
    if not dossier.consultations_open:
        return
    waiting = list(
        # At its due moment the agency is still on time (the SLA sweep reports it late only after).
        DossierConsultation.objects.filter(
            dossier=dossier, answered_at__isnull=True, due_at__gte=at
        )
        .select_related("agency")
        .order_by("due_at", "pk")
    )
    if waiting:
        names = ", ".join(
            _("%(agency)s (hạn %(due)s)") % {"agency": c.agency.name, "due": _local_text(c.due_at)}
            for c in waiting
        )
        raise TransitionNotAllowed(
            _("Chưa thể chuyển bước: đang chờ ý kiến phối hợp của %(agencies)s.")
            % {"agencies": names},
            problems=[FieldProblem("action", _("Còn cơ quan phối hợp chưa trả lời."))],
        )


def _record_side_action(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    at: datetime,
    on: date,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
    agencies: Sequence[str],
    working_days: int | None,
) -> str:
    """Carry out an action that keeps the status; the answer is the note of its history row."""
    if action == Action.APOLOGY_APPROVE:
        return _apology_approve(
            dossier=dossier, actor=actor, at=at, note=note, reasons=reasons, new_due_on=new_due_on
        )
    if action == Action.CONSULT_REQUEST:
        return _consult_request(
            dossier=dossier,
            actor=actor,
            at=at,
            on=on,
            note=note,
            agencies=agencies,
            working_days=working_days,
        )
    assert actor is not None  # noqa: S101 - the performer check refuses anonymous actors
    return _consult_answer(dossier=dossier, actor=actor, at=at, on=on, note=note)


def _apology_approve(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    note: str,
    reasons: Sequence[str],
    new_due_on: date | None,
) -> str:
    approved = DossierApology.objects.filter(dossier=dossier, approved_at__isnull=False).exists()
    if dossier.rescheduled_once or approved:
        raise TransitionNotAllowed(
            _(
                "Hồ sơ %(code)s đã được hẹn lại ngày trả kết quả một lần; theo quy định, ngày trả "
                "kết quả chỉ được hẹn lại một lần."
            )
            % {"code": dossier.code},
            problems=[FieldProblem("action", _("Đã hẹn lại ngày trả kết quả trước đó."))],
        )
    old_due = dossier.due_at
    if old_due is None:
        raise TransitionNotAllowed(_("Hồ sơ đang dừng tính thời hạn nên chưa thể hẹn lại."))
    draft = (
        DossierApology.objects.select_for_update()
        .filter(dossier=dossier, approved_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    calendar = working_calendar_get(agency_code=dossier.competent_agency.code)
    if new_due_on is not None:
        if not calendar.is_working_day(new_due_on):
            raise ValidationFailed(
                _("Ngày hẹn trả kết quả mới không hợp lệ."),
                problems=[
                    FieldProblem("new_due_on", _("Ngày hẹn trả kết quả mới phải là ngày làm việc."))
                ],
            )
        new_due = calendar.end_of_day(new_due_on)
    elif draft is not None:
        new_due = draft.proposed_due_at
    else:
        raise ValidationFailed(
            _("Ngày hẹn trả kết quả mới không hợp lệ."),
            problems=[
                FieldProblem(
                    "new_due_on",
                    _("Chưa có dự thảo văn bản xin lỗi; vui lòng nhập ngày hẹn trả kết quả mới."),
                )
            ],
        )
    if new_due <= old_due:
        raise ValidationFailed(
            _("Ngày hẹn trả kết quả mới không hợp lệ."),
            problems=[
                FieldProblem(
                    "new_due_on",
                    _("Ngày hẹn trả kết quả mới phải sau hạn hiện tại (%(due)s).")
                    % {"due": _local_text(old_due)},
                )
            ],
        )
    if draft is None:
        draft = DossierApology(dossier=dossier, drafted_at=at, original_due_at=old_due)
    draft.reason = "; ".join(reasons)
    draft.proposed_due_at = new_due
    draft.approved_by = actor
    draft.approved_at = at
    draft.save()
    dossier.due_at = new_due
    dossier.rescheduled_once = True
    summary = _("Hẹn lại ngày trả kết quả từ %(old)s sang %(new)s.") % {
        "old": _local_text(old_due),
        "new": _local_text(new_due),
    }
    return f"{summary} {note}".strip()


def _consult_request(
    *,
    dossier: Dossier,
    actor: User | None,
    at: datetime,
    on: date,
    note: str,
    agencies: Sequence[str],
    working_days: int | None,
) -> str:
    codes = list(dict.fromkeys(nfc(code).strip() for code in agencies if nfc(code).strip()))
    problems: list[FieldProblem] = []
    if not codes:
        problems.append(
            FieldProblem("agencies", _("Vui lòng chọn ít nhất một cơ quan cần lấy ý kiến."))
        )
    if working_days is None or not 1 <= working_days <= MAX_WORKING_DAYS:
        problems.append(
            FieldProblem(
                "working_days",
                _("Số ngày làm việc để trả lời phải là số nguyên từ 1 đến %(days)s.")
                % {"days": MAX_WORKING_DAYS},
            )
        )
    found = {a.code: a for a in Agency.objects.filter(_in_force(on), code__in=codes)}
    asked = set(
        DossierConsultation.objects.filter(
            dossier=dossier, answered_at__isnull=True, agency__code__in=codes
        ).values_list("agency__code", flat=True)
    )
    for index, code in enumerate(codes):
        agency = found.get(code)
        if agency is None:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("Không tìm thấy cơ quan có mã định danh %(code)s.") % {"code": code},
                )
            )
        elif agency.pk == dossier.competent_agency_id:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("%(agency)s là cơ quan chủ trì giải quyết hồ sơ.") % {"agency": agency.name},
                )
            )
        elif code in asked:
            problems.append(
                FieldProblem(
                    f"agencies[{index}]",
                    _("%(agency)s đang được lấy ý kiến và chưa trả lời.") % {"agency": agency.name},
                )
            )
    if problems or working_days is None:
        raise ValidationFailed(_("Chưa gửi được yêu cầu lấy ý kiến phối hợp."), problems=problems)
    lines = []
    for code in codes:
        agency = found[code]
        due = calendar_due_moment(
            received_at=at, working_days=working_days, paper=False, agency_code=agency.code
        )
        DossierConsultation.objects.create(
            dossier=dossier,
            agency=agency,
            step=dossier.current_step,
            requested_at=at,
            requested_by=actor,
            due_at=due,
            note=note,
        )
        lines.append(
            _("%(agency)s (hạn %(due)s)") % {"agency": agency.name, "due": _local_text(due)}
        )
    dossier.consultations_open += len(codes)
    summary = _("Lấy ý kiến phối hợp: %(agencies)s.") % {"agencies": ", ".join(lines)}
    return f"{summary} {note}".strip()


def _consult_answer(*, dossier: Dossier, actor: User, at: datetime, on: date, note: str) -> str:
    consultation = _consultation_for(dossier=dossier, actor=actor, on=on, lock=True)
    if consultation is None:  # the performer check found it; another answer came in between
        raise Conflict(_("Ý kiến phối hợp vừa được trả lời; hãy tải lại hồ sơ."))
    if not note:
        raise ValidationFailed(
            _("Chưa có nội dung trả lời."),
            problems=[FieldProblem("note", _("Vui lòng nhập ý kiến trả lời."))],
        )
    consultation.answered_at = at
    consultation.answered_by = actor
    consultation.answer = note
    consultation.save(update_fields=["answered_at", "answered_by", "answer"])
    dossier.consultations_open = max(0, dossier.consultations_open - 1)
    return _("Ý kiến của %(agency)s: %(answer)s") % {
        "agency": consultation.agency.name,
        "answer": note,
    }


@dataclass(frozen=True)
class MigrationMove:
    code: str
    from_step: int | None
    to_step: int | None


@dataclass(frozen=True)
class MigrationPlan:
    """What a migration moved (or, in a dry run, would move)."""

    from_version: ProcedureVersion
    to_version: ProcedureVersion
    moves: list[MigrationMove]
    dry_run: bool


def _codes_text(codes: Sequence[str], limit: int = 50) -> str:
    shown = ", ".join(codes[:limit])
    if len(codes) > limit:
        shown += _(" và %(count)s hồ sơ khác") % {"count": len(codes) - limit}
    return shown


def dossiers_migrate_version(
    *,
    from_version: ProcedureVersion,
    to_version: ProcedureVersion,
    step_map: dict[int, int],
    actor: str,
    at: datetime,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MigrationPlan:
    """Move the in-flight dossiers pinned to ``from_version`` onto ``to_version`` of the same procedure.

    Each dossier's current step order is mapped through ``step_map``; its due moments stay (the
    time limit is the one promised at reception). All or nothing, in one transaction, with a history
    row and an audit row per dossier. Anything not mapped refuses the whole run, naming the dossiers.
    ``progress(done, total)`` is called after each 100 dossiers and at the end.
    """
    with transaction.atomic():
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(procedure_version=from_version)
            .exclude(status__in=list(TERMINAL))
            .order_by("code")
        )
        codes = [d.code for d in dossiers]
        problems: list[FieldProblem] = []
        if from_version.procedure_id != to_version.procedure_id:
            problems.append(
                FieldProblem(
                    "to",
                    _(
                        "Phiên bản đích không thuộc cùng thủ tục; không chuyển hồ sơ nào "
                        "(%(count)s hồ sơ: %(codes)s)."
                    )
                    % {"count": len(codes), "codes": _codes_text(codes)},
                )
            )
        elif from_version.pk == to_version.pk:
            problems.append(FieldProblem("to", _("Phiên bản đích trùng phiên bản nguồn.")))
        if to_version.status != VersionStatus.PUBLISHED:
            problems.append(FieldProblem("to", _("Phiên bản đích chưa được công bố.")))
        old_orders = set(
            ProcessStep.objects.filter(version=from_version).values_list("order", flat=True)
        )
        new_steps = list(ProcessStep.objects.filter(version=to_version).order_by("order"))
        new_orders = {s.order for s in new_steps}
        problems.extend(
            FieldProblem(
                f"map.{old}",
                _("Phiên bản nguồn không có bước %(step)s.") % {"step": old},
            )
            for old in sorted(step_map)
            if old not in old_orders
        )
        problems.extend(
            FieldProblem(
                f"map.{old}",
                _("Phiên bản đích không có bước %(step)s.") % {"step": new},
            )
            for old, new in sorted(step_map.items())
            if new not in new_orders
        )
        unmapped: dict[int, list[str]] = {}
        for dossier in dossiers:
            if dossier.current_step is not None and dossier.current_step not in step_map:
                unmapped.setdefault(dossier.current_step, []).append(dossier.code)
        problems.extend(
            FieldProblem(
                f"map.{step}",
                _("Bước %(step)s chưa được ánh xạ; các hồ sơ đang ở bước này: %(codes)s.")
                % {"step": step, "codes": _codes_text(found)},
            )
            for step, found in sorted(unmapped.items())
        )
        if problems:
            raise ValidationFailed(
                _("Không chuyển hồ sơ nào sang phiên bản mới."), problems=problems
            )
        moves = [
            MigrationMove(
                code=d.code,
                from_step=d.current_step,
                to_step=step_map[d.current_step] if d.current_step is not None else None,
            )
            for d in dossiers
        ]
        plan = MigrationPlan(
            from_version=from_version, to_version=to_version, moves=moves, dry_run=dry_run
        )
        if dry_run:
            return plan
        infos = [StepInfo(s.order, s.role) for s in new_steps]
        for done, (dossier, move) in enumerate(zip(dossiers, moves, strict=True), start=1):
            from_status = dossier.status
            dossier.procedure_version = to_version
            dossier.current_step = move.to_step
            if dossier.status in ACTIVE and move.to_step is not None:
                dossier.status = status_at_step(steps=infos, order=move.to_step)
            _set_holder(dossier, new_steps)
            dossier.version += 1
            dossier.save(
                update_fields=[
                    "procedure_version",
                    "current_step",
                    "status",
                    "version",
                    "current_role",
                    "current_agency",
                ]
            )
            _event(
                dossier=dossier,
                action="migrate",
                from_status=from_status,
                from_step=move.from_step,
                actor=None,
                at=at,
                note=_(
                    "Chuyển sang phiên bản %(new)s của thủ tục (từ phiên bản %(old)s), "
                    "bước %(from_step)s → bước %(to_step)s."
                )
                % {
                    "new": to_version.number,
                    "old": from_version.number,
                    "from_step": move.from_step,
                    "to_step": move.to_step,
                },
                due_before=dossier.due_at,
                step_due_before=dossier.step_due_at,
            )
            audit_append(
                actor=actor,
                action="dossier.migrate",
                object_type="dossier",
                object_id=dossier.code,
                at=at,
                data={
                    "from_version": from_version.pk,
                    "to_version": to_version.pk,
                    "from_step": move.from_step,
                    "to_step": move.to_step,
                    "from_status": from_status,
                    "to_status": dossier.status,
                },
                chain=f"dossier:{dossier.code}",
            )
            if progress is not None and (done % 100 == 0 or done == len(dossiers)):
                progress(done, len(dossiers))
            _schedule_hooks(dossier.pk, "migrate")
    return plan


def dossier_open_for(
    *, user: User | AnonymousUser, code: str, at: datetime, purpose: str
) -> Dossier:
    """The dossier ``code`` for ``user`` to read, with the read written to the audit log.

    Every read of a person's data is logged (who, when, why), and so is every refusal: another
    agency's dossier answers :class:`NotFound` like a missing one, but the attempt is kept, on the
    reader's own chain so that guessing codes cannot create chains for dossiers that do not exist.
    """
    reader = f"user:{user.pk}" if user.is_authenticated else "anonymous"
    try:
        dossier = dossier_get_for(user=user, code=code, on=timezone.localdate(at))
    except NotFound:
        audit_append(
            actor=reader,
            action="dossier.read_denied",
            object_type="dossier",
            object_id=code.strip()[:100],
            at=at,
            data={"purpose": purpose},
            chain=f"reads:{reader}",
        )
        raise
    audit_append(
        actor=reader,
        action="dossier.read",
        object_type="dossier",
        object_id=dossier.code,
        at=at,
        data={"purpose": purpose},
        chain=f"dossier:{dossier.code}",
    )
    if user.is_authenticated and dossier.applicant.user_id != user.pk:
        # The citizen sees every officer who opened their dossier ("Ai đã truy cập dữ liệu").
        personal_data_access_record(
            subject=dossier.applicant.personal_id,
            accessor=reader,
            accessor_name=user.get_full_name() or user.get_username(),
            channel=AccessChannel.OFFICER_VIEW,
            purpose=_("Xem hồ sơ để giải quyết"),
            at=at,
            dossier_code=dossier.code,
        )
    return dossier
