"""Plain data for the back-office pages."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from urllib.parse import quote

from django.utils import timezone
from django.utils.translation import gettext_lazy

from motcua.accounts.models import RoleAssignment
from motcua.backoffice.selectors import QueueEntry
from motcua.catalog.models import Component, ComponentKind, ProcessStep
from motcua.core.reversing import reverse_kept
from motcua.core.rows import KeyedQuery
from motcua.core.templatetags.design import tag_colour
from motcua.delivery.selectors import references_returned_to_sender
from motcua.dossiers.deadlines import late_working_days
from motcua.dossiers.models import (
    Dossier,
    DossierApology,
    DossierConsultation,
    DossierStatus,
    HandOverOutcome,
)
from motcua.dossiers.workflow import Action, action_label, event_label, status_label


@dataclass(frozen=True)
class OfficerRole:
    """One role an officer holds in one agency (phân công vai trò), as the home page lists it."""

    role_label: str
    agency_code: str
    agency_name: str
    one_stop_unit: str
    valid_from: date


def officer_role(assignment: RoleAssignment) -> OfficerRole:
    return OfficerRole(
        role_label=assignment.get_role_display(),
        agency_code=assignment.agency.code,
        agency_name=assignment.agency.name,
        one_stop_unit=assignment.one_stop_unit.name if assignment.one_stop_unit else "",
        valid_from=assignment.valid_from,
    )


# --- Dossiers ---------------------------------------------------------------------------------

STATUS_COLOURS: dict[str, str] = {
    DossierStatus.RECEIVED: "blue",
    DossierStatus.PROCESSING: "yellow",
    DossierStatus.SUPPLEMENT_REQUESTED: "yellow",
    DossierStatus.RESULT_READY: "green",
    DossierStatus.RETURNED: "grey",
    DossierStatus.REFUSED: "red",
    DossierStatus.STOPPED: "red",
    DossierStatus.WITHDRAWN: "grey",
}
OUTCOME_COLOURS: dict[str, str] = {
    HandOverOutcome.EARLY: "green",
    HandOverOutcome.ON_TIME: "blue",
    HandOverOutcome.LATE: "red",
}
#: Actions that need reasons written to the applicant (forms 02, 03, 05).
REASONED = frozenset({Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.STOP})
#: Actions shown as a warning button.
WARNING = frozenset({Action.REFUSE, Action.STOP, Action.WITHDRAW})


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str


#: Status texts the back-office says from the officer's side (the clock is stopped, waiting).
_OFFICER_STATUS_LABELS = {DossierStatus.SUPPLEMENT_REQUESTED: gettext_lazy("Chờ bổ sung hồ sơ")}


def status_tag(status: str) -> Tag:
    label = _OFFICER_STATUS_LABELS.get(status)  # type: ignore[call-overload]
    return Tag(str(label) if label else status_label(status), STATUS_COLOURS.get(status, "blue"))


def outcome_tag(outcome: str) -> Tag | None:
    if not outcome:
        return None
    return Tag(str(HandOverOutcome(outcome).label), OUTCOME_COLOURS.get(outcome, "blue"))


#: The steps of one procedure version: a page of the queue holds a few versions, each read by a
#: statement compiled once.
_STEP_NAMES = KeyedQuery(
    lambda version_id: (
        ProcessStep.objects.filter(version_id=version_id).order_by().values_list("order", "name")
    )
)


def _step_names(version_id: int) -> dict[int, str]:
    return dict(_STEP_NAMES.rows(version_id))


@dataclass(frozen=True)
class QueueRow:
    code: str
    url: str
    procedure_code: str
    procedure_name: str
    applicant: str
    status: Tag
    step: str
    due_at: datetime | None
    step_due_at: datetime | None
    late: bool
    apology_pending: bool = False
    consultation_pending: bool = False
    post_returned: bool = False
    assigned_to_me: bool = False
    #: The status tag, then one tag for each flag that is set, as the page shows them.
    tags: tuple[Tag, ...] = ()
    #: The moments as the page writes them ("H:i d/m/Y", local time), "" when there is none.
    due_text: str = ""
    step_due_text: str = ""


#: Each flag of a queue row and the tag that says it, in the order the page shows them.
_QUEUE_FLAGS = (
    ("late", gettext_lazy("Quá hạn"), "red"),
    ("apology_pending", gettext_lazy("Chờ duyệt thư xin lỗi"), "red"),
    ("consultation_pending", gettext_lazy("Chờ ý kiến phối hợp"), "yellow"),
    ("post_returned", gettext_lazy("Bưu chính trả lại"), "red"),
    ("assigned_to_me", gettext_lazy("Được phân công cho bạn"), "blue"),
)


def _moment_text(value: datetime | None, zone: tzinfo) -> str:
    # As the template's date filter "H:i d/m/Y" writes it, without its per-call parsing; in the
    # zone the page asked for once (``timezone.localtime`` asks for it on every call).
    return value.astimezone(zone).strftime("%H:%M %d/%m/%Y") if value else ""


def queue_row(
    entry: QueueEntry,
    step_names: dict[tuple[int, int], str],
    *,
    post_returned: bool,
    flags: tuple[tuple[str, Tag], ...] = (),
    url: str = "",
    statuses: dict[str, Tag] | None = None,
    zone: tzinfo | None = None,
) -> QueueRow:
    """``entry`` as the queue's page shows it; ``statuses``: the status tags already made for the
    page (a page shows a few statuses, each translated once); ``zone``: the page's time zone."""
    zone = zone or timezone.get_current_timezone()
    status = statuses.get(entry.status) if statuses is not None else None
    if status is None:
        status = status_tag(entry.status)
        status = Tag(status.text, tag_colour(status.colour))
        if statuses is not None:
            statuses[entry.status] = status
    set_flags = {
        "late": entry.late,
        "apology_pending": entry.apology_pending,
        "consultation_pending": entry.consultation_pending,
        "post_returned": post_returned,
        "assigned_to_me": entry.assigned_to_me,
    }
    return QueueRow(
        code=entry.code,
        url=url,
        procedure_code=entry.procedure_code,
        procedure_name=entry.procedure_name,
        applicant=entry.applicant_name,
        status=status,
        step=step_names.get((entry.procedure_version_id, entry.current_step or 0), ""),
        due_at=entry.due_at,
        step_due_at=entry.step_due_at,
        late=entry.late,
        apology_pending=entry.apology_pending,
        consultation_pending=entry.consultation_pending,
        post_returned=post_returned,
        assigned_to_me=entry.assigned_to_me,
        tags=(status, *(tag for name, tag in flags if set_flags[name])),
        due_text=_moment_text(entry.due_at, zone),
        step_due_text=_moment_text(entry.step_due_at, zone),
    )


def count_capped(count: int, cap: int) -> str:
    """A count read up to ``cap + 1``: past ``cap`` it says "1000+" rather than a number it never
    finished reading."""
    return f"{cap}+" if count > cap else str(count)


def queue_rows(entries: list[QueueEntry]) -> list[QueueRow]:
    returned = references_returned_to_sender(references=[e.code for e in entries])
    names = {
        (version, order): name
        for version in {e.procedure_version_id for e in entries}
        for order, name in _STEP_NAMES.rows(version)
    }
    # Translated and resolved once for the page, not once a row.
    flags = tuple((name, Tag(str(text), colour)) for name, text, colour in _QUEUE_FLAGS)
    link = reverse_kept("backoffice:dossier", _CODE_SLOT)
    statuses: dict[str, Tag] = {}
    zone = timezone.get_current_timezone()
    return [
        queue_row(
            e,
            names,
            post_returned=e.code in returned,
            flags=flags,
            url=link.replace(_CODE_SLOT, quote(e.code, safe=_PATH_SAFE)),
            statuses=statuses,
            zone=zone,
        )
        for e in entries
    ]


#: Stands for the code in the dossier page's address, reversed once for the whole list.
_CODE_SLOT = "CODE-SLOT"
#: What ``reverse`` leaves unquoted in a path argument.
_PATH_SAFE = "!$&'()*+,;=/~:@"


def step_name(dossier: Dossier) -> str:
    """The name of the step ``dossier`` is at, or "" when it is at none."""
    return _step_names(dossier.procedure_version_id).get(dossier.current_step or 0, "")


@dataclass(frozen=True)
class HistoryRow:
    seq: int
    at: datetime
    action: str
    from_label: str
    to_label: str
    actor: str
    outcome: Tag | None
    note: str
    reasons: list[str]


def history_rows(dossier: Dossier) -> list[HistoryRow]:
    names = _step_names(dossier.procedure_version_id)

    def where(status: str, step: int | None) -> str:
        if not status:
            return ""
        label = status_label(status)
        return f"{label} – {names[step]}" if step in names else label

    rows: list[HistoryRow] = []
    for event in dossier.events.order_by("seq"):
        action = event_label(event.action)
        if event.action == Action.COMPLETE_STEP and event.from_step in names:
            action = f"{action}: {names[event.from_step]}"
        rows.append(
            HistoryRow(
                seq=event.seq,
                at=event.at,
                action=action,
                from_label=where(event.from_status, event.from_step),
                to_label=where(event.to_status, event.to_step),
                actor=event.actor_label,
                outcome=outcome_tag(event.outcome),
                note=event.note,
                reasons=[str(r) for r in event.reasons],
            )
        )
    return rows


@dataclass(frozen=True)
class FormItem:
    label: str
    value: str


@dataclass(frozen=True)
class FormBlock:
    name: str
    items: list[FormItem]


def _shown(value: Any) -> str:
    if value is True:
        return str(gettext_lazy("Có"))
    if value is False:
        return str(gettext_lazy("Không"))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def form_blocks(dossier: Dossier) -> list[FormBlock]:
    """The form data, labelled with the titles of the pinned version's schemas."""
    components = {
        c.code: c
        for c in Component.objects.filter(
            version_id=dossier.procedure_version_id, kind=ComponentKind.FORM
        )
    }
    blocks: list[FormBlock] = []
    for code, values in (dossier.form_data or {}).items():
        component = components.get(code)
        properties = ((component.schema if component else None) or {}).get("properties") or {}
        items = [
            FormItem(str((properties.get(key) or {}).get("title") or key), _shown(value))
            for key, value in (values.items() if isinstance(values, dict) else [])
        ]
        blocks.append(FormBlock(component.name if component else code, items))
    return blocks


@dataclass(frozen=True)
class DocumentRow:
    pk: int
    component: str
    name: str
    size: int
    sha256: str


def document_rows(dossier: Dossier) -> list[DocumentRow]:
    names = dict(
        Component.objects.filter(version_id=dossier.procedure_version_id).values_list(
            "code", "name"
        )
    )
    return [
        DocumentRow(
            pk=d.pk,
            component=names.get(d.component_code, d.component_code),
            name=d.original_name,
            size=d.size,
            sha256=d.sha256,
        )
        for d in dossier.documents.order_by("pk")
    ]


@dataclass(frozen=True)
class ActionChoice:
    action: str
    label: str
    needs_reasons: bool
    warning: bool


def action_choices(actions: list[Action]) -> list[ActionChoice]:
    return [ActionChoice(a.value, action_label(a), a in REASONED, a in WARNING) for a in actions]


@dataclass(frozen=True)
class ReceiptComponent:
    name: str
    kind: str
    supplied: str


def receipt_components(dossier: Dossier) -> list[ReceiptComponent]:
    """Each component of the pinned version and what was handed in for it."""
    files: dict[str, list[str]] = {}
    for document in dossier.documents.order_by("pk"):
        files.setdefault(document.component_code, []).append(document.original_name)
    rows = []
    for component in Component.objects.filter(version_id=dossier.procedure_version_id):
        if component.kind == ComponentKind.FORM:
            supplied = (
                str(gettext_lazy("Đã khai"))
                if component.code in (dossier.form_data or {})
                else str(gettext_lazy("Không có"))
            )
        else:
            supplied = ", ".join(files.get(component.code, [])) or str(gettext_lazy("Không có"))
        rows.append(ReceiptComponent(component.name, component.get_kind_display(), supplied))
    return rows


#: Actions with their own form on the dossier page (not a plain button).
OWN_FORM = frozenset({Action.APOLOGY_APPROVE, Action.CONSULT_REQUEST, Action.CONSULT_ANSWER})


def suggested_action(choices: list[ActionChoice]) -> ActionChoice | None:
    """The one next action the page puts first: the first the rules allow (the table's order
    puts the move forward first) that is not a refusal or a stop; none when only those remain."""
    return next((c for c in choices if not c.warning), None)


def plain_action_choices(actions: list[Action]) -> list[ActionChoice]:
    """The actions shown as a button with a note or reasons; the others have their own form."""
    return action_choices([a for a in actions if a not in OWN_FORM])


@dataclass(frozen=True)
class ApologyInfo:
    """The apology letter (form 04) of a dossier: the draft waiting for the leader, or approved."""

    approved: bool
    drafted_at: datetime
    original_due_at: datetime
    proposed_due_at: datetime
    reason: str
    approved_at: datetime | None
    approved_by: str
    #: At the time of reading: past the due moment, and by how many working days.
    overdue: bool = False
    late_days: int = 0


def apology_info(
    apologies: list[DossierApology], *, agency_code: str, now: datetime
) -> ApologyInfo | None:
    """The approved apology if there is one, else the latest draft, else ``None``."""
    approved = [a for a in apologies if a.approved_at is not None]
    chosen = approved[-1] if approved else (apologies[-1] if apologies else None)
    if chosen is None:
        return None
    due = chosen.original_due_at
    return ApologyInfo(
        overdue=now > due,
        late_days=late_working_days(due=due, now=now, agency_code=agency_code),
        approved=chosen.approved_at is not None,
        drafted_at=chosen.drafted_at,
        original_due_at=chosen.original_due_at,
        proposed_due_at=chosen.proposed_due_at,
        reason=chosen.reason,
        approved_at=chosen.approved_at,
        approved_by=str(chosen.approved_by) if chosen.approved_by else "",
    )


@dataclass(frozen=True)
class ConsultationRow:
    agency: str
    requested_at: datetime
    due_at: datetime
    note: str
    answered_at: datetime | None
    answer: str
    state: Tag


def consultation_rows(
    consultations: list[DossierConsultation], *, now: datetime
) -> list[ConsultationRow]:
    def state(c: DossierConsultation) -> Tag:
        if c.answered_at is not None:
            late = c.answered_at > c.due_at
            return Tag(
                str(gettext_lazy("Đã trả lời, quá hạn") if late else gettext_lazy("Đã trả lời")),
                "red" if late else "green",
            )
        if c.due_at < now:
            return Tag(str(gettext_lazy("Quá hạn, chưa trả lời")), "red")
        return Tag(str(gettext_lazy("Đang chờ trả lời")), "yellow")

    return [
        ConsultationRow(
            agency=c.agency.name,
            requested_at=c.requested_at,
            due_at=c.due_at,
            note=c.note,
            answered_at=c.answered_at,
            answer=c.answer,
            state=state(c),
        )
        for c in consultations
    ]
