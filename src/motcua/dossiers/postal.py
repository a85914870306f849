"""Return of the result (trả kết quả) by the public postal service, and submission by post.

* At submission the applicant chooses how to receive the result (:class:`ReturnMethod`); for the
  post the address is checked here (problems named ``return_address.<field>``).
* Completing the return step of a dossier whose method is the post records a consignment to
  dispatch (the outbox hands it to the post) and holds the dossier at the return step: it is
  returned only on the post's proof of delivery, or when the applicant collects the result at the
  counter after the post brought it back.
* The post's tracking events arrive through :func:`post_tracking_noticed` (registered with the
  delivery app): delivered completes the return, with the post as actor and the delivery time as
  the closing moment; returned to sender leaves a note and lets the officer send it again
  (:func:`dossier_return_resend`, a new consignment with the next attempt number).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Applicant, Role, User
from motcua.accounts.selectors import officer_has_role
from motcua.accounts.services import actor_for
from motcua.catalog.models import DataSource
from motcua.core.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.delivery.addresses import PostalAddress, address_check
from motcua.delivery.models import Consignment, ConsignmentKind, ConsignmentStatus
from motcua.delivery.registry import TrackingNotice
from motcua.delivery.selectors import consignment_latest_outbound
from motcua.delivery.services import (
    DISPATCHED,
    consignment_prepare,
)
from motcua.dossiers.deadlines import hand_over_outcome
from motcua.dossiers.history import event_append, history_record
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
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


def _note(
    *,
    dossier: Dossier,
    action: str,
    note: str,
    at: datetime,
    actor: User | None,
    actor_label: str,
    from_status: str,
    from_step: int | None,
    outcome: str = "",
    step_due_before: datetime | None = None,
    audit_actor: str = "",
    audit_data: Mapping[str, Any] | None = None,
    outboxed: bool = False,
) -> DossierEvent:
    """Append a history row to the locked ``dossier`` (saved here with its seq and version), with
    its audit row when ``audit_data`` is given."""
    dossier.last_event_seq += 1
    dossier.version += 1
    dossier.save()
    row: dict[str, Any] = {
        "dossier": dossier,
        "action": action,
        "from_status": from_status,
        "from_step": from_step,
        "actor": actor,
        "at": at,
        "note": note,
        "due_before": dossier.due_at,
        "step_due_before": (
            step_due_before if step_due_before is not None else dossier.step_due_at
        ),
        "outcome": outcome,
        "seq": dossier.last_event_seq,
        "label": actor_label,
    }
    if audit_data is None:
        return event_append(**row)
    return history_record(
        **row, audit_actor=audit_actor, audit_data=audit_data, outboxed=outboxed, hooks=False
    )


def _post_label() -> str:
    return _("Bưu chính")


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


def _complete_return(*, dossier: Dossier, notice: TrackingNotice) -> None:
    """The post delivered the result: the return step completes at the moment of delivery."""
    from_status, from_step = dossier.status, dossier.current_step
    step_due_before = dossier.step_due_at
    outcome = hand_over_outcome(at=notice.at, due=dossier.step_due_at)
    dossier.status = DossierStatus.RETURNED
    dossier.current_step = None
    dossier.step_due_at = None
    dossier.step_started_at = None
    dossier.closed_at = notice.at
    dossier.current_role = ""
    dossier.current_agency = None
    _note(
        dossier=dossier,
        action="complete_step",
        note=_("Bưu chính đã phát kết quả thành công (bưu gửi %(number)s%(place)s).")
        % {"number": notice.tracking_number, "place": f", {notice.place}" if notice.place else ""},
        at=notice.at,
        actor=None,
        actor_label=_post_label(),
        from_status=from_status,
        from_step=from_step,
        outcome=outcome,
        step_due_before=step_due_before,
        audit_actor="post",
        # The applicant hears "returned" as after any return step.
        outboxed=True,
        audit_data={
            "from_status": from_status,
            "to_status": dossier.status,
            "from_step": from_step,
            "to_step": None,
            "outcome": outcome,
            "tracking_number": notice.tracking_number,
        },
    )


def post_tracking_noticed(notice: TrackingNotice) -> None:
    """The delivery app's hook: a result sent by post moved (inside the delivery transaction)."""
    if notice.kind != ConsignmentKind.OUTBOUND_RESULT:
        return
    dossier = Dossier.objects.select_for_update().filter(code=notice.reference).first()
    if dossier is None:
        return
    latest = consignment_latest_outbound(reference=dossier.code)
    current = latest is not None and latest.attempt == notice.attempt
    waiting = dossier.status == DossierStatus.RESULT_READY and current

    def note(action: str, text: str) -> None:
        _note(
            dossier=dossier,
            action=action,
            note=text,
            at=notice.at,
            actor=None,
            actor_label=_post_label(),
            from_status=dossier.status,
            from_step=dossier.current_step,
        )

    if notice.code == DISPATCHED:
        note(
            "post_dispatched",
            _(
                "Đã gửi kết quả qua bưu chính, số hiệu %(number)s (lần %(attempt)s, cước "
                "%(postage)s đồng)."
            )
            % {
                "number": notice.tracking_number,
                "attempt": notice.attempt,
                "postage": f"{notice.postage:,}".replace(",", "."),
            },
        )
    elif notice.code == ConsignmentStatus.DELIVERED and waiting:
        _complete_return(dossier=dossier, notice=notice)
    elif notice.code == ConsignmentStatus.RETURNED_TO_SENDER:
        note(
            "post_returned",
            _(
                "Bưu chính trả lại bưu gửi %(number)s (lần %(attempt)s): chưa phát được cho người "
                "nhận. Cán bộ một cửa liên hệ người nộp để gửi lại hoặc trả kết quả tại quầy."
            )
            % {"number": notice.tracking_number, "attempt": notice.attempt},
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
        _note(
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
            actor_label=str(actor),
            from_status=locked.status,
            from_step=locked.current_step,
            audit_actor=actor_for(actor),
            audit_data={"attempt": consignment.attempt, "address_changed": changed},
        )
    dossier.version = locked.version
    return consignment
