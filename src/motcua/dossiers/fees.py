"""Fees in the walk of a dossier (phí, lệ phí): fixed at reception, paid before processing or
before the result is returned, as the procedure says; refunded when the dossier is refused.

* :func:`dossier_fee_apply` (called by ``dossier_submit``) stores the amount from the one
  calculation (:func:`motcua.catalog.fees.fee_quote`) for the dossier's channel and place, the
  rules, inputs and local decision that produced it, and the payment stage (blank when the fee is
  0: no payment step).
* A fee the sources leave to a regulation ("theo quy định") is stored as unknown, never as 0: no
  online payment is offered, and the dossier cannot pass the payment stage until a one-stop
  officer sets the amount (:func:`dossier_fee_determine`, with its history row); then it is paid
  online or at the counter like any other. A version with no fee rule at all is unknown too, but
  gets no payment step unless the officer sets an amount: the source states no fee to wait for.
* :func:`fee_paid_effect`, a step effect, refuses to leave reception (``before_processing``) or to
  complete the last step (``before_return``) while a fee is due and unpaid.
* :func:`dossier_payment_settled`, listening to ``payments``' settlement hook, sets ``paid_at`` and appends the
  history row "Đã nộp phí, lệ phí" with the receipt number, in the settlement's transaction.
  Reception does not move on by itself when an online dossier is paid: the one-stop officer still
  checks the dossier before it goes to processing.
* :func:`dossier_refund_hook` schedules the refund through the outbox when a paid dossier is
  refused; the refund is at least once and idempotent (one refund row per payment).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for
from motcua.accounts.models import AdministrativeUnit, Role, User
from motcua.accounts.selectors import officer_has_role
from motcua.catalog.fee_rules import FeeInputs, FeeQuote
from motcua.catalog.fees import fee_quote
from motcua.catalog.models import Channel, PaymentStage, ProcedureVersion
from motcua.core.errors import Conflict, FieldProblem, Forbidden, NotFound, ValidationFailed
from motcua.core.text import nfc
from motcua.dossiers.history import history_record
from motcua.dossiers.hooks import DossierCommitted
from motcua.dossiers.models import Dossier, DossierChannel, DossierStatus
from motcua.dossiers.step_context import StepContext
from motcua.dossiers.workflow import Action
from motcua.payments.hooks import Settlement
from motcua.payments.models import Payment, PaymentMethod, PaymentStatus
from motcua.payments.selectors import payment_pending_of, payment_settled_of, receipt_of
from motcua.payments.services import (
    Checkout,
    PaymentNotAllowed,
    payment_counter_record,
    payment_refund_schedule,
    payment_start,
    receipt_file,
)
from motcua.payments.words import format_dong

#: History action of a settled fee.
FEE_PAID = "fee_paid"
#: History action of an officer setting a fee the sources left to a regulation.
FEE_DETERMINED = "fee_determined"

#: The catalogue's channel (cách thức thực hiện) of each way a dossier is filed.
CHANNEL_OF = {
    DossierChannel.ONLINE: Channel.ONLINE,
    DossierChannel.COUNTER: Channel.DIRECT,
    DossierChannel.POST: Channel.POST,
}


class FeeNotPaid(Conflict):
    """The dossier cannot move on before its fee is paid."""

    code = "fee_not_paid"


def dossier_fee_quote(
    *,
    version: ProcedureVersion,
    administrative_unit_code: str,
    on: date,
    channel: str,
    inputs: FeeInputs | None = None,
    place: AdministrativeUnit | None = None,
) -> FeeQuote:
    """The quote of a dossier filed by ``channel`` (a :class:`DossierChannel`) in a place
    (``place``: its unit with the parent, when the caller has read it)."""
    return fee_quote(
        version=version,
        administrative_unit_code=administrative_unit_code,
        on=on,
        channel=CHANNEL_OF[DossierChannel(channel)],
        inputs=inputs,
        place=place,
    )


def dossier_fee_apply(
    *,
    dossier: Dossier,
    version: ProcedureVersion,
    on: date,
    inputs: FeeInputs | None = None,
    place: AdministrativeUnit | None = None,
) -> None:
    """Fix the fee on a dossier being received (not saved here: the caller saves the row)."""
    given = inputs or FeeInputs()
    quote = dossier_fee_quote(
        version=version,
        administrative_unit_code=dossier.administrative_unit_code,
        on=on,
        channel=dossier.channel,
        inputs=given,
        place=place,
    )
    dossier.fee_amount = quote.amount or 0
    dossier.fee_basis = quote.basis(
        on=on, unit=dossier.administrative_unit_code, version=version.pk, inputs=given
    )
    # A rule says a fee is due but leaves its amount to a regulation: the payment step waits for
    # the officer's amount. No rule at all: the source is silent; no payment step is invented, and
    # the fee stays shown as unknown (an officer may still set one).
    owed = (quote.amount is None and quote.stated) or (quote.amount or 0) > 0
    dossier.payment_stage = _stage(version) if owed else ""


def _stage(version: ProcedureVersion) -> str:
    return version.payment_stage or PaymentStage.BEFORE_PROCESSING


def fee_known(dossier: Dossier) -> bool:
    """False while the amount is left to a regulation and no officer has set it."""
    return bool((dossier.fee_basis or {}).get("known", True))


def fee_due(dossier: Dossier) -> bool:
    owed = dossier.fee_amount > 0 or not fee_known(dossier)
    return owed and dossier.paid_at is None and bool(dossier.payment_stage)


def _unknown_text(dossier: Dossier) -> str:
    return str((dossier.fee_basis or {}).get("text", ""))


def fee_paid_effect(context: StepContext) -> None:
    dossier = context.dossier
    if not fee_due(dossier) or context.step is None:
        return
    first = context.steps[0].order if context.steps else None
    leaving_reception = (
        dossier.payment_stage == PaymentStage.BEFORE_PROCESSING and context.step.order == first
    )
    returning = dossier.payment_stage == PaymentStage.BEFORE_RETURN and context.following is None
    if (leaving_reception or returning) and not fee_known(dossier):
        raise FeeNotPaid(
            _(
                "Mức phí, lệ phí của hồ sơ chưa được xác định (%(text)s) nên chưa thể %(what)s. "
                "Cán bộ một cửa xác định mức thu theo văn bản quy định trước."
            )
            % {
                "text": _unknown_text(dossier),
                "what": _("chuyển giải quyết") if leaving_reception else _("trả kết quả"),
            }
        )
    if leaving_reception or returning:
        raise FeeNotPaid(
            _(
                "Hồ sơ chưa nộp phí, lệ phí (%(amount)s) nên chưa thể %(what)s. Người nộp thanh toán "
                "trực tuyến hoặc cán bộ ghi nhận khoản nộp tại Bộ phận Một cửa."
            )
            % {
                "amount": format_dong(dossier.fee_amount),
                "what": _("chuyển giải quyết") if leaving_reception else _("trả kết quả"),
            }
        )


def dossier_payment_settled(settlement: Settlement) -> None:
    """Record on the dossier that its fee is paid (inside the settlement's transaction)."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().filter(code=settlement.reference).first()
        if dossier is None or dossier.paid_at is not None:
            return
        dossier.paid_at = settlement.paid_at
        Dossier.objects.filter(pk=dossier.pk).update(paid_at=settlement.paid_at)
        note = _("Đã nộp phí, lệ phí %(amount)s, biên lai số %(number)s.") % {
            "amount": format_dong(settlement.amount),
            "number": settlement.receipt_number,
        }
        history_record(
            dossier=dossier,
            action=FEE_PAID,
            from_status=dossier.status,
            from_step=dossier.current_step,
            actor=None,
            at=settlement.paid_at,
            note=note,
            audit_actor=settlement.actor,
            audit_data={
                "amount": settlement.amount,
                "order": settlement.order_id,
                "receipt": settlement.receipt_number,
            },
            outboxed=True,
            hooks=False,
        )


def dossier_refund_hook(change: DossierCommitted) -> None:
    """After a refusal commits: enqueue the refund of a paid fee (idempotent by dossier code)."""
    if change.action != Action.REFUSE:
        return
    dossier = (
        Dossier.objects.filter(pk=change.dossier_id).only("code", "paid_at", "closed_at").first()
    )
    if dossier is None or dossier.paid_at is None:
        return
    at: datetime = dossier.closed_at or dossier.paid_at
    with transaction.atomic():
        payment_refund_schedule(
            reference=dossier.code,
            reason=_("Hồ sơ bị từ chối giải quyết sau khi đã nộp phí, lệ phí."),
            at=at,
        )


def dossier_refund_sweep(*, now: datetime) -> int:
    """Enqueue the refund of every recently refused, paid dossier (again: the key makes it once).

    Catches a refusal whose after-commit hook did not run (the process stopped in between).
    """
    refused = Dossier.objects.filter(
        status=DossierStatus.REFUSED,
        paid_at__isnull=False,
        closed_at__gte=now - timedelta(days=30),
    ).values_list("code", flat=True)
    count = 0
    with transaction.atomic():
        for code in refused:
            payment_refund_schedule(
                reference=code,
                reason=_("Hồ sơ bị từ chối giải quyết sau khi đã nộp phí, lệ phí."),
                at=now,
            )
            count += 1
    return count


def dossier_payment_start(
    *, dossier: Dossier, return_url: str, client_ip: str, at: datetime, actor: User
) -> Checkout:
    """The applicant pays the dossier's fee online: a pending payment and the gateway's address."""
    if dossier.applicant.user_id != actor.pk:
        raise Forbidden(_("Chỉ người nộp hồ sơ mới thanh toán trực tuyến cho hồ sơ này."))
    _payable(dossier)
    return payment_start(
        reference=dossier.code,
        amount=dossier.fee_amount,
        description=_fee_description(dossier),
        payer_name=dossier.applicant.name,
        agency_code=dossier.receiving_agency.code,
        agency_name=dossier.receiving_agency.name,
        return_url=return_url,
        client_ip=client_ip,
        at=at,
        actor=actor,
    )


def dossier_counter_payment(*, dossier: Dossier, method: str, actor: User, at: datetime) -> Payment:
    """A one-stop officer records the fee paid at the counter, in cash or by card."""
    _check_one_stop(
        dossier,
        actor=actor,
        on=timezone.localdate(at),
        message=_("Chỉ cán bộ một cửa mới ghi nhận khoản nộp phí, lệ phí tại quầy."),
    )
    _payable(dossier)
    return payment_counter_record(
        reference=dossier.code,
        amount=dossier.fee_amount,
        method=method,
        payer_name=dossier.applicant.name,
        agency_code=dossier.receiving_agency.code,
        agency_name=dossier.receiving_agency.name,
        description=_fee_description(dossier),
        actor=actor,
        at=at,
    )


def _payable(dossier: Dossier) -> None:
    if not fee_due(dossier):
        raise PaymentNotAllowed(
            _("Hồ sơ %(code)s không có khoản phí chờ thanh toán.") % {"code": dossier.code}
        )
    if not fee_known(dossier):
        raise PaymentNotAllowed(
            _(
                "Mức phí, lệ phí của hồ sơ %(code)s chưa được xác định (%(text)s); cán bộ một cửa "
                "xác định mức thu trước khi thanh toán."
            )
            % {"code": dossier.code, "text": _unknown_text(dossier)}
        )


def _check_one_stop(dossier: Dossier, *, actor: User, on: date, message: str) -> None:
    if not any(
        officer_has_role(user=actor, agency=agency, role=Role.ONE_STOP_OFFICER, on=on)
        for agency in (dossier.receiving_agency, dossier.competent_agency)
    ):
        raise Forbidden(message)


def dossier_fee_determine(
    *, dossier: Dossier, amount: int, reason: str, actor: User, at: datetime
) -> Dossier:
    """A one-stop officer sets a fee the sources left to a regulation ("theo quy định").

    ``reason`` names the provision applied. An amount of 0 (the applicant is exempt) removes the
    payment step; otherwise the dossier is paid online or at the counter like any other, at the
    stage its procedure says.
    """
    _check_one_stop(
        dossier,
        actor=actor,
        on=timezone.localdate(at),
        message=_("Chỉ cán bộ một cửa mới xác định mức phí, lệ phí của hồ sơ."),
    )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationFailed(
            _("Mức thu chưa hợp lệ."),
            problems=[FieldProblem("amount", _("Nhập số nguyên đồng, không âm (ví dụ 20000)."))],
        )
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationFailed(
            _("Mức thu chưa hợp lệ."),
            problems=[
                FieldProblem(
                    "reason",
                    _("Ghi căn cứ mức thu (ví dụ “Điều 4 Thông tư 75/2022/TT-BTC”)."),
                )
            ],
        )
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if fee_known(locked) or locked.paid_at is not None:
            raise Conflict(
                _("Mức phí, lệ phí của hồ sơ %(code)s đã được xác định.") % {"code": locked.code}
            )
        text = _("%(amount)s, do cán bộ một cửa xác định theo %(reason)s") % {
            "amount": format_dong(amount),
            "reason": reason,
        }
        locked.fee_amount = amount
        locked.fee_basis = {
            **locked.fee_basis,
            "known": True,
            "amount": amount,
            "determined": {"amount": amount, "reason": reason, "at": at.isoformat()},
            "explanation": text,
        }
        locked.payment_stage = _stage(locked.procedure_version) if amount > 0 else ""
        locked.save(update_fields=["fee_amount", "fee_basis", "payment_stage"])
        history_record(
            dossier=locked,
            action=FEE_DETERMINED,
            from_status=locked.status,
            from_step=locked.current_step,
            actor=actor,
            at=at,
            note=text,
            audit_actor=actor_for(actor),
            audit_data={"amount": amount, "reason": reason},
            outboxed=False,
            hooks=False,
        )
    return locked


def _fee_description(dossier: Dossier) -> str:
    return _("Phí, lệ phí hồ sơ %(code)s: %(procedure)s") % {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
    }


@dataclass(frozen=True)
class FeeView:
    """The fee of a dossier as the portal and the back-office show it."""

    amount: int
    amount_text: str
    known: bool
    explanation: str
    stage: str
    due: bool
    paid_at: datetime | None
    receipt_number: str
    method: str
    refunded: bool
    pending: bool


def dossier_fee_view(dossier: Dossier) -> FeeView:
    settled = payment_settled_of(reference=dossier.code)
    receipt = getattr(settled, "receipt", None) if settled is not None else None
    return FeeView(
        amount=dossier.fee_amount,
        amount_text=format_dong(dossier.fee_amount)
        if fee_known(dossier)
        else _unknown_text(dossier),
        known=fee_known(dossier),
        explanation=str((dossier.fee_basis or {}).get("explanation", "")),
        stage=str(PaymentStage(dossier.payment_stage).label) if dossier.payment_stage else "",
        due=fee_due(dossier),
        paid_at=dossier.paid_at,
        receipt_number=receipt.number if receipt is not None else "",
        method=str(PaymentMethod(settled.method).label) if settled is not None else "",
        refunded=settled is not None and settled.status == PaymentStatus.REFUNDED,
        pending=payment_pending_of(reference=dossier.code) is not None,
    )


def dossier_receipt(*, dossier: Dossier) -> tuple[str, bytes]:
    """The e-receipt of the dossier's fee: its number and its PDF."""
    receipt = receipt_of(reference=dossier.code)
    if receipt is None:
        raise NotFound(_("Hồ sơ %(code)s chưa có biên lai.") % {"code": dossier.code})
    return receipt.number, receipt_file(receipt=receipt)
