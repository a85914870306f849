"""What "Hồ sơ của tôi" shows of the return: how the result comes back, the postal items and
where each one is (hành trình bưu gửi), and, once the dossier is returned, the rating link."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.delivery.models import ConsignmentKind, ConsignmentStatus
from motcua.delivery.selectors import consignments_for
from motcua.dossiers.models import Dossier, DossierStatus, ReturnMethod
from motcua.feedback.models import DossierRating

_COLOURS = {
    ConsignmentStatus.TO_DISPATCH: "grey",
    ConsignmentStatus.DELIVERED: "green",
    ConsignmentStatus.RECEIVED: "green",
    ConsignmentStatus.RETURNED_TO_SENDER: "red",
}


@dataclass(frozen=True)
class TrackingLine:
    at: datetime
    text: str
    place: str


@dataclass(frozen=True)
class ItemRow:
    """One postal item of the dossier, as the applicant sees it."""

    title: str
    tracking_number: str
    status: str
    colour: str
    address: str
    postage: int
    events: list[TrackingLine]


def _rows(dossier: Dossier) -> list[ItemRow]:
    rows = []
    for consignment in consignments_for(reference=dossier.code):
        inbound = consignment.kind == ConsignmentKind.INBOUND_DOSSIER
        rows.append(
            ItemRow(
                title=consignment.get_kind_display()
                if inbound
                else _("%(kind)s, lần %(attempt)s")
                % {"kind": consignment.get_kind_display(), "attempt": consignment.attempt},
                tracking_number=consignment.tracking_number or "",
                status=consignment.get_status_display(),
                colour=_COLOURS.get(ConsignmentStatus(consignment.status), "blue"),
                address=consignment.address_text,
                postage=consignment.postage,
                events=[
                    TrackingLine(e.at, e.get_code_display(), e.place)
                    for e in consignment.events.all()
                ],
            )
        )
    return rows


def return_context(dossier: Dossier) -> dict[str, Any]:
    """``delivery`` (method, address, postal items) and ``rating`` (link, whether given)."""
    address = dossier.return_address or {}
    by_post = dossier.return_method == ReturnMethod.POST
    context: dict[str, Any] = {
        "delivery": {
            "method": ReturnMethod(dossier.return_method or ReturnMethod.COUNTER).label,
            "by_post": by_post,
            "recipient": address.get("recipient", "") if by_post else "",
            "address": ", ".join(
                str(address[k])
                for k in ("street", "commune_name", "province_name")
                if by_post and address.get(k)
            ),
            "items": _rows(dossier),
        }
    }
    if dossier.status == DossierStatus.RETURNED:
        context["rating"] = {
            "url": reverse("portal:dossier_rating", kwargs={"code": dossier.code}),
            "given": DossierRating.objects.filter(dossier_code=dossier.code).exists(),
        }
    return context
