"""Submission and intake (nộp, tiếp nhận hồ sơ): online, at the counter, and by post.

:func:`dossier_submit` checks everything the applicant sent (applicant, forms, documents, the
once-only provenance, the return address), issues the dossier code, fixes the due moment and the
fee, and writes the dossier with its first history row; a request replayed with the same
idempotency key gets the same answer. :func:`dossier_submit_by_post` is the same intake for a paper
dossier the post brought, recording the inbound item in the same transaction.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for, actor_label
from motcua.accounts.identifiers import check_mobile_phone, check_personal_id, check_tax_code
from motcua.accounts.models import (
    AdministrativeUnit,
    Agency,
    Applicant,
    ApplicantKind,
    OneStopUnit,
    User,
)
from motcua.accounts.services import applicant_create, preferred_language_default
from motcua.catalog.competence import competent_agency_for, competent_kind_label
from motcua.catalog.fee_rules import FeeInputs
from motcua.catalog.models import ComponentKind, ProcedureVersion, VersionStatus
from motcua.catalog.steps import process_steps_of
from motcua.core.errors import Conflict, FieldProblem, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.core.periods import period_holds
from motcua.core.rows import NO_TEXT_KEY, KeyedQuery, row_insert, statement_cursor
from motcua.core.text import nfc
from motcua.delivery.models import Consignment
from motcua.delivery.services import consignment_inbound_record, tracking_number_check
from motcua.dossiers.codes import dossier_code_make
from motcua.dossiers.deadlines import effective_reception_day, step_due_moment, version_due_moment
from motcua.dossiers.fees import dossier_fee_apply
from motcua.dossiers.history import history_record
from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierCodeCounter,
    DossierStatus,
    IdempotencyRecord,
    Representation,
    ReturnMethod,
)
from motcua.dossiers.permissions import set_holder
from motcua.dossiers.postal import return_address_clean
from motcua.dossiers.prefill import evidence_ids, provenance_check
from motcua.dossiers.routing import online_receiving_unit, unreached_alert
from motcua.dossiers.selectors import dossier_receipt_payload
from motcua.dossiers.services.once import request_hash as body_hash
from motcua.dossiers.services.uploads import (
    CheckedDocument,
    DocumentInput,
    check_documents,
    check_forms,
    delete_files,
    read_content,
    store_documents,
)
from motcua.dossiers.workflow import StepInfo, status_at_step
from motcua.registry.services import evidence_attach

MAX_SEQUENCE = 9999


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


@dataclass(frozen=True)
class SubmitResult:
    """The dossier and the answer given (the same answer again when a request is replayed)."""

    dossier: Dossier
    created: bool
    response_status: int
    response_body: dict[str, Any]


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


#: Every period of the unit of one code, its parent joined, the first in force taken (as
#: ``.first()`` would: by primary key); compiled once per process.
_UNITS_BY_CODE = KeyedQuery(
    lambda code: (
        AdministrativeUnit.objects.filter(code=code).select_related("parent").order_by("pk")
    ),
    stand_in=NO_TEXT_KEY,
)


def _competent_agency(
    version: ProcedureVersion, unit_code: str, on: date, problems: list[FieldProblem]
) -> tuple[Agency | None, AdministrativeUnit | None]:
    """Routing by competence (thẩm quyền), not by the counter where the dossier was filed; the
    agency, and the unit of ``unit_code`` (the fee's place too)."""
    unit = next(
        (
            u
            for u in _UNITS_BY_CODE.instances(nfc(unit_code).strip())
            if period_holds(on, u.valid_from, u.valid_to)
        ),
        None,
    )
    if unit is None:
        problems.append(
            FieldProblem(
                "administrative_unit_code",
                _("Không tìm thấy đơn vị hành chính mã %(code)s.") % {"code": unit_code},
            )
        )
        return None, None
    competent = competent_agency_for(version=version, unit=unit, on=on)
    if competent is None:
        problems.append(
            FieldProblem(
                "administrative_unit_code",
                _(
                    "Không xác định được cơ quan có thẩm quyền giải quyết thủ tục %(procedure)s "
                    "cho %(unit)s: hệ thống chưa có %(kind)s của %(unit)s. Xin chọn nơi nộp "
                    "khác hoặc liên hệ bộ phận một cửa."
                )
                % {
                    "procedure": version.procedure.code,
                    "unit": unit.name,
                    "kind": competent_kind_label(version),
                },
            )
        )
    return competent, unit


def _request_hash(
    *,
    version: ProcedureVersion,
    applicant: Applicant | ApplicantData,
    channel: str,
    form_data: Any,
    documents: Sequence[CheckedDocument],
    raw_documents: Sequence[DocumentInput],
    administrative_unit_code: str,
    receiving_unit: OneStopUnit | None,
    return_choice: Any = None,
    fee_inputs: FeeInputs | None = None,
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
            [code, nfc(name), hashlib.sha256(read_content(content)).hexdigest()]
            for code, name, content in raw_documents
        ],
        "administrative_unit_code": administrative_unit_code,
        "receiving_unit": receiving_unit.pk if receiving_unit else None,
    }
    if return_choice:  # absent by default, so keys accepted before the choice existed still match
        body["return"] = return_choice
    if fee_inputs is not None:  # the same: absent unless the filing states what the fee counts
        body["fee_inputs"] = asdict(fee_inputs)
    return body_hash(body)


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
    number = _counter_bump(agency=agency, day=day)
    if number is None:  # the agency's first dossier of the day (or a database without RETURNING)
        counter, _created = DossierCodeCounter.objects.select_for_update().get_or_create(
            agency=agency, day=day
        )
        number = counter.last + 1
        DossierCodeCounter.objects.filter(pk=counter.pk).update(last=number)
    if number > MAX_SEQUENCE:  # the transaction rolls back with the error: the bump too
        raise Conflict(
            _("Cơ quan %(agency)s đã cấp hết %(max)s mã hồ sơ trong ngày %(day)s.")
            % {"agency": agency.code, "max": MAX_SEQUENCE, "day": day.strftime("%d/%m/%Y")}
        )
    return dossier_code_make(agency_code=agency.code, day=day, number=number)


def _counter_bump(*, agency: Agency, day: date) -> int | None:
    """The day's counter of ``agency`` bumped and read in one statement (which locks its row as
    ``select_for_update`` does), or None when the row does not exist yet: one statement without
    the ORM's compilation, where the ORM's read and update cost a compilation each."""
    connection = connections[DossierCodeCounter.objects.db]
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    meta = DossierCodeCounter._meta
    quote = connection.ops.quote_name
    last = quote(meta.get_field("last").column)
    # Only the model's own quoted table and column names are formatted in; values are bound.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {last} = {last} + 1 "  # noqa: S608
        f"WHERE {quote(meta.get_field('agency').column)} = %s "
        f"AND {quote(meta.get_field('day').column)} = %s RETURNING {last}"
    )
    cursor = statement_cursor(connection)
    cursor.execute(sql, [agency.pk, meta.get_field("day").get_db_prep_value(day, connection)])
    row = cursor.fetchone()
    return None if row is None else int(row[0])


#: The applicant of an identifier (``.first()``, compiled once: every counter submission asks).
_APPLICANT_BY_PERSONAL_ID = KeyedQuery(
    lambda key: Applicant.objects.filter(personal_id=key).order_by("pk")[:1], stand_in=NO_TEXT_KEY
)
_APPLICANT_BY_TAX_CODE = KeyedQuery(
    lambda key: Applicant.objects.filter(tax_code=key).order_by("pk")[:1], stand_in=NO_TEXT_KEY
)


def _existing_applicant(applicant: ApplicantData) -> Applicant | None:
    if applicant.personal_id:
        found = _APPLICANT_BY_PERSONAL_ID.instances(applicant.personal_id.strip())
        if found:
            return cast(Applicant, found[0])
    if applicant.tax_code:
        found = _APPLICANT_BY_TAX_CODE.instances(applicant.tax_code.strip())
        return cast(Applicant, found[0]) if found else None
    return None


def _applicant_row(applicant: Applicant | ApplicantData, *, actor: str, at: datetime) -> Applicant:
    if isinstance(applicant, Applicant):
        return applicant
    if (existing := _existing_applicant(applicant)) is not None:
        return existing
    try:
        # A savepoint: two counters receiving the first dossiers of one new applicant at once
        # both create the row; the second finds the first's once it commits.
        with transaction.atomic():
            return applicant_create(actor=actor, at=at, **asdict(applicant))
    except IntegrityError:
        existing = _existing_applicant(applicant)
        if existing is None:
            raise
        return existing
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
    fee_inputs: FeeInputs | None = None,
    language: str = "vi",
    appointment_code: str = "",
) -> SubmitResult:
    """Receive a dossier (tiếp nhận hồ sơ): validate everything, then store it in one transaction.

    ``language`` is the one the applicant filed in (their notices are written in it);
    ``appointment_code`` the counter booking the dossier was received from, kept on it.

    ``fee_inputs`` is what the filing says the fee depends on (copies, late registration); the
    fee is computed from it by the catalogue's one calculation at reception.

    ``representation`` records who filed for the applicant and on what basis (checked by the
    caller, which knows the principal: see ``accounts.permissions``).

    Every problem is reported at once in a :class:`ValidationFailed`, and nothing is stored. With an
    ``idempotency_key`` (scoped by ``client_id``, default the actor) the same request gets the same
    dossier and answer again; the same key with another request is a :class:`Conflict`. Requests
    refused by validation are not recorded against the key, so a corrected request may reuse it.
    """
    today = at.astimezone(LOCAL_TZ).date()
    client = client_id or actor_label(actor)
    problems: list[FieldProblem] = []
    # From the version's prefetched rows when the caller read it for a filing (no query then).
    components = {c.code: c for c in version.components.all()}
    checked = check_documents(documents, components, problems)
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
        fee_inputs=fee_inputs,
    )
    if idempotency_key:
        record = IdempotencyRecord.objects.filter(
            client_id=client, scope="", key=idempotency_key
        ).first()
        if record is not None:
            return _replay(record, request_hash)

    if version.status != VersionStatus.PUBLISHED or not (
        version.valid_from is not None and period_holds(today, version.valid_from, version.valid_to)
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
    if receiving_unit is not None and not period_holds(
        today, receiving_unit.valid_from, receiving_unit.valid_to
    ):
        problems.append(
            FieldProblem("receiving_unit", _("Bộ phận một cửa không còn hoạt động vào ngày này."))
        )
    check_forms(form_data, components, problems)
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
    competent, place = _competent_agency(version, administrative_unit_code, today, problems)
    if problems or competent is None:
        raise ValidationFailed(_("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."), problems=problems)

    if receiving_unit is None:
        # Online: the one-stop unit serving the competent agency receives it, so that the
        # reception step is in the queue of officers who exist.
        receiving_unit = online_receiving_unit(competent=competent, on=today)
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
            applicant_obj = _applicant_row(applicant, actor=actor_label(actor), at=at)
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
                language=language,
                appointment_code=appointment_code,
                **(representation.fields() if representation else {}),
                return_method=return_method,
                return_address=dict(return_address or {}),
                received_at=at,
                effective_received_on=effective_reception_day(
                    received_at=at, paper=paper, agency_code=competent.code
                ),
                clock_started_at=at,
                due_at=version_due_moment(
                    start=at,
                    version=version,
                    channel=channel,
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
            set_holder(dossier, steps)
            # The fee in force on the reception day, with the rule or policy that produced it.
            dossier_fee_apply(
                dossier=dossier, version=version, on=today, inputs=fee_inputs, place=place
            )
            dossier.last_event_seq = 1
            # The code last (still in the transaction: no gaps): the counter row stays locked only
            # for the writes below, not for the calendar work above.
            code = _issue_code(agency=receiving_agency, at=at)
            dossier.code = code
            row_insert(dossier)  # the statement made once (the ORM compiles it at every save)
            written = store_documents(dossier=dossier, documents=checked, at=at, stored=stored)
            evidence_attach(
                evidence_ids=evidence_ids(form_provenance),
                subject=applicant_obj.personal_id,
                dossier_code=code,
            )
            history_record(
                dossier=dossier,
                action="submit",
                from_status="",
                from_step=None,
                actor=actor,
                at=at,
                seq=1,
                audit_data={
                    "procedure": version.procedure.code,
                    "version": version.pk,
                    "channel": channel,
                    "receiving_agency": receiving_agency.code,
                    "competent_agency": competent.code,
                    "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
                    "documents": [[d.component, d.sha256] for d in checked],
                },
                outboxed=True,
                hooks=True,
            )
            unreached_alert(dossier=dossier, at=at, on=today, actor=actor)
            if channel == DossierChannel.ONLINE and actor is not None:
                # The filing account's first language is the one it filed in, until it chooses.
                preferred_language_default(user=actor, language=language)
            body = dossier_receipt_payload(dossier=dossier, documents=written)
            if record is not None:
                record.dossier = dossier
                record.response_status = 201
                record.response_body = body
                record.save(update_fields=["dossier", "response_status", "response_body"])
    except IntegrityError:
        delete_files(stored)
        if idempotency_key:
            record = IdempotencyRecord.objects.filter(
                client_id=client, scope="", key=idempotency_key
            ).first()
            if record is not None:
                return _replay(record, request_hash)
        raise
    except BaseException:
        delete_files(stored)
        raise
    return SubmitResult(dossier=dossier, created=True, response_status=201, response_body=body)


def dossier_submit_by_post(*, inbound_tracking_number: str, **submit: Any) -> SubmitResult:
    """Receive a paper dossier the post brought (nộp qua bưu chính): ``dossier_submit`` with the
    postal channel, and the inbound item's tracking number recorded in the same transaction."""
    number, problem = tracking_number_check(inbound_tracking_number)
    if not problem and Consignment.objects.filter(tracking_number=number).exists():
        problem = _("Bưu gửi %(number)s đã được ghi nhận cho một hồ sơ khác.") % {"number": number}
    if problem:
        raise ValidationFailed(
            _("Hồ sơ chưa hợp lệ nên chưa được tiếp nhận."),
            problems=[FieldProblem("inbound_tracking_number", problem)],
        )
    with transaction.atomic():
        result = dossier_submit(channel=DossierChannel.POST, **submit)
        if result.created:
            consignment_inbound_record(
                reference=result.dossier.code,
                tracking_number=number,
                actor=actor_for(submit["actor"]) if submit.get("actor") else "system",
                at=submit["at"],
            )
    return result
