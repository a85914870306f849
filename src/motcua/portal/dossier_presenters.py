"""Plain data for the citizen's pages about dossiers: the list, one dossier, the public lookup.

Only what concerns the applicant: the citizen-facing steps (internal steps are grouped as "the
agency processes the dossier"), what was asked of them, and no officer's name.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Component, ProcessStep
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus
from motcua.dossiers.paper.forms import FORM_TITLES, slips_available
from motcua.dossiers.selectors import PublicStatus, ResultLink, result_links
from motcua.portal.selectors import InboxEntry, Need

STATUS_COLOURS: dict[str, str] = {
    DossierStatus.RECEIVED: "blue",
    DossierStatus.PROCESSING: "blue",
    DossierStatus.SUPPLEMENT_REQUESTED: "yellow",
    DossierStatus.RESULT_READY: "green",
    DossierStatus.RETURNED: "green",
    DossierStatus.REFUSED: "red",
    DossierStatus.STOPPED: "red",
    DossierStatus.WITHDRAWN: "grey",
}


def status_label(status: str) -> str:
    try:
        return str(DossierStatus(status).label)
    except ValueError:
        return status


@dataclass(frozen=True)
class DossierRow:
    code: str
    procedure_name: str
    status_label: str
    colour: str
    received_at: datetime
    due_at: datetime | None


def dossier_row(dossier: Dossier) -> DossierRow:
    return DossierRow(
        code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        status_label=status_label(dossier.status),
        colour=STATUS_COLOURS.get(dossier.status, "blue"),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
    )


@dataclass(frozen=True)
class StepView:
    title: str
    state: str  # done, current, waiting
    state_label: str
    colour: str
    finished_at: datetime | None


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    text: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class DocumentView:
    component: str
    name: str
    size: int


@dataclass(frozen=True)
class SlipLink:
    """A form of Circular 03/2025 the citizen can download (a PDF served by the API)."""

    form: str
    title: str
    url: str


@dataclass(frozen=True)
class DossierView:
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    colour: str
    received_at: datetime
    due_at: datetime | None
    closed_at: datetime | None
    receiving_agency: str
    competent_agency: str
    steps: tuple[StepView, ...]
    history: tuple[HistoryLine, ...]
    documents: tuple[DocumentView, ...]
    supplement_open: bool
    supplement_request: tuple[str, ...]
    slips: tuple[SlipLink, ...] = ()
    results: tuple[ResultLink, ...] = ()


_STATE = {
    "done": (gettext_lazy("Đã xong"), "green"),
    "current": (gettext_lazy("Đang thực hiện"), "blue"),
    "waiting": (gettext_lazy("Chưa đến"), "grey"),
}


def _steps(dossier: Dossier, events: list[DossierEvent]) -> tuple[StepView, ...]:
    finished = {
        e.from_step: e.at for e in events if e.action == "complete_step" and e.from_step is not None
    }
    steps = list(ProcessStep.objects.filter(version=dossier.procedure_version).order_by("order"))
    closed = dossier.status in {DossierStatus.RETURNED}
    # Citizen-facing steps stand alone; runs of internal steps become one group.
    groups: list[tuple[str, list[int]]] = []
    for step in steps:
        if step.citizen_facing:
            groups.append((step.name, [step.order]))
        elif groups and groups[-1][0] == "":
            groups[-1][1].append(step.order)
        else:
            groups.append(("", [step.order]))
    agency = dossier.competent_agency.name
    views = []
    for title, orders in groups:
        done = closed or all(o in finished for o in orders)
        current = not done and dossier.current_step in orders
        state = "done" if done else "current" if current else "waiting"
        label, colour = _STATE[state]
        views.append(
            StepView(
                title=title or _("%(agency)s xem xét, giải quyết hồ sơ") % {"agency": agency},
                state=state,
                state_label=str(label),
                colour=colour,
                finished_at=finished.get(orders[-1]) if done else None,
            )
        )
    return tuple(views)


def _history(events: list[DossierEvent]) -> tuple[HistoryLine, ...]:
    lines = []
    for event in events:
        details = tuple(r for r in event.reasons or [] if r)
        if event.action == "submit":
            text = _("Hồ sơ được tiếp nhận")
        elif event.action == "request_supplement":
            text = _("Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ")
            details = (*details, *([event.note] if event.note else []))
        elif event.action == "supplement":
            text = _("Bạn đã bổ sung hồ sơ")
        elif event.action == "refuse":
            text = _("Cơ quan từ chối giải quyết hồ sơ")
        elif event.action == "stop":
            text = _("Cơ quan dừng giải quyết hồ sơ")
        elif event.action == "withdraw":
            text = _("Hồ sơ được rút")
        elif event.action == "fee_paid":
            text = _("Đã nộp phí, lệ phí")
            details = (*details, *([event.note] if event.note else []))
        elif event.action == "apology_approve":
            text = _("Cơ quan xin lỗi vì chậm giải quyết và hẹn lại ngày trả kết quả")
            if event.due_after:
                details = (
                    *details,
                    _("Ngày hẹn mới: %(day)s") % {"day": f"{event.due_after:%d/%m/%Y}"},
                )
        elif event.action == "complete_step" and event.to_status != event.from_status:
            text = status_label(event.to_status)
        else:
            continue
        lines.append(HistoryLine(at=event.at, text=str(text), details=details))
    return tuple(lines)


def dossier_view(dossier: Dossier) -> DossierView:
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    names = dict(
        Component.objects.filter(version=dossier.procedure_version).values_list("code", "name")
    )
    request = next((e for e in reversed(events) if e.action == "request_supplement"), None)
    supplement_request: tuple[str, ...] = ()
    if request is not None:
        supplement_request = (
            *[r for r in request.reasons or [] if r],
            *([request.note] if request.note else []),
        )
    return DossierView(
        code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        status=dossier.status,
        status_label=status_label(dossier.status),
        colour=STATUS_COLOURS.get(dossier.status, "blue"),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        closed_at=dossier.closed_at,
        receiving_agency=dossier.receiving_agency.name,
        competent_agency=dossier.competent_agency.name,
        steps=_steps(dossier, events),
        history=_history(events),
        documents=tuple(
            DocumentView(
                component=names.get(d.component_code, d.component_code),
                name=d.original_name,
                size=d.size,
            )
            for d in dossier.documents.order_by("pk")
        ),
        supplement_open=dossier.status == DossierStatus.SUPPLEMENT_REQUESTED,
        supplement_request=supplement_request,
        slips=tuple(
            SlipLink(
                form=form,
                title=FORM_TITLES[form],
                url=f"/api/v1/dossiers/{dossier.code}/slips/{form}/",
            )
            for form in slips_available(dossier=dossier)
        ),
        results=result_links(dossier),
    )


@dataclass(frozen=True)
class LookupView:
    code: str
    procedure_name: str
    status_label: str
    colour: str
    receiving_unit: str
    competent_agency: str
    received_at: datetime
    due_at: datetime | None
    closed_at: datetime | None


def lookup_view(status: PublicStatus) -> LookupView:
    return LookupView(
        code=status.code,
        procedure_name=status.procedure_name,
        status_label=status.status_label,
        colour=STATUS_COLOURS.get(status.status, "blue"),
        receiving_unit=status.receiving_unit or status.receiving_agency,
        competent_agency=status.competent_agency,
        received_at=status.received_at,
        due_at=status.due_at,
        closed_at=status.closed_at,
    )


@dataclass(frozen=True)
class InboxRow:
    """One thing the citizen has to do, with the page where they do it."""

    action: str
    explanation: str
    url: str
    row: DossierRow


def _inbox_texts(need: Need) -> tuple[str, str]:
    texts = {
        Need.SUPPLEMENT: (
            _("Bổ sung hồ sơ"),
            _("Cơ quan giải quyết yêu cầu bổ sung; thời hạn tạm dừng đến khi bạn gửi bổ sung."),
        ),
        Need.PAYMENT: (
            _("Nộp phí, lệ phí"),
            _("Hồ sơ chờ bạn nộp phí, lệ phí để được giải quyết tiếp."),
        ),
        Need.COLLECT: (
            _("Nhận kết quả"),
            _("Đã có kết quả: xem cách nhận trên trang hồ sơ."),
        ),
        Need.RATE: (
            _("Đánh giá"),
            _("Hồ sơ đã trả kết quả: cho biết bạn có hài lòng không."),
        ),
    }
    return texts[need]


def inbox_view(entries: Sequence[InboxEntry]) -> list[InboxRow]:
    found = []
    for entry in entries:
        action, explanation = _inbox_texts(entry.need)
        name = "portal:dossier_rating" if entry.need == Need.RATE else "portal:my_dossier"
        url = reverse(name, kwargs={"code": entry.dossier.code})
        found.append(InboxRow(action, explanation, url, dossier_row(entry.dossier)))
    return found
