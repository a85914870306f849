"""The post section of an officer's dossier page: the consignments of the dossier's result, their
tracking events, and the form to send the result again after the post returned it."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officer_has_role
from motcua.delivery.models import Consignment, ConsignmentKind, ConsignmentStatus
from motcua.delivery.selectors import consignments_for
from motcua.dossiers.models import Dossier, DossierStatus, ReturnMethod
from motcua.dossiers.postal import ADDRESS_FIELDS

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
