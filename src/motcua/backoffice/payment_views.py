"""Fees in the back-office: record a payment at the counter, print the e-receipt, and the
reconciliation report (đối soát) against the payment gateway's ledger."""

from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officer_has_role, officer_roles
from motcua.backoffice.oversight import REFUSED_RECONCILIATION, may_reconcile
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.fees import (
    dossier_counter_payment,
    dossier_fee_determine,
    dossier_fee_view,
    dossier_receipt,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_open_for
from motcua.payments.gateways import GatewayError
from motcua.payments.models import PaymentMethod
from motcua.payments.selectors import reconciliation_runs
from motcua.payments.services import reconciliation_run
from motcua.payments.words import format_dong


class CounterPaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Hình thức nộp"),
        choices=[
            (PaymentMethod.COUNTER_CASH, PaymentMethod.COUNTER_CASH.label),
            (PaymentMethod.COUNTER_CARD, PaymentMethod.COUNTER_CARD.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Chọn hình thức nộp.")},
    )


class DetermineFeeForm(forms.Form):
    """A fee the sources leave to a regulation: the officer states the amount and its basis."""

    amount = forms.IntegerField(
        label=gettext_lazy("Mức thu (đồng)"),
        help_text=gettext_lazy("Số nguyên đồng, ví dụ 20000; 0 khi người nộp được miễn."),
        min_value=0,
        error_messages={
            "required": gettext_lazy("Nhập mức thu, ví dụ 20000."),
            "invalid": gettext_lazy("Mức thu là số nguyên đồng, ví dụ 20000."),
            "min_value": gettext_lazy("Mức thu không được âm."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Căn cứ"),
        help_text=gettext_lazy("Ví dụ: Điều 4 Thông tư 75/2022/TT-BTC."),
        max_length=500,
        error_messages={"required": gettext_lazy("Ghi căn cứ mức thu.")},
    )


class ReconcileForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Ngày đối soát"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Nhập ngày cần đối soát."),
            "invalid": gettext_lazy("Ngày không hợp lệ."),
        },
    )


def _one_stop(user: User, dossier: Dossier) -> bool:
    return any(
        officer_has_role(
            user=user, agency=agency, role=Role.ONE_STOP_OFFICER, on=timezone.localdate()
        )
        for agency in (dossier.receiving_agency, dossier.competent_agency)
    )


def fee_section(dossier: Dossier, *, user: User) -> dict[str, Any] | None:
    """What the dossier page shows of the fee, or ``None`` when there is no fee and no basis."""
    fee = dossier_fee_view(dossier)
    if fee.amount == 0 and not fee.explanation:
        return None
    one_stop = _one_stop(user, dossier)
    return {
        "view": fee,
        "form": CounterPaymentForm() if one_stop and fee.due and fee.known else None,
        "determine_form": DetermineFeeForm()
        if one_stop and not fee.known and fee.paid_at is None
        else None,
    }


def _dossier(request: HttpRequest, code: str, purpose: str) -> Dossier:
    try:
        return dossier_open_for(
            user=cast(User, request.user), code=code, at=timezone.now(), purpose=purpose
        )
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@require_POST
def dossier_fee_record(request: HttpRequest, code: str) -> HttpResponse:
    """Thu phí tại quầy: the officer records cash or card; the e-receipt is issued at once."""
    dossier = _dossier(request, code, "action")
    form = CounterPaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn hình thức nộp (tiền mặt hoặc thẻ)."))
        return redirect("backoffice:dossier", code=code)
    try:
        payment = dossier_counter_payment(
            dossier=dossier,
            method=form.cleaned_data["method"],
            actor=cast(User, request.user),
            at=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", code=code)
    messages.success(
        request,
        _("Đã ghi nhận %(amount)s, biên lai số %(number)s.")
        % {"amount": format_dong(payment.amount), "number": payment.receipt.number},
    )
    return redirect("backoffice:dossier", code=code)


@login_required
@require_POST
def dossier_fee_set(request: HttpRequest, code: str) -> HttpResponse:
    """Xác định mức thu: a fee left to a regulation gets its amount from the one-stop officer."""
    dossier = _dossier(request, code, "action")
    form = DetermineFeeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("backoffice:dossier", code=code)
    try:
        updated = dossier_fee_determine(
            dossier=dossier,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            actor=cast(User, request.user),
            at=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", code=code)
    messages.success(
        request, _("Đã ghi nhận mức thu %(amount)s.") % {"amount": format_dong(updated.fee_amount)}
    )
    return redirect("backoffice:dossier", code=code)


@login_required
@require_GET
def dossier_fee_receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _dossier(request, code, "receipt")
    try:
        number, pdf = dossier_receipt(dossier=dossier)
    except DomainError as error:
        raise Http404(error.message) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    safe = "".join(c if c.isalnum() else "-" for c in number)
    response["Content-Disposition"] = f'inline; filename="bien-lai-{safe}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reconciliation(request: HttpRequest) -> HttpResponse:
    """Đối soát: every run with its mismatches; a day may be reconciled again on demand."""
    user = cast(User, request.user)
    today = timezone.localdate()
    if not may_reconcile(user=user, assignments=officer_roles(user=user, on=today), on=today):
        return render(
            request,
            "backoffice/forbidden.html",
            {"message": _(REFUSED_RECONCILIATION)},
            status=403,
        )
    yesterday = timezone.localdate() - timedelta(days=1)
    form = ReconcileForm(request.POST or None, initial={"day": yesterday})
    problem = ""
    if request.method == "POST" and form.is_valid():
        day: date = form.cleaned_data["day"]
        try:
            run = reconciliation_run(day=day, at=timezone.now())
        except GatewayError:
            problem = _("Không kết nối được cổng thanh toán; hãy thử lại sau.")
        else:
            messages.success(
                request,
                _("Đã đối soát ngày %(day)s: %(count)s sai lệch.")
                % {"day": day.strftime("%d/%m/%Y"), "count": run.mismatches.count()},
            )
            return redirect("backoffice:reconciliation")
    return render(
        request,
        "backoffice/reconciliation.html",
        {"form": form, "runs": reconciliation_runs(), "problem": problem},
        status=400 if form.errors or problem else 200,
    )
