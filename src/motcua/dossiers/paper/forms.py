"""Reads that build the plain data of the forms of Circular 03/2025/TT-VPCP from a dossier.

The renderers (:mod:`motcua.dossiers.paper.slips`, :mod:`motcua.dossiers.paper.register_book`) never see a model:
they get the frozen dataclasses built here.

Forms: ``01`` receipt and appointment, ``02`` supplement request, ``03`` refusal, ``04`` apology
and new date, ``05`` stop notice, ``06`` process-control slip; ``07`` the register book.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, Role
from motcua.catalog.models import Component, ProcessStep, TimeUnit
from motcua.catalog.terms import term_label
from motcua.core.errors import NotFound
from motcua.dossiers.models import (
    Dossier,
    DossierApology,
    DossierChannel,
    DossierConsultation,
    DossierEvent,
    DossierStatus,
    HandOverOutcome,
)
from motcua.dossiers.paper.qr import public_lookup_url

#: Form number -> its name in Appendix I of Circular 03/2025/TT-VPCP.
FORM_TITLES: dict[str, str] = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
}
SLIP_FORMS = ("01", "02", "03", "04", "05", "06")


@dataclass(frozen=True)
class SlipHeader:
    """What every slip of one dossier shows."""

    form: str
    title: str
    agency_name: str  # the agency issuing the slip
    unit_name: str  # the one-stop unit, if any
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id: str  # personal ID number, or tax code of an organisation
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    lookup_url: str
    issued_at: datetime  # the moment shown in the place-and-date line


@dataclass(frozen=True)
class ReceiptSlip:
    """Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    header: SlipHeader
    channel: str
    components: tuple[str, ...]
    sets: int
    processing_time: str
    received_at: datetime
    due_at: datetime | None
    return_place: str
    receiver_name: str


@dataclass(frozen=True)
class NoticeSlip:
    """Forms 02 (supplement), 03 (refusal) and 05 (stop): reasons given by an officer at a moment."""

    header: SlipHeader
    received_at: datetime
    at: datetime
    reasons: tuple[str, ...]
    note: str
    officer_name: str
    contact: str


@dataclass(frozen=True)
class ApologySlip:
    """Form 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""

    header: SlipHeader
    received_at: datetime
    original_due_at: datetime
    new_due_at: datetime
    reason: str
    officer_name: str


@dataclass(frozen=True)
class HandOver:
    """One row of the process-control slip: who handed the dossier to whom, when, how timely."""

    seq: int
    step: str
    sender: str
    receiver: str
    at: datetime
    due_at: datetime | None
    outcome: str  # label: Trước hạn / Đúng hạn / Quá hạn, or empty
    note: str


@dataclass(frozen=True)
class ControlSlip:
    """Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    header: SlipHeader
    lead_agency: str
    coordinating_agencies: tuple[str, ...]
    received_at: datetime
    due_at: datetime | None
    hand_overs: tuple[HandOver, ...]


Slip = ReceiptSlip | NoticeSlip | ApologySlip | ControlSlip


def slip_issuer(*, dossier: Dossier, form: str) -> Agency:
    """The agency that issues form ``form`` of ``dossier`` (its seal signs the slip): the
    competent agency for the apology (04) and the stop notice (05), else the receiving agency."""
    return dossier.competent_agency if form in {"04", "05"} else dossier.receiving_agency


def _applicant_id(dossier: Dossier) -> str:
    return dossier.applicant.personal_id or dossier.applicant.tax_code


def _header(dossier: Dossier, *, form: str, issued_at: datetime, agency: Agency) -> SlipHeader:
    applicant = dossier.applicant
    return SlipHeader(
        form=form,
        title=FORM_TITLES[form],
        agency_name=agency.name,
        unit_name=dossier.receiving_unit.name if dossier.receiving_unit else "",
        dossier_code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        applicant_name=applicant.name,
        applicant_id=_applicant_id(dossier),
        applicant_address=applicant.address,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        lookup_url=public_lookup_url(code=dossier.code),
        issued_at=issued_at,
    )


def _events(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))


def _latest(events: Sequence[DossierEvent], action: str) -> DossierEvent | None:
    return next((e for e in reversed(events) if e.action == action), None)


def _processing_time(value: int | None, unit: str) -> str:
    if value is None:
        return term_label(value, unit)
    label = str(TimeUnit(unit).label).lower() if unit in TimeUnit.values else unit
    return f"{value:02d} {label}"


def _receipt(dossier: Dossier, events: Sequence[DossierEvent]) -> ReceiptSlip:
    version = dossier.procedure_version
    components = {c.code: c for c in Component.objects.filter(version=version).order_by("order")}
    lines: list[str] = []
    for code in dossier.form_data or {}:
        component = components.get(code)
        lines.append(component.name if component else code)
    for document in dossier.documents.order_by("component_code", "pk"):
        component = components.get(document.component_code)
        name = component.name if component else document.component_code
        lines.append(f"{name} (tệp {document.original_name})")
    submit = next((e for e in events if e.action == "submit"), None)
    if dossier.channel == DossierChannel.ONLINE:
        place = "Trực tuyến, trên Cổng Dịch vụ công (tài khoản của người nộp hồ sơ)"
    elif dossier.receiving_unit is not None:
        unit = dossier.receiving_unit
        place = f"{unit.name}, {unit.address}" if unit.address else unit.name
    else:
        place = dossier.receiving_agency.name
    return ReceiptSlip(
        header=_header(
            dossier, form="01", issued_at=dossier.received_at, agency=dossier.receiving_agency
        ),
        channel=str(DossierChannel(dossier.channel).label),
        components=tuple(lines),
        sets=1,
        processing_time=_processing_time(
            version.processing_time_value, version.processing_time_unit
        ),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        return_place=place,
        receiver_name=submit.actor_label if submit else "",
    )


def _notice(
    dossier: Dossier, events: Sequence[DossierEvent], *, form: str, action: str, missing: str
) -> NoticeSlip:
    event = _latest(events, action)
    if event is None:
        raise NotFound(missing % {"code": dossier.code})
    unit = dossier.receiving_unit
    contact = unit.name if unit else dossier.receiving_agency.name
    if unit is not None and unit.address:
        contact = f"{contact}, {unit.address}"
    agency = slip_issuer(dossier=dossier, form=form)
    return NoticeSlip(
        header=_header(dossier, form=form, issued_at=event.at, agency=agency),
        received_at=dossier.received_at,
        at=event.at,
        reasons=tuple(str(r) for r in event.reasons or ()),
        note=event.note,
        officer_name=event.actor_label,
        contact=contact,
    )


def _apology(dossier: Dossier) -> ApologySlip:
    """Form 04 from the dossier's approved apology (:class:`DossierApology`); a draft not yet
    approved by the leader is not issued."""
    apology = (
        DossierApology.objects.filter(dossier=dossier, approved_at__isnull=False)
        .select_related("approved_by")
        .order_by("-approved_at", "-pk")
        .first()
    )
    if apology is None or apology.approved_at is None:
        raise NotFound(
            _("Hồ sơ %(code)s chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả.")
            % {"code": dossier.code}
        )
    return ApologySlip(
        header=_header(
            dossier, form="04", issued_at=apology.approved_at, agency=dossier.competent_agency
        ),
        received_at=dossier.received_at,
        original_due_at=apology.original_due_at,
        new_due_at=apology.proposed_due_at,
        reason=apology.reason,
        officer_name=str(apology.approved_by) if apology.approved_by else "",
    )


def _step_holder(step: ProcessStep | None, dossier: Dossier) -> str:
    if step is None:
        return dossier.applicant.name
    agency = (
        dossier.receiving_agency if step.role == Role.ONE_STOP_OFFICER else dossier.competent_agency
    )
    return f"{Role(step.role).label} ({agency.name})"


def _hand_overs(dossier: Dossier, events: Sequence[DossierEvent]) -> tuple[HandOver, ...]:
    steps = {s.order: s for s in ProcessStep.objects.filter(version=dossier.procedure_version)}
    applicant = dossier.applicant.name
    # Liên thông: the request goes to the consulted agencies, the answer back to the one who asked.
    asked: dict[datetime, list[str]] = {}
    answered: dict[tuple[datetime, int | None], str] = {}
    for consultation in DossierConsultation.objects.filter(dossier=dossier).select_related(
        "agency", "requested_by"
    ):
        asked.setdefault(consultation.requested_at, []).append(consultation.agency.name)
        if consultation.answered_at is not None:
            answered[(consultation.answered_at, consultation.answered_by_id)] = (
                str(consultation.requested_by) if consultation.requested_by else ""
            )
    rows: list[HandOver] = []
    for index, event in enumerate(events):
        later = events[index + 1 :]
        step = steps.get(event.from_step) if event.from_step is not None else None
        step_name = step.name if step else ""
        if event.action == "submit":
            sender, receiver = applicant, event.actor_label
            first = steps.get(event.to_step) if event.to_step is not None else None
            step_name = first.name if first else _("Tiếp nhận hồ sơ")
        elif event.action == "complete_step":
            sender = event.actor_label
            following = steps.get(event.to_step) if event.to_step is not None else None
            taker = next((e for e in later if e.from_step == event.to_step), None)
            if following is None:
                receiver = applicant
            elif taker is not None and taker.actor_label:
                receiver = taker.actor_label
            else:
                receiver = _step_holder(following, dossier)
        elif event.action in {"supplement", "withdraw"}:
            sender, receiver = applicant, event.actor_label
        elif event.action == "consult_request" and event.at in asked:
            sender, receiver = event.actor_label, ", ".join(asked[event.at])
        elif event.action == "consult_answer" and answered.get((event.at, event.actor_id)):
            sender, receiver = event.actor_label, answered[(event.at, event.actor_id)]
        else:
            sender, receiver = event.actor_label, applicant
        note = "; ".join([*(str(r) for r in event.reasons or ()), event.note]).strip("; ")
        if event.action not in {"submit", "complete_step"}:
            label = str(DossierStatus(event.to_status).label) if event.to_status else ""
            note = f"{label}: {note}" if note else label
        rows.append(
            HandOver(
                seq=event.seq,
                step=step_name,
                sender=sender,
                receiver=receiver,
                at=event.at,
                due_at=event.step_due_before,
                outcome=str(HandOverOutcome(event.outcome).label) if event.outcome else "",
                note=note,
            )
        )
    return tuple(rows)


def _control(dossier: Dossier, events: Sequence[DossierEvent], *, at: datetime) -> ControlSlip:
    coordinating: tuple[str, ...] = ()
    if dossier.receiving_agency_id != dossier.competent_agency_id:
        coordinating = (dossier.receiving_agency.name,)
    # Agencies consulted (liên thông) take part in the settlement too.
    consulted = DossierConsultation.objects.filter(dossier=dossier).order_by("requested_at", "pk")
    for name in consulted.values_list("agency__name", flat=True):
        if name not in coordinating:
            coordinating = (*coordinating, name)
    return ControlSlip(
        header=_header(dossier, form="06", issued_at=at, agency=dossier.receiving_agency),
        lead_agency=dossier.competent_agency.name,
        coordinating_agencies=coordinating,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        hand_overs=_hand_overs(dossier, events),
    )


def slip_data(*, dossier: Dossier, form: str, at: datetime) -> Slip:
    """The data of form ``form`` (``01``–``06``) of ``dossier``, as of ``at``.

    The caller has already scoped ``dossier`` (:func:`dossier_get_for`). A form the dossier has no
    reason to carry (a refusal of a dossier never refused) answers :class:`NotFound`, as does an
    unknown form number.
    """
    if form not in SLIP_FORMS:
        raise NotFound(_("Không có biểu mẫu số %(form)s.") % {"form": form})
    events = _events(dossier)
    if form == "01":
        return _receipt(dossier, events)
    if form == "02":
        return _notice(
            dossier,
            events,
            form=form,
            action="request_supplement",
            missing=_("Hồ sơ %(code)s chưa có phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."),
        )
    if form == "03":
        return _notice(
            dossier,
            events,
            form=form,
            action="refuse",
            missing=_("Hồ sơ %(code)s không bị từ chối giải quyết."),
        )
    if form == "04":
        return _apology(dossier)
    if form == "05":
        return _notice(
            dossier,
            events,
            form=form,
            action="stop",
            missing=_("Hồ sơ %(code)s không bị dừng giải quyết."),
        )
    return _control(dossier, events, at=at)


#: The history action that makes a dossier carry each notice form.
_NOTICE_ACTIONS = {"02": "request_supplement", "03": "refuse", "05": "stop"}


def slips_available(*, dossier: Dossier) -> tuple[str, ...]:
    """The forms ``dossier`` carries now, in order: the receipt and the control slip always, a
    notice (02, 03, 05) once its action happened, the apology (04) once a leader approved it."""
    actions = set(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    apology = DossierApology.objects.filter(dossier=dossier, approved_at__isnull=False).exists()
    return tuple(
        form
        for form in SLIP_FORMS
        if form in {"01", "06"}
        or _NOTICE_ACTIONS.get(form) in actions
        or (form == "04" and apology)
    )
