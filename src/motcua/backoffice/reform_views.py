"""The reform team's pages (tổ công tác cải cách): register, overlaps, plans, tasks, mining, reports.

Only officers holding the reform-team role (or an administrator) see them, and each sees the
objects of the agencies in their scope (:mod:`motcua.reform.permissions`): every list below is
filtered by it and every single object is fetched through it, so another agency's task, plan or
finding answers 404 and the attempt is audited. Views translate the request, make one domain call
and render plain data.
"""

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.backoffice.access import is_reform_team
from motcua.backoffice.reform_forms import (
    AssumptionsForm,
    ExtendForm,
    ImportForm,
    JudgeForm,
    PlanForm,
    ReportForm,
    TaskForm,
    add_problems,
)
from motcua.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from motcua.reform import mining, overlap_eval, reports, selectors, services
from motcua.reform.costs import ASSUMPTION_KEYS
from motcua.reform.models import Judgement, ReformTask
from motcua.reform.permissions import ReformScope, reform_object_get, reform_scope

View = Callable[..., HttpResponseBase]


def reform_team_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = cast(User, request.user)
        today = timezone.localdate()
        if not is_reform_team(user=user, on=today):
            return render(
                request,
                "backoffice/forbidden.html",
                {"message": _("Chỉ cán bộ thuộc tổ công tác cải cách mới xem được trang này.")},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapped


def _actor(request: HttpRequest) -> str:
    return actor_for(cast(User, request.user))


def _scope(request: HttpRequest) -> ReformScope:
    return reform_scope(user=request.user, on=timezone.localdate())


def _task(request: HttpRequest, pk: int) -> ReformTask:
    try:
        return reform_object_get(
            objects=_scope(request).tasks(), pk=pk, user=request.user, at=timezone.now()
        )
    except NotFound as error:
        raise Http404(error.message) from error


@reform_team_only
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scope = _scope(request)
    boards = selectors.task_board(today=today, scope=scope)
    per_agency, overall = selectors.cost_summary(on=today, scope=scope)
    return render(
        request,
        "backoffice/reform/home.html",
        {
            "totals": selectors.task_totals(boards),
            "per_agency": per_agency,
            "overall": overall,
            "findings": selectors.findings_counts(scope=scope),
            "register": selectors.register_agencies(scope=scope),
            "target_procedures": settings.MOTCUA_REFORM_TARGET_PROCEDURES_PERCENT,
            "target_cost": settings.MOTCUA_REFORM_TARGET_COST_PERCENT,
        },
    )


@reform_team_only
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = services.internal_procedures_import(
                    scope=_scope(request),
                    data=upload.read(),
                    filename=upload.name,
                    actor=_actor(request),
                    at=timezone.now(),
                )
            except ValidationFailed as error:
                add_problems(form, error)
            else:
                messages.success(
                    request,
                    _("Đã nhập %(n)s thủ tục nội bộ của %(a)s cơ quan (%(new)s mới).")
                    % {
                        "n": len(summary.created) + len(summary.updated),
                        "a": len(summary.agencies),
                        "new": len(summary.created),
                    },
                )
                return redirect("backoffice:reform_register")
    return render(
        request,
        "backoffice/reform/register.html",
        {"form": form, "procedures": selectors.internal_procedures(scope=_scope(request))},
        status=400 if form.errors else 200,
    )


@reform_team_only
@require_GET
def overlaps(request: HttpRequest) -> HttpResponse:
    rows = [
        {"finding": f, "form": JudgeForm(initial={"judgement": f.judgement or "overlap"})}
        for f in selectors.findings_list(scope=_scope(request))
    ]
    return render(
        request,
        "backoffice/reform/overlaps.html",
        {
            "rows": rows,
            "judgements": dict(Judgement.choices),
            "figures": overlap_eval.REPORTED,
            "fresh": overlap_eval.REPORTED_FRESH,
            "unseen": overlap_eval.REPORTED_UNSEEN,
        },
    )


@reform_team_only
@require_POST
def overlaps_scan(request: HttpRequest) -> HttpResponse:
    services.overlaps_scan_request(actor=_actor(request), at=timezone.now())
    messages.success(
        request,
        _(
            "Đã gửi yêu cầu rà soát. Máy chủ nền so sánh từng cặp thủ tục đang có hiệu lực; "
            "kết quả hiện trên trang này sau vài phút."
        ),
    )
    return redirect("backoffice:reform_overlaps")


@reform_team_only
@require_POST
def overlap_judge(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        reform_object_get(
            objects=_scope(request).findings(), pk=pk, user=request.user, at=timezone.now()
        )
    except NotFound as error:
        raise Http404(error.message) from error
    form = JudgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn một kết luận cho cặp thủ tục này."))
        return redirect(reverse("backoffice:reform_overlaps") + f"#ket-qua-{pk}")
    services.overlap_judge(
        scope=_scope(request),
        finding_id=pk,
        judgement=form.cleaned_data["judgement"],
        note=form.cleaned_data["note"],
        actor=_actor(request),
        at=timezone.now(),
    )
    messages.success(request, _("Đã lưu kết luận."))
    return redirect(reverse("backoffice:reform_overlaps") + f"#ket-qua-{pk}")


@reform_team_only
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scope = _scope(request)
    subjects = selectors.subjects_for_plans(on=today, scope=scope)
    ref = request.POST.get("ref") or request.GET.get("thu_tuc", "")
    # A plan is drafted only for a procedure in the team's scope.
    in_scope = ref in {r for r, _label in subjects}
    subject = selectors.subject_describe(ref=ref, on=today) if ref and in_scope else None
    form: PlanForm | None = None
    if subject is not None:
        options = {"steps": subject.steps, "documents": subject.documents}
        if request.method == "POST":
            form = PlanForm(request.POST, **options)
            if form.is_valid():
                try:
                    plan = services.plan_create(
                        scope=_scope(request),
                        ref=ref,
                        cuts=form.cuts(),
                        legal_change=form.cleaned_data["legal_change"] or "",
                        responsible_agency=form.cleaned_data["responsible_agency"] or "",
                        deadline=form.cleaned_data["deadline"],
                        year=form.cleaned_data["year"],
                        actor=_actor(request),
                        at=timezone.now(),
                    )
                except ValidationFailed as error:
                    add_problems(form, error)
                else:
                    return redirect("backoffice:reform_plan", pk=plan.pk)
        else:
            form = PlanForm(
                initial={"ref": ref, "year": today.year, "responsible_agency": subject.agency},
                **options,
            )
    return render(
        request,
        "backoffice/reform/plans.html",
        {
            "subjects": subjects,
            "ref": ref,
            "subject": subject,
            "form": form,
            "rows": selectors.plans_list(scope=scope),
        },
    )


@reform_team_only
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's costing with every input shown; the team edits the assumptions here."""
    try:
        plan = reform_object_get(
            objects=_scope(request).plans(), pk=pk, user=request.user, at=timezone.now()
        )
    except NotFound as error:
        raise Http404(error.message) from error
    current = selectors.plan_assumptions(plan)
    initial: dict[str, Any] = {}
    for key in ASSUMPTION_KEYS:
        initial[key] = getattr(current, key).value
        initial[f"{key}_source"] = getattr(current, key).source
    form = AssumptionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_assumptions_set(
                plan=plan,
                values={k: form.cleaned_data[k] for k in ASSUMPTION_KEYS},
                sources={k: form.cleaned_data[f"{k}_source"] for k in ASSUMPTION_KEYS},
                actor=_actor(request),
                at=timezone.now(),
            )
        except ValidationFailed as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Đã lưu giả định và tính lại chi phí."))
            return redirect("backoffice:reform_plan", pk=plan.pk)
    row = selectors.plan_row(plan)
    return render(request, "backoffice/reform/plan.html", {"row": row, "plan": plan, "form": form})


@reform_team_only
@require_http_methods(["GET", "POST"])
def tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    scope = _scope(request)
    # A task is assigned only to an agency in the team's scope.
    form = TaskForm(agencies=scope.agencies())
    if request.method == "POST":
        form = TaskForm(request.POST, agencies=scope.agencies())
        if form.is_valid():
            try:
                services.task_create(
                    scope=_scope(request),
                    title=form.cleaned_data["title"],
                    agency=form.cleaned_data["agency"],
                    deadline=form.cleaned_data["deadline"],
                    source=form.cleaned_data["source"],
                    actor=_actor(request),
                    at=timezone.now(),
                )
            except ValidationFailed as error:
                add_problems(form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("backoffice:reform_tasks")
    agency = request.GET.get("co_quan", "")
    boards = selectors.task_board(today=today, scope=scope, agency_code=agency)
    return render(
        request,
        "backoffice/reform/tasks.html",
        {
            "boards": boards,
            "totals": selectors.task_totals(boards),
            "form": form,
            "extend_form": ExtendForm(initial={"decided_on": today}),
            "agency": agency,
            "labels": selectors.TASK_STATUS_LABELS,
            "today": today,
        },
    )


@reform_team_only
@require_POST
def task_extend(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.task_extend(
                scope=_scope(request),
                task=task,
                new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
                actor=_actor(request),
                at=timezone.now(),
            )
        except (ValidationFailed, Conflict) as error:
            messages.error(request, _problem_text(error))
        else:
            messages.success(request, _("Đã ghi nhận gia hạn."))
    else:
        messages.error(request, _("Nhập đủ thời hạn mới, ngày quyết định và lý do gia hạn."))
    return redirect("backoffice:reform_tasks")


@reform_team_only
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    try:
        services.task_complete(
            scope=_scope(request),
            task=task,
            done_on=timezone.localdate(),
            actor=_actor(request),
            at=timezone.now(),
        )
    except Conflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận hoàn thành."))
    return redirect("backoffice:reform_tasks")


def _problem_text(error: DomainError) -> str:
    details = "; ".join(p.message for p in error.problems)
    return f"{error.message} {details}".strip()


def _period(request: HttpRequest) -> tuple[date | None, date | None]:
    def parse(value: str) -> date | None:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None

    return parse(request.GET.get("tu", "")), parse(request.GET.get("den", ""))


@reform_team_only
@require_GET
def processes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/reform/processes.html",
        {"rows": selectors.procedures_with_dossiers(scope=_scope(request))},
    )


@reform_team_only
@require_GET
def process_detail(request: HttpRequest, code: str) -> HttpResponse:
    start, end = _period(request)
    scope = _scope(request)
    log = mining.event_log(code=code, scope=scope, start=start, end=end)
    if not log.traces:
        raise Http404
    discovery = mining.discover(log)
    return render(
        request,
        "backoffice/reform/process.html",
        {
            "code": code,
            "d": discovery,
            "svg": mining.process_svg(discovery),
            "officers": discovery.officer_rows(),
            "variants": discovery.variants.most_common(5),
            "start": start,
            "end": end,
            "actual": selectors.actual_figures(
                code=code,
                start=start or timezone.localdate() - timedelta(days=365),
                end=end or timezone.localdate() + timedelta(days=1),
                scope=scope,
            ),
        },
    )


@reform_team_only
@require_GET
def process_xes(request: HttpRequest, code: str) -> HttpResponseBase:
    start, end = _period(request)
    log = mining.event_log(code=code, scope=_scope(request), start=start, end=end)
    if not log.traces:
        raise Http404
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in mining.xes_export(log)), content_type="application/xml"
    )
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in code)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{safe}.xes"'
    return response


@reform_team_only
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The report to the Government Office: the page shows what the XLSX and the PDF hold."""
    today = timezone.localdate()
    scope = _scope(request)
    agencies = [name for _code, name, _n in selectors.register_agencies(scope=scope)]
    data = request.GET.copy() if request.GET else None
    if data is not None:
        data.setdefault("start", date(today.year, 1, 1).isoformat())
        data.setdefault("end", today.isoformat())
    form = ReportForm(
        data if data is not None else {"start": date(today.year, 1, 1), "end": today},
        agencies=agencies,
    )
    built = None
    if form.is_valid():
        built = reports.report_build(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            agency=form.cleaned_data["agency"],
            today=today,
            scope=scope,
        )
        kind = form.cleaned_data["kind"]
        if kind in ("pdf", "xlsx"):
            if kind == "pdf":
                response = HttpResponse(reports.report_pdf(built), content_type="application/pdf")
            else:
                response = HttpResponse(
                    reports.report_xlsx(built),
                    content_type=(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    ),
                )
            response["Content-Disposition"] = f'attachment; filename="bao-cao-cai-cach.{kind}"'
            return response
    year = today.year
    query = {k: v for k, v in form.data.items() if k in ("start", "end", "agency")}
    return render(
        request,
        "backoffice/reform/report.html",
        {
            "form": form,
            "report": built,
            "sections": [
                (s, [list(zip(s.head, row, strict=True)) for row in reports.report_rows(s)])
                for s in built.sections
            ]
            if built
            else [],
            "xlsx_query": urlencode({**query, "kind": "xlsx"}),
            "pdf_query": urlencode({**query, "kind": "pdf"}),
            "norms": selectors.norms_of(year),
            "year": year,
        },
    )
