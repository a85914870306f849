"""Officers' pages for feedback (route, forward, answer, publish) and their units' dashboards."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Agency, User
from motcua.core.errors import DomainError
from motcua.core.templatetags.design import number_text
from motcua.feedback.models import OPEN_STATUSES, FeedbackCategory
from motcua.feedback.selectors import feedback_agencies_of, feedback_visible_to
from motcua.feedback.services import (
    feedback_answer,
    feedback_forward,
    feedback_not_accept,
    feedback_route,
)
from motcua.reporting.presenters import (
    group_cells,
    indicator_rows,
    period_from,
    trend_axes,
    trend_rows,
)
from motcua.reporting.selectors import agency_index, late_dossiers, officer_steps


class RouteForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Phân loại"),
        choices=[c for c in FeedbackCategory.choices if c[0] != FeedbackCategory.UNCLASSIFIED],
    )
    agency_code = forms.ChoiceField(label=gettext_lazy("Cơ quan có thẩm quyền"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_code"].choices = [  # type: ignore[attr-defined]
            (a.code, a.name) for a in Agency.objects.order_by("code")
        ]


class ForwardForm(forms.Form):
    to = forms.CharField(
        label=gettext_lazy("Chuyển đến cơ quan (ngoài hệ thống)"),
        max_length=300,
        error_messages={"required": gettext_lazy("Vui lòng nhập tên cơ quan có thẩm quyền.")},
    )


class NotAcceptForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do không đủ điều kiện xử lý"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Vui lòng nêu lý do không đủ điều kiện xử lý.")},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Nội dung trả lời"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Vui lòng nhập nội dung trả lời.")},
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Công khai câu trả lời (liên quan đến nhiều người)"), required=False
    )
    substantiated = forms.BooleanField(
        label=gettext_lazy("Phản ánh về hành vi, thái độ là có cơ sở"), required=False
    )


def _officer(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required let only a signed-in user in
    return user


@login_required
def feedback_queue(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    now = timezone.now()
    rows = (
        feedback_visible_to(user=user, at=now)
        .select_related("agency")
        .annotate(
            closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "-escalation_level", "due_at", "code")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    items = [
        {
            "code": f.code,
            "title": f.title,
            "category": f.get_category_display(),
            "agency": f.agency.name,
            "status": f.get_status_display(),
            "due_at": f.due_at,
            "late": f.status in OPEN_STATUSES and (f.due_at < now or f.escalation_level > 0),
            "escalation": f.escalation_level,
        }
        for f in page
    ]
    return render(request, "backoffice/feedback_queue.html", {"page": page, "items": items})


@login_required
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _officer(request)
    now = timezone.now()
    item = feedback_visible_to(user=user, at=now).select_related("agency").filter(code=code).first()
    if item is None:
        raise Http404
    action = request.POST.get("thao_tac", "")
    route_form = RouteForm(request.POST if action == "route" else None)
    forward_form = ForwardForm(request.POST if action == "forward" else None)
    answer_form = AnswerForm(request.POST if action == "answer" else None)
    not_accept_form = NotAcceptForm(request.POST if action == "not_accept" else None)
    if request.method == "POST":
        try:
            if action == "route" and route_form.is_valid():
                feedback_route(code=item.code, actor=user, at=now, **route_form.cleaned_data)
                messages.success(request, _("Đã chuyển phản ánh, kiến nghị."))
                return redirect("backoffice:feedback", code=item.code)
            if action == "forward" and forward_form.is_valid():
                feedback_forward(
                    code=item.code, actor=user, at=now, to=forward_form.cleaned_data["to"]
                )
                messages.success(request, _("Đã chuyển cơ quan có thẩm quyền."))
                return redirect("backoffice:feedback", code=item.code)
            if action == "not_accept" and not_accept_form.is_valid():
                feedback_not_accept(
                    code=item.code,
                    actor=user,
                    at=now,
                    reason=not_accept_form.cleaned_data["reason"],
                )
                messages.success(request, _("Đã ghi nhận không đủ điều kiện xử lý."))
                return redirect("backoffice:feedback", code=item.code)
            if action == "answer" and answer_form.is_valid():
                feedback_answer(code=item.code, actor=user, at=now, **answer_form.cleaned_data)
                messages.success(request, _("Đã gửi trả lời."))
                return redirect("backoffice:feedback", code=item.code)
        except DomainError as error:
            target = {
                "route": route_form,
                "forward": forward_form,
                "not_accept": not_accept_form,
            }.get(action, answer_form)
            target.add_error(None, error.message)
    mine = item.agency_id in feedback_agencies_of(user=user, at=now) or user.is_superuser
    context = {
        "item": item,
        "events": list(item.events.order_by("seq")),
        "open": item.status in OPEN_STATUSES,
        "may_act": mine,
        "route_form": route_form,
        "forward_form": forward_form,
        "answer_form": answer_form,
        "not_accept_form": not_accept_form,
        "late": item.status in OPEN_STATUSES and (item.due_at < now or item.escalation_level > 0),
    }
    return render(request, "backoffice/feedback_detail.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The index of each of the officer's agencies, step outcomes per officer, late dossiers."""
    user = _officer(request)
    period, year = period_from(request.GET.get("nam", ""))
    ids = feedback_agencies_of(user=user, at=timezone.now())
    agencies = list(Agency.objects.filter(pk__in=ids).order_by("code"))
    today = timezone.localdate()
    units = []
    for agency in agencies:
        value = agency_index(agency, period, on=today)
        units.append(
            {
                "agency": agency,
                "total": number_text(value.total, decimals=2),
                "groups": group_cells(value),
                "rows": indicator_rows(value, minimum=0),
            }
        )
    steps = [
        {
            "officer": str(s.officer),
            "early": s.early,
            "on_time": s.on_time,
            "late": s.late,
            "total": s.total,
        }
        for s in officer_steps(period, agency_ids=ids)
    ]
    late = [
        {
            "code": d.code,
            "procedure": d.procedure_version.name,
            "status": d.get_status_display(),
            "due_at": d.due_at,
            "closed_at": d.closed_at,
        }
        for d in late_dossiers(agency_ids=ids, period=period)
    ]
    context = {
        "year": year,
        "units": units,
        "steps": steps,
        "late": late,
        "trend": (trend := trend_rows(period, minimum=0, agency_ids=tuple(ids))),
        "trend_axes": trend_axes(trend),
    }
    return render(request, "backoffice/dashboard.html", context)
