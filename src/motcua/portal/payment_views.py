"""Paying a dossier's fee online: to the gateway and back, and the e-receipt (biên lai điện tử)."""

import time

from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.fees import dossier_fee_view, dossier_payment_start, dossier_receipt
from motcua.dossiers.models import Dossier
from motcua.payments.gateways import GatewayError
from motcua.payments.models import PaymentStatus
from motcua.payments.services import payment_return_handle
from motcua.portal.account_views import citizen_required
from motcua.portal.selectors import my_dossiers

RETURN_TRIES = 5


def _mine(request: HttpRequest, code: str) -> Dossier:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    dossier = my_dossiers(user=user).filter(code=code).first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    return dossier


def fee_context(dossier: Dossier) -> dict[str, object]:
    """What the dossier page shows of the fee: amount, basis, state, pay button, receipt link."""
    fee = dossier_fee_view(dossier)
    if fee.amount == 0 and not fee.explanation:
        return {}
    return {
        "fee": fee,
        "pay_url": reverse("portal:payment_pay", kwargs={"code": dossier.code}),
        "receipt_url": reverse("portal:payment_receipt", kwargs={"code": dossier.code}),
    }


@citizen_required
@require_POST
def payment_pay(request: HttpRequest, code: str) -> HttpResponse:
    """ "Thanh toán": a pending payment, then the browser goes to the gateway's signed address."""
    dossier = _mine(request, code)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    try:
        checkout = dossier_payment_start(
            dossier=dossier,
            return_url=request.build_absolute_uri(reverse("portal:payment_return")),
            client_ip=str(request.META.get("REMOTE_ADDR", "")),
            at=timezone.now(),
            actor=user,
        )
    except DomainError as error:
        return render(
            request,
            "portal/payment_result.html",
            {"problem": error.message, "code": dossier.code},
            status=409,
        )
    return HttpResponseRedirect(checkout.url)


@citizen_required
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    """Back from the gateway: what the gateway and our records say (the notification decides)."""
    result = None
    # The gateway's notification may be writing the same payment this very moment: a busy
    # database is waited out briefly (reading the outcome is safe to repeat).
    for attempt in range(RETURN_TRIES):
        try:
            result = payment_return_handle(
                gateway="vnpay_style", params=request.GET.dict(), at=timezone.now()
            )
            break
        except GatewayError:
            break
        except DatabaseError:
            if attempt == RETURN_TRIES - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    payment = result.payment if result is not None else None
    if payment is not None and not my_dossiers(user=user).filter(code=payment.reference).exists():
        payment = None
    state = "invalid"
    if result is not None and result.valid and payment is not None:
        state = {
            PaymentStatus.PAID: "paid",
            PaymentStatus.REFUNDED: "paid",
            PaymentStatus.FAILED: "failed",
        }.get(PaymentStatus(payment.status), "pending")
    return render(
        request,
        "portal/payment_result.html",
        {
            "state": state,
            "code": payment.reference if payment is not None else "",
            "amount": payment.amount if payment is not None else 0,
        },
        status=400 if state == "invalid" else 200,
    )


@citizen_required
@require_GET
def payment_receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    try:
        number, pdf = dossier_receipt(dossier=dossier)
    except DomainError as error:
        raise Http404(error.message) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    safe = "".join(c if c.isalnum() else "-" for c in number)
    response["Content-Disposition"] = f'inline; filename="bien-lai-{safe}.pdf"'
    return response
