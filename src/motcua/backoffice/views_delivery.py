"""The back-office's part of the return by post: consignments on the dossier page, "Gửi lại"."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officer_has_role
from motcua.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from motcua.delivery.models import Consignment, ConsignmentKind, ConsignmentStatus
from motcua.delivery.selectors import consignments_for
from motcua.dossiers.models import Dossier, DossierStatus, ReturnMethod
from motcua.dossiers.postal import ADDRESS_FIELDS, dossier_return_resend
from motcua.dossiers.services import dossier_open_for

_COLOURS = {
    ConsignmentStatus.TO_DISPATCH: "grey",
    ConsignmentStatus.DISPATCHED: "blue",
    ConsignmentStatus.ACCEPTED: "blue",
    ConsignmentStatus.IN_TRANSIT: "blue",
    ConsignmentStatus.DELIVERED: "green",
    ConsignmentStatus.RETURNED_TO_SENDER: "red",
    ConsignmentStatus.RECEIVED: "green",
}


class ResendForm(forms.Form):
    """Gửi lại kết quả qua bưu chính, to the same address or a corrected one."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    recipient = forms.CharField(label=gettext_lazy("Người nhận"), max_length=200, required=False)
    phone = forms.CharField(
        label=gettext_lazy("Số điện thoại di động người nhận"), max_length=20, required=False
    )
    street = forms.CharField(
        label=gettext_lazy("Số nhà, đường, thôn, xóm"), max_length=300, required=False
    )
    commune_code = forms.CharField(
        label=gettext_lazy("Mã xã, phường, đặc khu"),
        max_length=5,
        required=False,
        help_text=gettext_lazy("Mã đơn vị hành chính 5 chữ số (Quyết định 19/2025/QĐ-TTg)."),
    )

    def address(self) -> dict[str, str]:
        return {name: str(self.cleaned_data.get(name) or "") for name in ADDRESS_FIELDS}


@dataclass(frozen=True)
class EventRow:
    at: datetime
    text: str
    place: str


@dataclass(frozen=True)
class ConsignmentRow:
    attempt: int
    kind: str
    inbound: bool
    tracking_number: str
    status: str
    colour: str
    address: str
    postage: int
    dispatched_at: datetime | None
    events: list[EventRow]


def consignment_rows(consignments: list[Consignment]) -> list[ConsignmentRow]:
    return [
        ConsignmentRow(
            attempt=c.attempt,
            kind=c.get_kind_display(),
            inbound=c.kind == ConsignmentKind.INBOUND_DOSSIER,
            tracking_number=c.tracking_number or "",
            status=c.get_status_display(),
            colour=_COLOURS.get(ConsignmentStatus(c.status), "blue"),
            address=c.address_text,
            postage=c.postage,
            dispatched_at=c.dispatched_at,
            events=[EventRow(e.at, e.get_code_display(), e.place) for e in c.events.all()],
        )
        for c in consignments
    ]


def post_section(
    dossier: Dossier, *, user: User, resend_form: ResendForm | None = None
) -> dict[str, Any] | None:
    """What the dossier page shows of the post, or ``None`` when nothing concerns the post."""
    consignments = list(consignments_for(reference=dossier.code))
    if not consignments and dossier.return_method != ReturnMethod.POST:
        return None
    outbound = [c for c in consignments if c.kind == ConsignmentKind.OUTBOUND_RESULT]
    returned = bool(outbound) and outbound[-1].status == ConsignmentStatus.RETURNED_TO_SENDER
    may_resend = (
        returned
        and dossier.status == DossierStatus.RESULT_READY
        and any(
            officer_has_role(
                user=user, agency=agency, role=Role.ONE_STOP_OFFICER, on=timezone.localdate()
            )
            for agency in (dossier.receiving_agency, dossier.competent_agency)
        )
    )
    if may_resend and resend_form is None:
        resend_form = ResendForm(
            initial={
                "version": dossier.version,
                **{name: dossier.return_address.get(name, "") for name in ADDRESS_FIELDS},
            }
        )
    return {
        "address": dossier.return_address,
        "by_post": dossier.return_method == ReturnMethod.POST,
        "rows": consignment_rows(consignments),
        "returned": returned,
        "resend_form": resend_form if may_resend else None,
    }


@login_required
@require_POST
def dossier_post_resend(request: HttpRequest, code: str) -> HttpResponse:
    """Gửi lại: a new consignment after the post returned the result."""
    from motcua.backoffice.views import _dossier_page

    user = cast(User, request.user)
    try:
        dossier = dossier_open_for(user=user, code=code, at=timezone.now(), purpose="action")
    except NotFound as error:
        raise Http404(error.message) from error
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _dossier_page(request, dossier, resend_form=form, status=400)
    dossier.version = form.cleaned_data["version"]
    try:
        consignment = dossier_return_resend(
            dossier=dossier, actor=user, at=timezone.now(), address=form.address()
        )
    except ValidationFailed as error:
        for problem in error.problems:
            field = problem.path.removeprefix("return_address.")
            form.add_error(field if field in form.fields else None, problem.message)
        return _dossier_page(request, dossier, resend_form=form, status=400)
    except (Conflict, Forbidden) as error:
        fresh = dossier_open_for(user=user, code=code, at=timezone.now(), purpose="action")
        return _dossier_page(request, fresh, problem=error.message, status=409)
    messages.success(
        request,
        _("Đã gửi lại kết quả qua bưu chính (lần %(attempt)s).") % {"attempt": consignment.attempt},
    )
    return redirect("backoffice:dossier", code=code)
