"""The one fee calculation (phí, lệ phí), from the rules as published: pure, no database.

:func:`quote` is the only place an amount is computed. The procedure page, the search results, the
check page before sending, the API and the fee stored on a dossier at reception all reach it
through :func:`motcua.catalog.fees.fee_quote`, which reads the rules and the local decision.

What the calculation takes as explicit inputs (:class:`FeeInputs`) is what the dossier says and
the rules depend on: the channel, whether the registration is late, the number of copies or pages,
the area, the applicant's groups (for exemptions). A rule whose source gives no figure ("theo quy
định") makes the amount unknown (``None``), never 0: the answer then names the legal basis.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel, FeeBasis, FeeCondition, FeeInput
from motcua.core.templatetags.design import dong

#: How a line came out.
CHARGED = "charged"
NOT_APPLICABLE = "not_applicable"
EXEMPT = "exempt"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Tier:
    """One bậc: the amount when the input is at most ``up_to`` (``None``: no upper bound)."""

    up_to: int | None
    amount: int


@dataclass(frozen=True)
class Rule:
    """One published rule (see :class:`motcua.catalog.models.FeeRule` for the fields)."""

    name: str
    kind: str
    amount: int | None
    basis: str = FeeBasis.FIXED
    channel_amounts: Mapping[str, int] = field(default_factory=dict)
    condition: str = FeeCondition.ALWAYS
    item_input: str = ""
    from_item: int = 1
    maximum: int | None = None
    tiers: tuple[Tier, ...] = ()
    exempt_groups: tuple[str, ...] = ()
    unit_name: str = ""
    legal_reference: str = ""
    wording: str = ""


@dataclass(frozen=True)
class FeeInputs:
    """What the dossier states that the fee depends on.

    Counts default to one item (one copy, one page): what a page shows before anyone says more.
    An area not given leaves a tiered rule unknown.
    """

    late: bool = False
    copies: int = 1
    pages: int = 1
    area_m2: int | None = None
    applicant_groups: tuple[str, ...] = ()

    def value(self, name: str) -> int | None:
        if name == FeeInput.COPIES:
            return self.copies
        if name == FeeInput.PAGES:
            return self.pages
        if name == FeeInput.AREA_M2:
            return self.area_m2
        return None


@dataclass(frozen=True)
class Policy:
    """A locality's decision in force (LocalFeePolicy), as the calculation needs it."""

    amount: int
    decision_number: str
    unit_code: str
    unit_name: str
    channel: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Line:
    rule: Rule
    state: str
    unit_amount: int | None
    quantity: int
    amount: int | None
    exempt_group: str = ""


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def unit_amount(rule: Rule, channel: str) -> int | None:
    """The rule's figure for ``channel``: its own figure for that channel, else the general one."""
    return rule.channel_amounts.get(channel, rule.amount)


def _tier_amount(rule: Rule, value: int | None) -> int | None:
    if value is None:
        return None
    for tier in rule.tiers:
        if tier.up_to is None or value <= tier.up_to:
            return tier.amount
    return None


def line_for(rule: Rule, *, channel: str, inputs: FeeInputs) -> Line:
    """What one rule charges for a dossier filed by ``channel`` with ``inputs``."""
    if rule.condition == FeeCondition.LATE and not inputs.late:
        return Line(rule, NOT_APPLICABLE, unit_amount(rule, channel), 0, 0)
    groups = {_same(g) for g in inputs.applicant_groups}
    exempt = next((g for g in rule.exempt_groups if _same(g) in groups), None)
    if exempt is not None:
        return Line(rule, EXEMPT, unit_amount(rule, channel), 1, 0, exempt_group=exempt)
    if rule.basis == FeeBasis.TIERED:
        figure = _tier_amount(rule, inputs.value(rule.item_input))
        quantity = 1
    else:
        figure = unit_amount(rule, channel)
        quantity = 1
        if rule.basis == FeeBasis.PER_ITEM:
            count = inputs.value(rule.item_input)
            quantity = max((1 if count is None else count) - rule.from_item + 1, 0)
    if figure is None:
        return Line(rule, UNKNOWN, None, quantity, None)
    amount = figure * quantity
    if rule.maximum is not None:
        amount = min(amount, rule.maximum)
    return Line(rule, CHARGED, figure, quantity, amount)


def format_dong(amount: int) -> str:
    """``200.000 đồng``, written as every page writes money (the ``dong`` filter)."""
    return dong(amount)


def amount_text(amount: int | None, *, legal_reference: str = "") -> str:
    """The words every surface shows for an amount: a figure, free, or unknown with its basis."""
    if amount is None:
        if legal_reference:
            return _("Chưa xác định mức thu: theo quy định tại %(reference)s") % {
                "reference": legal_reference
            }
        return _("Chưa xác định mức thu (nguồn công bố không ghi mức thu)")
    if amount == 0:
        return _("Miễn phí (%(amount)s)") % {"amount": format_dong(0)}
    return format_dong(amount)


def _last_day(policy: Policy) -> str:
    assert policy.valid_to is not None  # noqa: S101 - only called for a bounded period
    return (policy.valid_to - timedelta(days=1)).strftime("%d/%m/%Y")


def policy_text(policy: Policy) -> str:
    """``0 đồng (Quyết định số … của UBND …, hiệu lực từ …)``, naming the channel it covers."""
    period = _("hiệu lực từ %(start)s") % {"start": policy.valid_from.strftime("%d/%m/%Y")}
    if policy.valid_to is not None:
        period += " " + _("đến hết ngày %(end)s") % {"end": _last_day(policy)}
    text = _("%(amount)s (Quyết định số %(decision)s của UBND %(unit)s, %(period)s)") % {
        "amount": format_dong(policy.amount),
        "decision": policy.decision_number,
        "unit": policy.unit_name or policy.unit_code,
        "period": period,
    }
    if policy.channel:
        text += " " + _("khi nộp theo cách thức: %(channel)s") % {
            "channel": Channel(policy.channel).label
        }
    return text


def line_text(line: Line, *, legal_reference: str = "") -> str:
    """One line of the explanation: ``Lệ phí đăng ký: 10.000 đồng (2 × 5.000 đồng)``."""
    rule = line.rule
    if line.state == NOT_APPLICABLE:
        return _("%(name)s: không áp dụng (%(condition)s)") % {
            "name": rule.name,
            "condition": FeeCondition(rule.condition).label,
        }
    if line.state == UNKNOWN:
        return "%s: %s" % (  # noqa: UP031 - two already translated parts
            rule.name,
            amount_text(None, legal_reference=rule.legal_reference or legal_reference),
        )
    assert line.amount is not None  # noqa: S101 - charged and exempt lines have an amount
    text = f"{rule.name}: {format_dong(line.amount)}"
    if line.state == EXEMPT:
        return text + " " + _("(miễn cho đối tượng: %(group)s)") % {"group": line.exempt_group}
    if line.quantity != 1 and line.unit_amount is not None:
        text += " " + _("(%(count)s × %(unit)s)") % {
            "count": line.quantity,
            "unit": format_dong(line.unit_amount),
        }
    return text


@dataclass(frozen=True)
class FeeQuote:
    """What the applicant pays, in đồng (``None``: unknown), the lines it is made of, and why."""

    channel: str
    lines: tuple[Line, ...]
    policy: Policy | None
    amount: int | None
    legal_reference: str = ""

    @property
    def known(self) -> bool:
        return self.amount is not None

    @property
    def stated(self) -> bool:
        """Whether the source says anything about fees (a version without rules does not)."""
        return bool(self.lines)

    @property
    def text(self) -> str:
        return amount_text(self.amount, legal_reference=self._reference())

    def _reference(self) -> str:
        unknown = [line.rule.legal_reference for line in self.lines if line.state == UNKNOWN]
        return next((r for r in unknown if r), self.legal_reference)

    @property
    def explanation(self) -> str:
        if self.policy is not None and self.amount == self.policy.amount:
            return policy_text(self.policy)
        if not self.lines:
            return self.text
        return "; ".join(
            line_text(line, legal_reference=self.legal_reference) for line in self.lines
        )

    def basis(self, *, on: date, unit: str, version: int, inputs: FeeInputs) -> dict[str, Any]:
        """What is stored on the dossier with the amount: the rules, inputs and decision used."""
        policy = (
            self.policy if self.policy is not None and self.amount == self.policy.amount else None
        )
        return {
            "on": on.isoformat(),
            "unit": unit,
            "version": version,
            "channel": self.channel,
            "known": self.known,
            "amount": self.amount,
            "inputs": {
                "late": inputs.late,
                "copies": inputs.copies,
                "pages": inputs.pages,
                "area_m2": inputs.area_m2,
                "applicant_groups": list(inputs.applicant_groups),
            },
            "lines": [
                {
                    "name": line.rule.name,
                    "kind": line.rule.kind,
                    "state": line.state,
                    "unit_amount": line.unit_amount,
                    "quantity": line.quantity,
                    "amount": line.amount,
                    "exempt_group": line.exempt_group,
                    "wording": line.rule.wording,
                }
                for line in self.lines
            ],
            "policy": None
            if policy is None
            else {
                "unit": policy.unit_code,
                "decision_number": policy.decision_number,
                "amount": policy.amount,
                "channel": policy.channel,
                "valid_from": policy.valid_from.isoformat(),
                "valid_to": policy.valid_to.isoformat() if policy.valid_to else None,
            },
            "explanation": self.explanation,
            "text": self.text,
        }


def quote(
    rules: Sequence[Rule],
    *,
    channel: str,
    inputs: FeeInputs,
    policy: Policy | None = None,
    legal_reference: str = "",
) -> FeeQuote:
    """The fee of a dossier filed by ``channel``: the sum of the rules' lines, unknown if one is.

    A local decision in force (``policy``, already chosen for the place, the day and the channel)
    replaces the sum, unless the applicant is exempt from every rule. A version without rules has
    an unknown fee: the source did not say it is free.
    """
    lines = tuple(line_for(rule, channel=channel, inputs=inputs) for rule in rules)
    amounts = [line.amount for line in lines]
    total: int | None = None
    if lines and None not in amounts:
        total = sum(a for a in amounts if a is not None)
    all_exempt = bool(lines) and all(line.state == EXEMPT for line in lines)
    if policy is not None and not all_exempt:
        total = policy.amount
    return FeeQuote(
        channel=channel,
        lines=lines,
        policy=policy,
        amount=total,
        legal_reference=legal_reference,
    )


def rule_text(rule: Rule, *, legal_reference: str = "") -> str:
    """A rule's figure as the page states it, before any dossier: per channel, per item, tiers."""
    if rule.basis == FeeBasis.TIERED:
        parts = []
        low: int | None = None
        for tier in rule.tiers:
            if tier.up_to is None:
                bound = _("trên %(low)s") % {"low": low} if low is not None else _("mọi mức")
            else:
                bound = _("đến %(up_to)s") % {"up_to": tier.up_to}
            parts.append(f"{bound}: {format_dong(tier.amount)}")
            low = tier.up_to
        unit = FeeInput(rule.item_input).label if rule.item_input else ""
        return f"{unit} " + "; ".join(parts) if unit else "; ".join(parts)
    if rule.amount is None and not rule.channel_amounts:
        return amount_text(None, legal_reference=rule.legal_reference or legal_reference)
    parts = []
    if rule.amount is not None:
        parts.append(format_dong(rule.amount))
    parts.extend(
        _("%(channel)s: %(amount)s")
        % {"channel": Channel(channel).label, "amount": format_dong(amount)}
        for channel, amount in sorted(rule.channel_amounts.items())
    )
    text = "; ".join(parts)
    if rule.basis == FeeBasis.PER_ITEM:
        text += f" / {rule.unit_name}" if rule.unit_name else ""
        if rule.from_item > 1:
            text += " " + _("(từ %(unit)s thứ %(n)s trở đi)") % {
                "unit": rule.unit_name,
                "n": rule.from_item,
            }
    if rule.maximum is not None:
        text += " " + _("(tối đa %(amount)s)") % {"amount": format_dong(rule.maximum)}
    return text
