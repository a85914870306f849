"""Return of the result (trả kết quả) by the public postal service, and submission by post.

* At submission the applicant chooses how to receive the result (:class:`ReturnMethod`); for the
  post the address is checked here (problems named ``return_address.<field>``).
* Completing the return step of a dossier whose method is the post records a consignment to
  dispatch (the outbox hands it to the post) and holds the dossier at the return step: it is
  returned only on the post's proof of delivery, or when the applicant collects the result at the
  counter after the post brought it back.
* The post's tracking events arrive through
  :func:`motcua.dossiers.services.post_tracking.post_tracking_noticed` (a listener of the delivery
  app's hook): delivered completes the return step through the transition engine, with the post
  (:func:`post_actor`) as actor and the delivery time as the closing moment; returned to sender
  leaves a note and lets the officer send it again (:func:`dossier_return_resend`, a new
  consignment with the next attempt number).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import SystemActor, actor_for
from motcua.accounts.models import Applicant, Role, User
from motcua.accounts.selectors import officer_has_role
from motcua.catalog.models import DataSource
from motcua.core.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.delivery.addresses import PostalAddress, address_check
from motcua.delivery.models import Consignment, ConsignmentStatus
from motcua.delivery.selectors import consignment_latest_outbound
from motcua.delivery.services import (
    consignment_prepare,
)
from motcua.dossiers.history import history_note
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
    ReturnMethod,
)
from motcua.dossiers.step_context import StepContext
from motcua.dossiers.workflow import TransitionNotAllowed
from motcua.registry.selectors import evidence_for_subject

if TYPE_CHECKING:
    from motcua.dossiers.prefill import PrefillOffer

#: Field names of ``Dossier.return_address``.
ADDRESS_FIELDS = ("recipient", "phone", "street", "commune_code")


def _problems(problems: Sequence[FieldProblem]) -> list[FieldProblem]:
    return [FieldProblem(f"return_address.{p.path}", p.message) for p in problems]


def return_address_clean(
    *, method: str, address: Mapping[str, Any] | None, at: datetime, problems: list[FieldProblem]
) -> dict[str, Any]:
    """The address to store with the dossier; for the post, checked (problems appended)."""
    if method != ReturnMethod.POST:
        return dict(address or {})
    checked, found = address_check(address, on=at.astimezone(LOCAL_TZ).date())
    problems.extend(_problems(found))
    return checked.as_data() if checked is not None else dict(address or {})


@dataclass(frozen=True)
class AddressPrefill:
    """What the postal address form starts with, and where it came from."""

    address: dict[str, str]
    #: ``DataSource.POPULATION_DB`` when the street and commune came from the registry, else "".
    source: str = ""
    #: "temporary" (nơi tạm trú) or "permanent" (nơi thường trú) when from the registry.
    residence: str = ""
    evidence: str = ""


def _registry_residence(
    applicant: Applicant, offer: "PrefillOffer | None"
) -> tuple[dict[str, Any], str, str] | None:
    """The residence the population registry gave for this application (temporary first: where
    the person lives now, so where the post finds them), with its kind and evidence id."""
    if offer is None or not applicant.personal_id:
        return None
    cited = [v.evidence for v in offer.values if v.source == DataSource.POPULATION_DB]
    cited += [d.evidence for d in offer.documents if d.source == DataSource.POPULATION_DB]
    for evidence_id in dict.fromkeys(cited):
        # Only the verified answer about this applicant counts, never what the session claims.
        evidence = evidence_for_subject(evidence_id=evidence_id, subject=applicant.personal_id)
        if evidence is None or evidence.source != DataSource.POPULATION_DB:
            continue
        for kind in ("temporary", "permanent"):
            residence = evidence.data.get(f"{kind}_residence")
            if isinstance(residence, dict) and residence.get("commune_code"):
                return residence, kind, evidence.evidence_id
    return None


def _street_of(residence: Mapping[str, Any]) -> str:
    """The registry's one-line address without its commune and province (kept apart here)."""
    text = str(residence.get("address") or "").strip()
    for tail in (residence.get("province"), residence.get("commune")):
        if tail and text.endswith(f", {tail}"):
            text = text[: -len(f", {tail}")].rstrip()
    return text


def return_address_prefill(
    *, applicant: Applicant | None, offer: "PrefillOffer | None" = None
) -> AddressPrefill:
    """What the postal address form starts with: the applicant's name and mobile, and the
    address the state holds: the residence in the population registry's verified answer of this
    application's prefill (``offer``), else the address the applicant's account holds."""
    if applicant is None:
        return AddressPrefill(address={})
    address = {
        "recipient": applicant.name,
        "phone": applicant.phone,
        "street": applicant.address,
        "commune_code": "",
    }
    found = _registry_residence(applicant, offer)
    if found is None:
        return AddressPrefill(address=address)
    residence, kind, evidence_id = found
    address.update(street=_street_of(residence), commune_code=str(residence["commune_code"]))
    return AddressPrefill(
        address=address, source=DataSource.POPULATION_DB, residence=kind, evidence=evidence_id
    )


def _address_text(data: Mapping[str, Any]) -> str:
    parts = (data.get("street"), data.get("commune_name"), data.get("province_name"))
    return ", ".join(str(p) for p in parts if p)


def post_actor() -> SystemActor:
    """The post as the actor of the history rows its tracking events write."""
    return SystemActor(audit="post", name=_("Bưu chính"))


def _checked_address(data: Mapping[str, Any] | None, at: datetime) -> PostalAddress:
    checked, problems = address_check(data, on=at.astimezone(LOCAL_TZ).date())
    if checked is None:
        raise ValidationFailed(
            _("Địa chỉ nhận kết quả qua bưu chính chưa hợp lệ."), problems=_problems(problems)
        )
    return checked


def post_return_effect(context: StepContext) -> None:
    """Completing the return step of a dossier to return by post (a step effect)."""
    dossier = context.dossier
    if context.following is not None or dossier.return_method != ReturnMethod.POST:
        return
    latest = consignment_latest_outbound(reference=dossier.code)
    if latest is None:
        address = _checked_address(dossier.return_address, context.at)
        consignment = consignment_prepare(
            reference=dossier.code,
            address=address,
            actor=actor_for(context.actor) if context.actor is not None else "system",
            at=context.at,
        )
        context.hold = True
        context.notes.append(
            _("Chuyển kết quả cho bưu chính để gửi đến %(address)s (lần %(attempt)s).")
            % {"address": address.text, "attempt": consignment.attempt}
        )
        return
    if latest.status == ConsignmentStatus.DELIVERED:
        return
    if latest.status == ConsignmentStatus.RETURNED_TO_SENDER:
        context.notes.append(
            _(
                "Người nộp hồ sơ nhận kết quả trực tiếp tại Bộ phận Một cửa sau khi bưu chính "
                "trả lại bưu gửi %(number)s."
            )
            % {"number": latest.tracking_number}
        )
        return
    raise TransitionNotAllowed(
        _(
            "Kết quả đang được gửi qua bưu chính (lần %(attempt)s); hồ sơ chỉ được trả khi bưu "
            "chính báo đã phát thành công."
        )
        % {"attempt": latest.attempt},
        problems=[FieldProblem("action", _("Đang chờ bưu chính phát kết quả."))],
    )


def dossier_return_resend(
    *,
    dossier: Dossier,
    actor: User,
    at: datetime,
    address: Mapping[str, Any] | None = None,
) -> Consignment:
    """Send the result by post again (gửi lại) after the post returned it, to the same or a
    corrected ``address``; a new consignment with the next attempt number."""
    on = at.astimezone(LOCAL_TZ).date()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_agency", "competent_agency")
            .filter(pk=dossier.pk)
            .first()
        )
        if locked is None:
            raise Conflict(_("Hồ sơ không còn tồn tại."))
        if locked.version != dossier.version:
            raise Conflict(
                _("Hồ sơ %(code)s vừa được người khác xử lý; hãy tải lại hồ sơ rồi thử lại.")
                % {"code": locked.code}
            )
        if not any(
            officer_has_role(user=actor, agency=agency, role=Role.ONE_STOP_OFFICER, on=on)
            for agency in (locked.receiving_agency, locked.competent_agency)
        ):
            raise Forbidden(_("Chỉ cán bộ một cửa mới được gửi lại kết quả qua bưu chính."))
        latest = consignment_latest_outbound(reference=locked.code)
        if (
            locked.status != DossierStatus.RESULT_READY
            or latest is None
            or latest.status != ConsignmentStatus.RETURNED_TO_SENDER
        ):
            raise TransitionNotAllowed(
                _("Chỉ gửi lại được kết quả mà bưu chính đã trả lại."),
                problems=[FieldProblem("action", _("Không có bưu gửi bị trả lại."))],
            )
        checked = _checked_address(address if address is not None else locked.return_address, at)
        consignment = consignment_prepare(
            reference=locked.code, address=checked, actor=actor_for(actor), at=at
        )
        changed = checked.as_data() != locked.return_address
        locked.return_address = checked.as_data()
        locked.return_method = ReturnMethod.POST
        locked.save(update_fields=["return_address", "return_method"])
        history_note(
            dossier=locked,
            action="post_resend",
            note=(
                _(
                    "Gửi lại kết quả qua bưu chính đến địa chỉ đã sửa: %(address)s (lần %(attempt)s)."
                )
                if changed
                else _("Gửi lại kết quả qua bưu chính đến %(address)s (lần %(attempt)s).")
            )
            % {"address": checked.text, "attempt": consignment.attempt},
            at=at,
            actor=actor,
            label=str(actor),
            audit_data={"attempt": consignment.attempt, "address_changed": changed},
        )
    dossier.version = locked.version
    return consignment
