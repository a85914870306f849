"""Turn a procedure version into the plain data its public page shows.

Templates receive these dataclasses, never model instances, so no query or rule runs while a page
renders and the same values are easy to test.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from motcua.accounts.models import AgencyKind, Role
from motcua.catalog.fee_rules import Rule, rule_text
from motcua.catalog.fees import fee_quotes_by_channel, legal_reference_of, rules_of
from motcua.catalog.models import (
    HOURS_PER_WORKING_DAY,
    AgencyRole,
    ApplicantType,
    Channel,
    ComponentKind,
    DataSource,
    FeeCondition,
    FeeKind,
    Level,
    ProcedureVersion,
    ResultKind,
    TimeUnit,
)
from motcua.catalog.terms import term_label, term_with_scope


def _label(choices: Any, value: str) -> str:
    """The display label of ``value`` among TextChoices, or the value itself when unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def duration(value: int | None, unit: str) -> str:
    """``(1, "working_days")`` -> ``"1 ngày làm việc"``; ``(None, "same_day")`` -> "Trong ngày"."""
    return term_label(value, unit)


def working_minutes(minutes: int) -> str:
    """A step's time in the largest whole unit: days, then hours, then minutes."""
    per_day = HOURS_PER_WORKING_DAY * 60
    if minutes and minutes % per_day == 0:
        return duration(minutes // per_day, TimeUnit.WORKING_DAYS)
    if minutes and minutes % 60 == 0:
        return duration(minutes // 60, TimeUnit.WORKING_HOURS)
    return ngettext("%(n)d phút làm việc", "%(n)d phút làm việc", minutes) % {"n": minutes}


@dataclass(frozen=True)
class ChannelFee:
    """The fee of one way of filing, from the one calculation (no place: no local decision)."""

    channel: str
    label: str
    amount: int | None
    text: str


@dataclass(frozen=True)
class ProcedureSummary:
    """One line of the search results."""

    code: str
    name: str
    field_name: str
    levels: str
    processing_time: str
    fee: str
    fees: tuple[ChannelFee, ...]
    #: The catalogue's English name, shown on /en/ where there is one.
    name_en: str = ""


#: Stands for the unit's name while the figure is worded; never in catalogue text.
_UNIT_MARK = "\x00"


def _figure(rule: Rule, *, legal_reference: str) -> str | SafeString:
    """A rule's figure as :func:`rule_text` words it; on a page not in Vietnamese, the unit's
    name (catalogue content, Vietnamese: “Phiếu”, “bản”) is marked ``lang="vi"`` inside it."""
    if not rule.unit_name or get_language() == "vi":
        return rule_text(rule, legal_reference=legal_reference)
    text = rule_text(replace(rule, unit_name=_UNIT_MARK), legal_reference=legal_reference)
    unit = format_html('<span lang="vi">{}</span>', rule.unit_name)
    return mark_safe(escape(text).replace(_UNIT_MARK, unit))  # noqa: S308 - escaped above


@dataclass(frozen=True)
class FeeLine:
    """One published rule: its figure as stated, its condition, and its wording kept as is."""

    kind: str
    name: str
    figure: str
    condition: str
    exempt_groups: tuple[str, ...]
    wording: str
    note: str


@dataclass(frozen=True)
class ComponentRow:
    code: str
    name: str
    kind: str
    required: bool
    originals: int
    copies: int
    template: str
    held_by_state: tuple[str, ...]
    #: A form to fill: its blank template downloads as a PDF for paper filing.
    printable: bool = False


@dataclass(frozen=True)
class Step:
    title: str
    body: str
    duration: str
    actor: str


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    processing_time: str
    description: str


@dataclass(frozen=True)
class LegalDocument:
    number: str
    title: str
    issued_on: date | None


@dataclass(frozen=True)
class ProcedurePage:
    """Everything a citizen needs before applying."""

    code: str
    name: str
    field_name: str
    levels: str
    procedure_type: str
    decision_number: str
    implementing_agency: str
    agency_kind: str
    agencies: tuple[str, ...]
    processing_time: str
    #: The published wording of the time, the other terms, the agencies with their roles.
    processing_time_text: str
    processing_terms: tuple[str, ...]
    agency_roles: tuple[str, ...]
    source_url: str
    name_en: str
    description_en: str
    online_level: str
    online_level_value: str
    applicant_types: tuple[str, ...]
    conditions: str
    channels: tuple[ChannelRow, ...]
    fee: str
    fee_channels: tuple[ChannelFee, ...]
    fees: tuple[FeeLine, ...]
    components: tuple[ComponentRow, ...]
    steps: tuple[Step, ...]
    legal_basis: tuple[LegalDocument, ...]
    results: tuple[str, ...]
    valid_from: date | None


def levels_label(levels: Iterable[str]) -> str:
    return ", ".join(_label(Level, level) for level in levels)


def channel_fees(*, version: ProcedureVersion, on: date) -> tuple[ChannelFee, ...]:
    """The fee of each channel the version offers, as the one calculation gives it."""
    return tuple(
        ChannelFee(
            channel=quote.channel,
            label=_label(Channel, quote.channel),
            amount=quote.amount,
            text=quote.text,
        )
        for quote in fee_quotes_by_channel(version=version, on=on)
    )


def _fees_phrase(fees: tuple[ChannelFee, ...]) -> str:
    texts = {fee.text for fee in fees}
    if len(texts) <= 1:
        return next(iter(texts), "")
    return "; ".join(f"{fee.label}: {fee.text}" for fee in fees)


def procedure_summary(version: ProcedureVersion, *, on: date) -> ProcedureSummary:
    fees = channel_fees(version=version, on=on)
    return ProcedureSummary(
        code=version.code,
        name=version.name,
        field_name=version.field.name,
        levels=levels_label(version.levels or []),
        processing_time=duration(version.processing_time_value, version.processing_time_unit),
        fee=_fees_phrase(fees),
        fees=fees,
        name_en=version.name_en,
    )


def _channel_row(item: object, default_time: str) -> ChannelRow:
    """A channel is stored as its code ("direct"); a mapping may add its own time and description."""
    if not isinstance(item, Mapping):
        return ChannelRow(
            channel=_label(Channel, str(item)), processing_time=default_time, description=""
        )
    kind = str(item.get("channel") or item.get("kind") or "")
    value = item.get("time_value", item.get("value"))
    unit = str(item.get("time_unit") or item.get("unit") or TimeUnit.WORKING_DAYS)
    time = duration(int(value), unit) if isinstance(value, int) else default_time
    return ChannelRow(
        channel=_label(Channel, kind),
        processing_time=time,
        description=str(item.get("description") or ""),
    )


def _result_name(item: Any) -> str:
    if isinstance(item, Mapping):
        name = str(item.get("name") or "")
        return name or _label(ResultKind, str(item.get("kind") or ""))
    return str(item)


def _agency_role(item: Mapping[str, Any]) -> str:
    role = _label(AgencyRole, str(item.get("role") or ""))
    time = item.get("time") or {}
    share = term_label(time.get("value"), str(time.get("unit") or "")) if time else ""
    text = f"{item.get('name', '')} ({role})"
    return f"{text}: {item.get('time_text') or share}" if time or item.get("time_text") else text


def procedure_page(*, version: ProcedureVersion, on: date) -> ProcedurePage:
    """The public page of ``version`` (loaded with ``procedure_version_detail``) as of ``on``."""
    processing_time = duration(version.processing_time_value, version.processing_time_unit)
    fees = channel_fees(version=version, on=on)
    reference = legal_reference_of(version)
    return ProcedurePage(
        code=version.code,
        name=version.name,
        field_name=version.field.name,
        levels=levels_label(version.levels or []),
        procedure_type=version.get_procedure_type_display(),
        decision_number=version.decision_number,
        implementing_agency=version.implementing_agency,
        agency_kind=_label(AgencyKind, version.competent_agency_kind)
        if version.competent_agency_kind
        else "",
        agencies=tuple(agency.name for agency in version.agencies.all()),
        processing_time=processing_time,
        processing_time_text=version.processing_time_text,
        processing_terms=tuple(term_with_scope(t) for t in version.processing_terms),
        agency_roles=tuple(_agency_role(a) for a in version.agency_roles),
        source_url=version.source_url,
        name_en=version.name_en,
        description_en=version.description_en,
        online_level=version.get_online_level_display(),
        online_level_value=version.online_level,
        applicant_types=tuple(_label(ApplicantType, t) for t in version.applicant_types or []),
        conditions=version.conditions,
        channels=tuple(_channel_row(item, processing_time) for item in version.channels or []),
        fee=_fees_phrase(fees),
        fee_channels=fees,
        fees=tuple(
            FeeLine(
                kind=_label(FeeKind, rule.kind),
                name=rule.name,
                figure=_figure(rule, legal_reference=reference),
                condition=str(FeeCondition(rule.condition).label) if rule.condition else "",
                exempt_groups=rule.exempt_groups,
                wording=rule.wording,
                note=row.note,
            )
            for row, rule in zip(
                sorted(version.fees.all(), key=lambda r: r.order), rules_of(version), strict=True
            )
        ),
        components=tuple(
            ComponentRow(
                code=component.code,
                name=component.name,
                kind=component.get_kind_display(),
                required=component.required,
                originals=component.originals,
                copies=component.copies,
                template=component.template,
                held_by_state=tuple(
                    _label(DataSource, source) for source in component.reusable_from or []
                ),
                printable=component.kind == ComponentKind.FORM and bool(component.schema),
            )
            for component in version.components.all()
        ),
        steps=tuple(
            Step(
                title=step.name,
                body=step.unit_description,
                duration=working_minutes(step.minutes),
                actor=_label(Role, step.role),
            )
            for step in version.steps.all()
        ),
        legal_basis=tuple(
            LegalDocument(number=doc.number, title=doc.title, issued_on=doc.issued_on)
            for doc in version.legal_basis.all()
        ),
        results=tuple(_result_name(item) for item in version.results or []),
        valid_from=version.valid_from,
    )
