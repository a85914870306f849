"""Fees of a procedure version: the published rules read from the database, the locality's
decision in force, the shape a rule travels in (import, export, drafts) and its checks.

:func:`fee_quote` is the one entry to the calculation (:func:`motcua.catalog.fee_rules.quote`);
every surface that shows or stores a fee calls it.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.accounts.models import AdministrativeUnit
from motcua.catalog.fee_rules import FeeInputs, FeeQuote, Policy, Rule, Tier, policy_text, quote
from motcua.catalog.models import (
    Channel,
    FeeBasis,
    FeeCondition,
    FeeInput,
    FeeKind,
    FeeRule,
    LocalFeePolicy,
    ProcedureVersion,
)
from motcua.catalog.snapshot import catalog_kept
from motcua.core.errors import FieldProblem
from motcua.core.periods import in_force
from motcua.core.rows import NO_TEXT_KEY, KeyedQuery
from motcua.core.text import nfc

#: The keys of a fee rule in a catalogue file, with what each holds.
FEE_KEYS = (
    "kind",
    "name",
    "amount",
    "basis",
    "unit_name",
    "channel_amounts",
    "condition",
    "item_input",
    "from_item",
    "maximum",
    "tiers",
    "exempt_groups",
    "legal_reference",
    "wording",
    "note",
)

FEE_EXAMPLE = (
    '{"kind": "charge", "name": "Lệ phí đăng ký thường trú", "amount": 20000, '
    '"channel_amounts": {"online": 10000}, "wording": "20.000 đồng; trực tuyến 10.000 đồng"}'
)


def rule_of(row: FeeRule) -> Rule:
    """The calculation's view of a stored rule."""
    return Rule(
        name=row.name,
        kind=row.kind,
        amount=row.amount if row.amount_stated else None,
        basis=row.basis,
        channel_amounts={str(k): int(v) for k, v in (row.channel_amounts or {}).items()},
        condition=row.condition,
        item_input=row.item_input,
        from_item=row.from_item,
        maximum=row.maximum,
        tiers=tuple(Tier(up_to=t.get("up_to"), amount=int(t["amount"])) for t in row.tiers or []),
        exempt_groups=tuple(str(g) for g in row.exempt_groups or []),
        unit_name=row.unit_name,
        legal_reference=row.legal_reference,
        wording=row.wording,
    )


def rules_of(version: ProcedureVersion) -> tuple[Rule, ...]:
    """The version's rules in their order (from the prefetch cache when the caller loaded it)."""
    return tuple(rule_of(row) for row in sorted(version.fees.all(), key=lambda r: r.order))


def legal_reference_of(version: ProcedureVersion) -> str:
    """The version's legal basis as one phrase, for an amount the sources leave to a regulation."""
    documents = sorted(version.legal_basis.all(), key=lambda d: d.order)
    return "; ".join(f"{d.number} {d.title}".strip() for d in documents)


def _unit_codes(code: str, on: date, place: AdministrativeUnit | None = None) -> list[str]:
    """The unit's own code, then its province's (a commune inherits its province's policy).

    ``place``: the unit of ``code`` in force on ``on`` with its parent, when the caller has read
    it already (a submission routes by it)."""
    codes = [code]
    unit = place
    if unit is None or unit.code != code:
        unit = (
            AdministrativeUnit.objects.filter(code=code)
            .filter(in_force(on))
            .select_related("parent")
            .first()
        )
    if unit is not None and unit.parent is not None:
        codes.append(unit.parent.code)
    return codes


#: The latest name of a unit code, compiled once: every quote of a local fee asks it.
_UNIT_NAMES = KeyedQuery(
    lambda code: (
        AdministrativeUnit.objects.filter(code=code)
        .order_by("-valid_from", "-pk")
        .values_list("name")[:1]
    ),
    stand_in=NO_TEXT_KEY,
)


def _unit_name(code: str) -> str:
    names = _UNIT_NAMES.rows(code)
    return str(names[0][0]) if names else code


def _policy(row: LocalFeePolicy) -> Policy:
    return Policy(
        amount=row.amount,
        decision_number=row.decision_number,
        unit_code=row.administrative_unit_code,
        unit_name=_unit_name(row.administrative_unit_code),
        channel=row.channel,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def local_fee_policy_in_force(
    *,
    version: ProcedureVersion,
    administrative_unit_code: str,
    on: date,
    channel: str,
    place: AdministrativeUnit | None = None,
) -> LocalFeePolicy | None:
    """The most specific decision: own unit before province, this procedure before all, this
    channel before every channel, latest first."""
    codes = _unit_codes(administrative_unit_code, on, place)
    procedure_id = version.procedure_id

    def read() -> list[LocalFeePolicy]:
        return list(
            LocalFeePolicy.objects.filter(administrative_unit_code__in=codes)
            .filter(Q(procedure_id=procedure_id) | Q(procedure__isnull=True))
            .filter(Q(channel="") | Q(channel=channel))
            .filter(in_force(on))
        )

    # Every dossier of a procedure in a place asks the same: kept for the catalogue's generation.
    candidates = list(catalog_kept(("fee policies", tuple(codes), procedure_id, channel, on), read))
    if not candidates:
        return None
    candidates.sort(
        key=lambda p: (
            codes.index(p.administrative_unit_code),
            p.procedure_id is None,
            p.channel == "",
            -p.valid_from.toordinal(),
        )
    )
    return candidates[0]


def fee_quote(
    *,
    version: ProcedureVersion,
    administrative_unit_code: str | None,
    on: date,
    channel: str,
    inputs: FeeInputs | None = None,
    place: AdministrativeUnit | None = None,
) -> FeeQuote:
    """The fee of ``version`` for a dossier filed by ``channel`` on ``on`` in a place.

    Without a place (the public page, the API without ``unit``) no local decision applies; the
    page lists the decisions separately, each naming its place. ``place``: the unit of the code,
    with its parent, when the caller has it.
    """
    policy = None
    if administrative_unit_code:
        row = local_fee_policy_in_force(
            version=version,
            administrative_unit_code=administrative_unit_code,
            on=on,
            channel=channel,
            place=place,
        )
        policy = _policy(row) if row is not None else None
    return quote(
        rules_of(version),
        channel=channel,
        inputs=inputs or FeeInputs(),
        policy=policy,
        legal_reference=legal_reference_of(version),
    )


#: The channels in their order, read once: ``Channel.values`` rebuilds the choices (and their
#: translated labels) at every call, and a search page asks for every result.
CHANNEL_ORDER: tuple[str, ...] = tuple(Channel.values)


def version_channels(version: ProcedureVersion) -> tuple[str, ...]:
    """The channels the version offers, in the order of :class:`Channel`; all when it lists none."""
    listed = {
        str(c.get("channel") if isinstance(c, Mapping) else c) for c in version.channels or []
    }
    return tuple(c for c in CHANNEL_ORDER if c in listed) or CHANNEL_ORDER


def fee_quotes_by_channel(
    *, version: ProcedureVersion, on: date, administrative_unit_code: str | None = None
) -> tuple[FeeQuote, ...]:
    """One quote per channel the version offers (the procedure page, search results, the API)."""
    return tuple(
        fee_quote(
            version=version,
            administrative_unit_code=administrative_unit_code,
            on=on,
            channel=channel,
        )
        for channel in version_channels(version)
    )


def local_fee_texts(*, version: ProcedureVersion, on: date) -> list[str]:
    """The local decisions in force on ``on`` covering ``version``, each naming its place and
    channel: the page shows them beside the general amount, never in its place."""
    rows = (
        LocalFeePolicy.objects.filter(
            Q(procedure_id=version.procedure_id) | Q(procedure__isnull=True)
        )
        .filter(in_force(on))
        .order_by("administrative_unit_code", "channel", "valid_from")
    )
    return [policy_text(_policy(row)) for row in rows]


# The shape of a rule in a catalogue file --------------------------------------------------------


def fee_payload(row: FeeRule) -> dict[str, Any]:
    """A stored rule as a JSON-ready dict (export, drafts); :func:`fee_build` reads it back."""
    return {
        "kind": row.kind,
        "name": row.name,
        "amount": row.amount if row.amount_stated else None,
        "basis": row.basis,
        "unit_name": row.unit_name,
        "channel_amounts": dict(row.channel_amounts or {}),
        "condition": row.condition,
        "item_input": row.item_input,
        "from_item": row.from_item,
        "maximum": row.maximum,
        "tiers": [dict(t) for t in row.tiers or []],
        "exempt_groups": list(row.exempt_groups),
        "legal_reference": row.legal_reference,
        "wording": row.wording,
        "note": row.note,
    }


def fee_build(*, version: ProcedureVersion, order: int, data: Mapping[str, Any]) -> FeeRule:
    """An unsaved rule from a checked payload (see :func:`fee_problems`)."""
    amount = data.get("amount")
    return FeeRule(
        version=version,
        order=order,
        kind=data["kind"],
        name=nfc(data["name"]).strip(),
        amount=amount if amount is not None else 0,
        amount_stated=amount is not None,
        basis=data.get("basis") or FeeBasis.FIXED,
        unit_name=nfc(data.get("unit_name") or "").strip(),
        channel_amounts=dict(data.get("channel_amounts") or {}),
        condition=data.get("condition") or FeeCondition.ALWAYS,
        item_input=data.get("item_input") or "",
        from_item=data.get("from_item") or 1,
        maximum=data.get("maximum"),
        tiers=[{"up_to": t.get("up_to"), "amount": t["amount"]} for t in data.get("tiers") or []],
        exempt_groups=[nfc(g) for g in data.get("exempt_groups", [])],
        legal_reference=nfc(data.get("legal_reference") or "").strip(),
        wording=nfc(data.get("wording") or "").strip(),
        note=nfc(data.get("note") or "").strip(),
    )


def _amount_problem(value: Any, *, nullable: bool) -> str | None:
    """Why ``value`` is not an amount in whole đồng, with an example; None when it is."""
    if value is None and nullable:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return None if value >= 0 else _("Mức thu không được âm (ví dụ 20000).")
    if isinstance(value, str):
        return _(
            "Mức thu phải là một số nguyên đồng, không phải chữ: “%(text)s”. Ví dụ 20000 "
            "(không dấu chấm, không ghi “đồng”)%(unknown)s; ghi nguyên văn vào wording."
        ) % {
            "text": value,
            "unknown": _("; null khi văn bản chỉ ghi “theo quy định”") if nullable else "",
        }
    return _("Mức thu phải là một số nguyên đồng (ví dụ 20000).")


def _choice_problem(value: Any, allowed: Sequence[str]) -> str | None:
    if isinstance(value, str) and value in allowed:
        return None
    return _("Giá trị %(value)s không hợp lệ; chọn một trong: %(allowed)s.") % {
        "value": repr(value),
        "allowed": ", ".join(repr(a) for a in allowed),
    }


def _text_problem(value: Any, *, max_length: int, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        return _("Phải là một chuỗi ký tự.")
    if required and not value.strip():
        return _("Không được để trống.")
    if len(nfc(value).strip()) > max_length:
        return _("Dài quá %(max)s ký tự.") % {"max": max_length}
    return None


def _tiers_problems(tiers: Any, path: str) -> list[FieldProblem]:
    example = _('ví dụ [{"up_to": 100, "amount": 50000}, {"up_to": null, "amount": 100000}]')
    if not isinstance(tiers, list) or not tiers:
        return [FieldProblem(path, _("Phải là danh sách các bậc (%(e)s).") % {"e": example})]
    problems: list[FieldProblem] = []
    previous: int | None = None
    for index, tier in enumerate(tiers):
        where = f"{path}[{index}]"
        if not isinstance(tier, dict):
            problems.append(
                FieldProblem(where, _("Phải là {up_to, amount} (%(e)s).") % {"e": example})
            )
            continue
        problems.extend(
            FieldProblem(
                f"{where}.{key}",
                _("Trường không được hỗ trợ; một bậc có up_to và amount (%(e)s).") % {"e": example},
            )
            for key in tier
            if key not in ("up_to", "amount")
        )
        amount = _amount_problem(tier.get("amount"), nullable=False)
        if amount:
            problems.append(FieldProblem(f"{where}.amount", amount))
        up_to = tier.get("up_to")
        last = index == len(tiers) - 1
        if up_to is None and not last:
            problems.append(
                FieldProblem(f"{where}.up_to", _("Chỉ bậc cuối cùng được để trống up_to."))
            )
        elif up_to is not None and (isinstance(up_to, bool) or not isinstance(up_to, int)):
            problems.append(FieldProblem(f"{where}.up_to", _("Phải là một số nguyên (ví dụ 100).")))
        elif up_to is not None:
            if previous is not None and up_to <= previous:
                problems.append(
                    FieldProblem(
                        f"{where}.up_to",
                        _("Các bậc phải tăng dần (bậc trước: %(p)s).") % {"p": previous},
                    )
                )
            previous = up_to
    return problems


def fee_problems(fee: Mapping[str, Any], *, path: str) -> list[FieldProblem]:
    """Every problem of one rule of a catalogue file, each named by its path under ``path``."""
    problems: list[FieldProblem] = []

    def add(key: str, message: str | None) -> None:
        if message:
            problems.append(FieldProblem(f"{path}.{key}", message))

    for key in fee:
        if key not in FEE_KEYS:
            add(
                key,
                _(
                    "Trường không được hỗ trợ trong một khoản phí, lệ phí; các trường được dùng: "
                    "%(keys)s. Ví dụ: %(example)s"
                )
                % {"keys": ", ".join(FEE_KEYS), "example": FEE_EXAMPLE},
            )
    add("kind", _choice_problem(fee.get("kind"), FeeKind.values))
    add("name", _text_problem(fee.get("name"), max_length=300, required=True))
    add("amount", _amount_problem(fee.get("amount"), nullable=True))
    basis = fee.get("basis", FeeBasis.FIXED)
    add("basis", _choice_problem(basis, FeeBasis.values))
    unit_name = fee.get("unit_name")
    add("unit_name", _text_problem(unit_name, max_length=100))
    if basis == FeeBasis.PER_ITEM and not (isinstance(unit_name, str) and unit_name.strip()):
        add("unit_name", _("Phí tính theo đơn vị phải ghi tên đơn vị tính (ví dụ “bản”)."))
    item_input = fee.get("item_input", "")
    if basis in (FeeBasis.PER_ITEM, FeeBasis.TIERED) or item_input:
        add("item_input", _choice_problem(item_input, FeeInput.values))
    add("condition", _choice_problem(fee.get("condition", ""), FeeCondition.values))
    channel_amounts = fee.get("channel_amounts", {})
    if not isinstance(channel_amounts, dict):
        add("channel_amounts", _('Phải là một đối tượng JSON, ví dụ {"online": 10000}.'))
    else:
        for channel, amount in channel_amounts.items():
            add(f"channel_amounts.{channel}", _choice_problem(channel, Channel.values))
            add(f"channel_amounts.{channel}", _amount_problem(amount, nullable=False))
    from_item = fee.get("from_item", 1)
    if isinstance(from_item, bool) or not isinstance(from_item, int) or from_item < 1:
        add("from_item", _("Phải là số nguyên từ 1 (ví dụ 3 cho “từ bản thứ 3 trở đi”)."))
    add("maximum", _amount_problem(fee.get("maximum"), nullable=True))
    if basis == FeeBasis.TIERED:
        problems.extend(_tiers_problems(fee.get("tiers"), f"{path}.tiers"))
    elif fee.get("tiers"):
        add("tiers", _("Chỉ khoản thu tính theo bậc (basis = tiered) mới có các bậc."))
    groups = fee.get("exempt_groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        add("exempt_groups", _('Phải là một danh sách chuỗi ký tự, ví dụ ["Trẻ em"].'))
    add("legal_reference", _text_problem(fee.get("legal_reference"), max_length=500))
    add("wording", _text_problem(fee.get("wording"), max_length=5000))
    add("note", _text_problem(fee.get("note"), max_length=2000))
    return problems
