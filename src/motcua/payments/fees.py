"""The fee of a dossier (phí, lệ phí): the version's fee rules, the locality's policy, exemptions.

:func:`fee_quote` is a pure read: it is shown before submission and stored on the dossier at
reception with :attr:`FeeQuote.basis`, the rules and the policy that produced the amount.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.accounts.models import AdministrativeUnit
from motcua.catalog.models import FeeBasis, FeeRule, LocalFeePolicy, ProcedureVersion
from motcua.catalog.selectors import local_fee_policy_in_force
from motcua.core.text import nfc
from motcua.payments.words import format_dong


@dataclass(frozen=True)
class FeeLine:
    name: str
    kind: str
    unit_amount: int
    quantity: int
    amount: int
    exempt_group: str = ""


@dataclass(frozen=True)
class FeeQuote:
    """What the applicant pays, in đồng, the lines it is made of, and the basis to record."""

    amount: int
    lines: tuple[FeeLine, ...]
    basis: dict[str, Any] = field(default_factory=dict)
    explanation: str = ""

    @property
    def free(self) -> bool:
        return self.amount == 0


def _same(text: str) -> str:
    return nfc(text).strip().casefold()


def _policy_text(policy: LocalFeePolicy) -> str:
    unit = AdministrativeUnit.objects.filter(code=policy.administrative_unit_code).first()
    where = unit.name if unit is not None else policy.administrative_unit_code
    period = _("hiệu lực từ %(start)s") % {"start": policy.valid_from.strftime("%d/%m/%Y")}
    if policy.valid_to is not None:
        period += " " + _("đến hết ngày %(end)s") % {
            "end": date.fromordinal(policy.valid_to.toordinal() - 1).strftime("%d/%m/%Y")
        }
    return _("%(amount)s (Quyết định số %(decision)s của UBND %(unit)s, %(period)s)") % {
        "amount": format_dong(policy.amount),
        "decision": policy.decision_number,
        "unit": where,
        "period": period,
    }


def local_fee_texts(*, version: ProcedureVersion, on: date) -> list[str]:
    """The local fee decisions in force on ``on`` that cover ``version``, as sentences to show
    on the procedure's page ("0 đồng (Quyết định số … của UBND …, hiệu lực từ …)")."""
    policies = (
        LocalFeePolicy.objects.filter(
            Q(procedure_id=version.procedure_id) | Q(procedure__isnull=True)
        )
        .filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("administrative_unit_code", "valid_from")
    )
    return [_policy_text(policy) for policy in policies]


def fee_quote(
    *,
    version: ProcedureVersion,
    administrative_unit_code: str,
    on: date,
    applicant_groups: Sequence[str] = (),
    quantities: Mapping[int, int] | None = None,
) -> FeeQuote:
    """The fee of ``version`` for a dossier received on ``on`` in ``administrative_unit_code``.

    * each rule gives its amount, times its count (``quantities`` by rule order) when per item;
    * a rule whose exempt groups (đối tượng miễn) include one of ``applicant_groups`` gives 0;
    * the most specific local policy in force that day (commune over province, this procedure over
      all procedures) replaces the sum, unless the applicant is exempt from every rule.
    """
    counts = dict(quantities or {})
    groups = {_same(g) for g in applicant_groups if g.strip()}
    lines: list[FeeLine] = []
    for rule in FeeRule.objects.filter(version=version).order_by("order"):
        quantity = max(int(counts.get(rule.order, 1)), 0) if rule.basis == FeeBasis.PER_ITEM else 1
        exempt = next((g for g in rule.exempt_groups if _same(str(g)) in groups), "")
        amount = 0 if exempt else rule.amount * quantity
        lines.append(
            FeeLine(
                name=rule.name,
                kind=rule.kind,
                unit_amount=rule.amount,
                quantity=quantity,
                amount=amount,
                exempt_group=str(exempt),
            )
        )
    total = sum(line.amount for line in lines)
    all_exempt = bool(lines) and all(line.exempt_group or line.unit_amount == 0 for line in lines)
    policy = (
        local_fee_policy_in_force(
            version=version, administrative_unit_code=administrative_unit_code, on=on
        )
        if administrative_unit_code
        else None
    )
    basis: dict[str, Any] = {
        "on": on.isoformat(),
        "unit": administrative_unit_code,
        "version": version.pk,
        "lines": [
            {
                "name": line.name,
                "kind": line.kind,
                "unit_amount": line.unit_amount,
                "quantity": line.quantity,
                "amount": line.amount,
                "exempt_group": line.exempt_group,
            }
            for line in lines
        ],
        "policy": None,
    }
    if policy is not None and not all_exempt:
        total = policy.amount
        explanation = _policy_text(policy)
        basis["policy"] = {
            "id": policy.pk,
            "unit": policy.administrative_unit_code,
            "decision_number": policy.decision_number,
            "amount": policy.amount,
            "valid_from": policy.valid_from.isoformat(),
            "valid_to": policy.valid_to.isoformat() if policy.valid_to else None,
        }
    elif not lines:
        explanation = _("Thủ tục không thu phí, lệ phí.")
    else:
        parts = []
        for line in lines:
            text = f"{line.name}: {format_dong(line.amount)}"
            if line.quantity != 1:
                text += " " + _("(%(count)s × %(unit)s)") % {
                    "count": line.quantity,
                    "unit": format_dong(line.unit_amount),
                }
            if line.exempt_group:
                text += " " + _("(miễn cho đối tượng: %(group)s)") % {"group": line.exempt_group}
            parts.append(text)
        explanation = "; ".join(parts)
    basis["amount"] = total
    basis["explanation"] = explanation
    return FeeQuote(amount=total, lines=tuple(lines), basis=basis, explanation=explanation)
