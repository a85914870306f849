"""The back-office: sign in, home, counter intake, work queue, the dossier page and its actions.

Views translate the request, make one domain call and render plain data from ``presenters``.
"""

from collections.abc import Callable
from contextlib import suppress
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.accounts.selectors import communes_by_province, officer_roles
from motcua.appointments.selectors import appointment_at, booked_personal_id
from motcua.backoffice import presenters
from motcua.backoffice.access import is_reform_team, may_receive_at_counter
from motcua.backoffice.acted import acted_at
from motcua.backoffice.assignment_views import assignment_section
from motcua.backoffice.delivery_forms import IntakePostForm
from motcua.backoffice.delivery_section import ResendForm, post_section
from motcua.backoffice.forms import (
    ActionForm,
    ApologyForm,
    ConsultAnswerForm,
    ConsultRequestForm,
    IntakeComponent,
    IntakeForm,
    OfficerLoginForm,
)
from motcua.backoffice.oversight import oversight_links
from motcua.backoffice.payment_views import fee_section
from motcua.backoffice.presenters import officer_role
from motcua.backoffice.provenance import provenance_rows
from motcua.backoffice.result_views import result_draft_section
from motcua.backoffice.selectors import (
    QUEUE_COUNT_CAP,
    QUEUE_COUNTS_KEPT,
    QueueCursor,
    applicant_find,
    consult_agency_choices,
    intake_units,
    officer_one_stop_unit,
    officer_queue,
)
from motcua.catalog.models import Component
from motcua.catalog.selectors import procedure_search, procedure_version_current
from motcua.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from motcua.dossiers.models import Dossier, DossierChannel, DossierStatus
from motcua.dossiers.permissions import dossier_actions_for
from motcua.dossiers.selectors import dossier_apologies, dossier_consultations, result_links
from motcua.dossiers.services import (
    dossier_open_for,
    dossier_submit,
    dossier_submit_by_post,
    dossier_transition,
)
from motcua.dossiers.workflow import Action, action_label

QUEUE_PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 20
#: The receipt (form 01) as PDF, served by the API.
RECEIPT_PDF_URL = "/api/v1/dossiers/{code}/slips/01/"
#: The apology (form 04, once approved) and the process-control slip (form 06).
APOLOGY_PDF_URL = "/api/v1/dossiers/{code}/slips/04/"
CONTROL_PDF_URL = "/api/v1/dossiers/{code}/slips/06/"


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = OfficerLoginForm
    redirect_authenticated_user = True


def _officer(request: HttpRequest) -> User:
    # login_required lets only a signed-in user (never AnonymousUser) through.
    return cast(User, request.user)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    assignments = officer_roles(user=user, on=timezone.localdate())
    roles = [officer_role(a) for a in assignments]
    reform_team = is_reform_team(user=user, on=timezone.localdate())
    return render(
        request,
        "backoffice/home.html",
        {
            "officer": user,
            "roles": roles,
            "reform_team": reform_team,
            "oversight": oversight_links(
                user=user, assignments=assignments, on=timezone.localdate()
            ),
        },
    )


def _not_one_stop(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/forbidden.html",
        {
            "message": _(
                "Chỉ cán bộ một cửa đang được phân công tại một bộ phận một cửa mới tiếp nhận "
                "hồ sơ. Liên hệ quản trị viên của cơ quan nếu bạn cần vai trò này."
            )
        },
        status=403,
    )


@login_required
@require_GET
def intake_start(request: HttpRequest) -> HttpResponse:
    """Step 1 of counter intake: find the procedure."""
    today = timezone.localdate()
    if not may_receive_at_counter(user=_officer(request), on=today):
        return _not_one_stop(request)
    query = request.GET.get("q", "").strip()
    page = Paginator(procedure_search(text=query, on=today), SEARCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "backoffice/intake_start.html", {"query": query, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest, procedure_code: str) -> HttpResponse:
    """Step 2 of counter intake: the applicant, the forms and the scans; then the receipt."""
    now = timezone.now()
    today = timezone.localdate(now)
    officer = _officer(request)
    unit = officer_one_stop_unit(user=officer, on=today)
    if unit is None:
        return _not_one_stop(request)
    try:
        version = procedure_version_current(code=procedure_code, on=today)
    except NotFound as error:
        raise Http404(error.message) from error
    components = [
        IntakeComponent(c.code, c.name, c.kind, c.required, c.schema)
        for c in Component.objects.filter(version=version).order_by("order")
    ]
    units = intake_units(unit=unit, on=today)
    choices = [(u.code, u.name) for u in units]
    default_unit = unit.agency.administrative_unit.code
    lookup: dict[str, object] | None = None
    # Lịch hẹn: the citizen came with a booking; the dossier keeps its code.
    booking = appointment_at(unit=unit, code=request.GET.get("lich_hen", ""))
    post_form = IntakePostForm(request.POST or None, communes=communes_by_province(on=today))
    if request.method == "POST":
        form = IntakeForm(
            request.POST, request.FILES, components=components, units=choices, today=today
        )
        if form.is_valid() & post_form.is_valid():
            submit_args: dict[str, Any] = {
                "version": version,
                "applicant": form.applicant_data(),
                "form_data": form.form_data(),
                "documents": form.documents(),
                "administrative_unit_code": form.cleaned_data["administrative_unit"],
                "receiving_unit": unit,
                "actor": officer,
                "at": now,
                "appointment_code": booking.code if booking is not None else "",
                **post_form.submit_arguments(),
            }
            try:
                if post_form.by_post:
                    result = dossier_submit_by_post(
                        inbound_tracking_number=post_form.cleaned_data["inbound_tracking_number"],
                        **submit_args,
                    )
                else:
                    result = dossier_submit(channel=DossierChannel.COUNTER, **submit_args)
            except ValidationFailed as error:
                form.add_problems(post_form.take_problems(list(error.problems)))
                if not error.problems:
                    form.add_error(None, error.message)
            else:
                return redirect("backoffice:receipt", code=result.dossier.code)
    else:
        initial: dict[str, object] = {"administrative_unit": default_unit}
        looked_up = request.GET.get("so_dinh_danh", "").strip() or booked_personal_id(booking)
        found = applicant_find(personal_id=looked_up)
        if found is not None:
            initial.update(
                personal_id=found.personal_id,
                name=found.name,
                birth_date=found.birth_date,
                sex=found.sex,
                phone=found.phone,
                email=found.email,
                address=found.address,
            )
        elif looked_up:
            initial["personal_id"] = looked_up
        form = IntakeForm(initial=initial, components=components, units=choices, today=today)
        lookup = {"value": looked_up, "found": found is not None}
    return render(
        request,
        "backoffice/intake.html",
        {
            "form": form,
            "version": version,
            "unit": unit,
            "lookup": lookup,
            "booking": booking,
            "post_form": post_form,
            "blocks": [
                {
                    "component": c,
                    "fields": form.form_fields(c.code) if c.kind == "form" else [],
                    "file": form.document_field(c.code) if c.kind == "document" else None,
                }
                for c in components
            ],
        },
        status=400 if form.is_bound and (form.errors or post_form.errors) else 200,
    )


def _get_dossier(request: HttpRequest, code: str, *, purpose: str) -> Dossier:
    """The dossier the officer may see, the read (or its refusal) written to the audit log."""
    try:
        return dossier_open_for(
            user=_officer(request), code=code, at=timezone.now(), purpose=purpose
        )
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả, form 01) as a printable page."""
    dossier = _get_dossier(request, code, purpose="receipt")
    return render(
        request,
        "backoffice/receipt.html",
        {
            "dossier": dossier,
            "components": presenters.receipt_components(dossier),
            "pdf_url": RECEIPT_PDF_URL.format(code=dossier.code),
        },
    )


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The officer's work queue: late first, then the soonest due."""
    now = timezone.now()
    status = request.GET.get("trang_thai", "")
    if status not in DossierStatus.values:
        status = ""
    procedure = request.GET.get("thu_tuc", "").strip()
    after = None
    with suppress(ValueError):
        # A cursor that is not one we wrote (edited by hand) starts the queue from the top.
        after = QueueCursor.decode(request.GET.get("sau", "")) if request.GET.get("sau") else None
    found = officer_queue(
        user=_officer(request),
        now=now,
        status=status,
        procedure=procedure,
        after=after,
        size=QUEUE_PAGE_SIZE,
        counted_after=acted_at(request),
    )
    return render(
        request,
        "backoffice/queue.html",
        {
            "rows": presenters.queue_rows(found.dossiers),
            "late": presenters.count_capped(found.late, QUEUE_COUNT_CAP),
            "due_today": presenters.count_capped(found.due_today, QUEUE_COUNT_CAP),
            "total": presenters.count_capped(found.total, QUEUE_COUNT_CAP),
            "has_late": found.late > 0,
            "counted_at": found.counted_at,
            "counts_kept_seconds": int(QUEUE_COUNTS_KEPT.total_seconds()),
            "first_url": _queue_url(request, None) if after else "",
            "next_url": _queue_url(request, found.next) if found.next else "",
            "status": status,
            "procedure": procedure,
            "statuses": DossierStatus.choices,
            "now": now,
        },
    )


def _queue_url(request: HttpRequest, cursor: QueueCursor | None) -> str:
    """The queue with the same filters, from its top or after ``cursor``."""
    query = request.GET.copy()
    query.pop("sau", None)
    if cursor is not None:
        query["sau"] = cursor.encode()
    return f"{request.path}?{query.urlencode()}" if query else request.path


def _apology_initial(dossier: Dossier, apology: presenters.ApologyInfo | None) -> dict[str, object]:
    initial: dict[str, object] = {"version": dossier.version}
    if apology is not None and not apology.approved:
        # The draft holds only what the system knows (how late, at which step); the reasons are
        # left empty for the officer to write, which the form requires.
        initial["new_due_on"] = timezone.localdate(apology.proposed_due_at)
    return initial


def _dossier_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    form: ActionForm | None = None,
    apology_form: ApologyForm | None = None,
    consult_form: ConsultRequestForm | None = None,
    answer_form: ConsultAnswerForm | None = None,
    resend_form: ResendForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    actions = dossier_actions_for(user=_officer(request), dossier=dossier, on=today)
    apology = presenters.apology_info(
        list(dossier_apologies(dossier=dossier)),
        agency_code=dossier.competent_agency.code,
        now=now,
    )
    if Action.APOLOGY_APPROVE in actions and apology_form is None:
        apology_form = ApologyForm(initial=_apology_initial(dossier, apology))
    if Action.CONSULT_REQUEST in actions and consult_form is None:
        consult_form = ConsultRequestForm(
            initial={"version": dossier.version},
            agencies=consult_agency_choices(dossier=dossier, on=today),
        )
    if Action.CONSULT_ANSWER in actions and answer_form is None:
        answer_form = ConsultAnswerForm(initial={"version": dossier.version})
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "status_tag": presenters.status_tag(dossier.status),
            "forms": presenters.form_blocks(dossier),
            "documents": presenters.document_rows(dossier),
            "provenance": provenance_rows(dossier),
            "history": presenters.history_rows(dossier),
            "actions": presenters.plain_action_choices(actions),
            "suggested": presenters.suggested_action(presenters.plain_action_choices(actions)),
            "step_name": presenters.step_name(dossier),
            "action_form": form,
            "apology": apology,
            "apology_form": apology_form if Action.APOLOGY_APPROVE in actions else None,
            "consultations": presenters.consultation_rows(
                list(dossier_consultations(dossier=dossier)), now=now
            ),
            "consult_form": consult_form if Action.CONSULT_REQUEST in actions else None,
            "answer_form": answer_form if Action.CONSULT_ANSWER in actions else None,
            "post": post_section(dossier, user=_officer(request), resend_form=resend_form),
            "fee": fee_section(dossier, user=_officer(request)),
            "assignment": assignment_section(dossier, user=_officer(request)),
            "problem": problem,
            "now": now,
            "pdf_url": RECEIPT_PDF_URL.format(code=dossier.code),
            "apology_pdf_url": APOLOGY_PDF_URL.format(code=dossier.code),
            "control_pdf_url": CONTROL_PDF_URL.format(code=dossier.code),
            "results": result_links(dossier, signed_only=False),
            "result_draft": result_draft_section(dossier, user=_officer(request)),
        },
        status=status,
    )


@login_required
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _dossier_page(request, _get_dossier(request, code, purpose="view"))


@login_required
@require_POST
def dossier_action(request: HttpRequest, code: str) -> HttpResponse:
    """One action on the dossier, as the version of the dossier the officer saw."""
    dossier = _get_dossier(request, code, purpose="action")
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _dossier_page(
            request, dossier, problem=_("Thao tác không hợp lệ; hãy tải lại trang."), status=400
        )
    seen = dossier.version
    dossier.version = form.cleaned_data["version"]
    action = form.cleaned_data["action"]
    try:
        dossier_transition(
            dossier=dossier,
            action=action,
            actor=_officer(request),
            at=timezone.now(),
            note=form.cleaned_data["note"],
            reasons=form.reason_lines(),
        )
    except Conflict as error:
        fresh = _get_dossier(request, code, purpose="action")
        message = error.message
        if seen != form.cleaned_data["version"]:
            message = _(
                "Hồ sơ %(code)s vừa được cán bộ khác xử lý trước bạn, nên thao tác “%(action)s” "
                "chưa được thực hiện. Trang đã được tải lại với tình trạng mới nhất của hồ sơ."
            ) % {"code": code, "action": action_label(action)}
        return _dossier_page(request, fresh, problem=message, status=409)
    except Forbidden as error:
        return _dossier_page(
            request,
            _get_dossier(request, code, purpose="action"),
            problem=error.message,
            status=403,
        )
    except ValidationFailed as error:
        form.add_error("reasons", error.problems[0].message if error.problems else error.message)
        return _dossier_page(
            request,
            _get_dossier(request, code, purpose="action"),
            form=form,
            problem=error.message,
            status=400,
        )
    messages.success(
        request,
        _("Đã thực hiện: %(action)s.") % {"action": action_label(action)},
    )
    return redirect("backoffice:dossier", code=code)


@login_required
@require_GET
def document_download(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """Stream a document of a dossier the officer may see (scoped like the dossier itself)."""
    dossier = _get_dossier(request, code, purpose=f"document:{pk}")
    document = dossier.documents.filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy giấy tờ."))
    return FileResponse(
        default_storage.open(document.file.name, "rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


SideForm = ApologyForm | ConsultRequestForm | ConsultAnswerForm
#: Where each problem the dossier service names is shown on the side forms.
_SIDE_FIELDS = {"reasons", "new_due_on", "agencies", "working_days", "note"}


def _side_action(
    request: HttpRequest,
    code: str,
    *,
    action: Action,
    form: SideForm,
    arguments: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """Run one side action (apology, consultation) from its own form; problems go next to fields.

    ``arguments`` gives the keyword arguments of :func:`dossier_transition` from the cleaned form.
    """
    dossier = _get_dossier(request, code, purpose="action")

    def again(problem: str = "", status: int = 400) -> HttpResponse:
        return _dossier_page(
            request,
            _get_dossier(request, code, purpose="action"),
            apology_form=form if isinstance(form, ApologyForm) else None,
            consult_form=form if isinstance(form, ConsultRequestForm) else None,
            answer_form=form if isinstance(form, ConsultAnswerForm) else None,
            problem=problem,
            status=status,
        )

    if not form.is_valid():
        return again()
    seen = dossier.version
    dossier.version = form.cleaned_data["version"]
    try:
        dossier_transition(
            dossier=dossier,
            action=action,
            actor=_officer(request),
            at=timezone.now(),
            **arguments(),
        )
    except ValidationFailed as error:
        placed = False
        for found in error.problems:
            field = found.path.split("[", 1)[0]
            if field in _SIDE_FIELDS and field in form.fields:
                form.add_error(field, found.message)
                placed = True
        return again("" if placed else error.message)
    except Conflict as error:
        message = error.message
        if seen != form.cleaned_data["version"]:
            message = _(
                "Hồ sơ %(code)s vừa được cán bộ khác xử lý trước bạn, nên thao tác “%(action)s” "
                "chưa được thực hiện. Trang đã được tải lại với tình trạng mới nhất của hồ sơ."
            ) % {"code": code, "action": action_label(action)}
        return _dossier_page(
            request, _get_dossier(request, code, purpose="action"), problem=message, status=409
        )
    except Forbidden as error:
        return _dossier_page(
            request,
            _get_dossier(request, code, purpose="action"),
            problem=error.message,
            status=403,
        )
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": action_label(action)})
    return redirect("backoffice:dossier", code=code)


@login_required
@require_POST
def dossier_apology_approve(request: HttpRequest, code: str) -> HttpResponse:
    """The leader approves the apology (form 04) and the new return date, once per dossier."""
    form = ApologyForm(request.POST)
    return _side_action(
        request,
        code,
        action=Action.APOLOGY_APPROVE,
        form=form,
        arguments=lambda: {
            "reasons": form.reason_lines(),
            "new_due_on": form.cleaned_data["new_due_on"],
        },
    )


@login_required
@require_POST
def dossier_consult_request(request: HttpRequest, code: str) -> HttpResponse:
    """The holder of the step asks other agencies for their opinion, each with its due moment."""
    dossier = _get_dossier(request, code, purpose="view")
    form = ConsultRequestForm(
        request.POST,
        agencies=consult_agency_choices(dossier=dossier, on=timezone.localdate()),
    )
    return _side_action(
        request,
        code,
        action=Action.CONSULT_REQUEST,
        form=form,
        arguments=lambda: {
            "agencies": list(form.cleaned_data["agencies"]),
            "working_days": form.cleaned_data["working_days"],
            "note": form.cleaned_data["note"],
        },
    )


@login_required
@require_POST
def dossier_consult_answer(request: HttpRequest, code: str) -> HttpResponse:
    """An officer of a consulted agency gives its opinion, once."""
    form = ConsultAnswerForm(request.POST)
    return _side_action(
        request,
        code,
        action=Action.CONSULT_ANSWER,
        form=form,
        arguments=lambda: {"note": form.cleaned_data["note"]},
    )
