"""Writing a validated version payload."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from motcua.accounts.models import Agency
from motcua.catalog.fees import fee_build
from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    LegalBasis,
    OnlineLevel,
    PaymentStage,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.payload.shape import search_name_for, search_text_for
from motcua.catalog.steps import process_steps_cache_clear
from motcua.core.text import nfc


def _values(
    *,
    procedure: Procedure,
    data: Mapping[str, Any],
    number: int,
    status: str,
    valid_from: date | None,
    valid_to: date | None,
    aliases: Collection[str] | None,
    field: Field | None,
) -> dict[str, Any]:
    field = field or Field.objects.get(code=nfc(data["field"]).strip())
    if aliases is None:
        aliases = list(procedure.aliases.values_list("alias", flat=True))
    norm = data.get("service_norm")
    time = data.get("processing_time") or {}
    values: dict[str, Any] = {
        "procedure": procedure,
        "number": number,
        "status": status,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "name": nfc(data["name"]).strip(),
        "decision_number": nfc(data.get("decision_number") or "").strip(),
        "levels": list(data["levels"]),
        "levels_index": " " + " ".join(sorted(data["levels"])) + " ",
        "procedure_type": data["procedure_type"],
        "field": field,
        "implementing_agency": nfc(data.get("implementing_agency") or "").strip(),
        "competent_agency_kind": data.get("competent_agency_kind") or "",
        "processing_time_value": time.get("value"),
        "processing_time_unit": time.get("unit") or "",
        "processing_time_text": nfc(time.get("text") or "").strip(),
        "processing_terms": [clean(t) for t in time.get("terms", [])],
        "agency_roles": [clean(a) for a in data.get("agency_roles", [])],
        "dossier_sets": data.get("dossier_sets"),
        "fee_text": nfc(data.get("fee_text") or "").strip(),
        "source_url": nfc(data.get("source_url") or "").strip(),
        "name_en": nfc(data.get("name_en") or "").strip(),
        "description_en": nfc(data.get("description_en") or "").strip(),
        "service_norm_value": norm["value"] if norm else None,
        "service_norm_unit": norm["unit"] if norm else "",
        "online_level": data.get("online_level") or OnlineLevel.NOT_STATED,
        "payment_stage": data.get("payment_stage", PaymentStage.BEFORE_PROCESSING),
        "applicant_types": list(data.get("applicant_types", [])),
        "conditions": nfc(data.get("conditions") or "").strip(),
        "channels": list(data.get("channels", [])),
        "results": [
            {
                "kind": r["kind"],
                "name": nfc(r["name"]).strip(),
                "template": nfc(r.get("template") or "").strip(),
                "validity": nfc(r.get("validity") or "").strip(),
                **({"document": r["document"]} if r.get("document") else {}),
            }
            for r in data.get("results", [])
        ],
        "note": nfc(data.get("note") or "").strip(),
        "search_name": search_name_for(data["name"]),
        "search_text": search_text_for(
            code=procedure.code,
            name=data["name"],
            field_name=field.name,
            name_en=data.get("name_en") or "",
            aliases=" ".join(aliases),
        ),
    }
    return values


@dataclass
class _Children:
    """The rows under a version, unsaved."""

    legal_basis: list[LegalBasis]
    fees: list[FeeRule]
    components: list[Component]
    steps: list[ProcessStep]

    def extend(self, other: "_Children") -> None:
        self.legal_basis += other.legal_basis
        self.fees += other.fees
        self.components += other.components
        self.steps += other.steps

    def create(self) -> None:
        LegalBasis.objects.bulk_create(self.legal_basis)
        FeeRule.objects.bulk_create(self.fees)
        Component.objects.bulk_create(self.components)
        ProcessStep.objects.bulk_create(self.steps)


def _children(version: ProcedureVersion, data: Mapping[str, Any]) -> _Children:
    legal_basis = [
        LegalBasis(
            version=version,
            order=index,
            number=nfc(b["number"]).strip(),
            title=nfc(b["title"]).strip(),
            issued_on=date.fromisoformat(b["issued_on"]) if b.get("issued_on") else None,
            article=nfc(b.get("article") or "").strip(),
            clause=nfc(b.get("clause") or "").strip(),
        )
        for index, b in enumerate(data.get("legal_basis", []), start=1)
    ]
    fees = [
        fee_build(version=version, order=index, data=f)
        for index, f in enumerate(data.get("fees", []), start=1)
    ]
    components = [
        Component(
            version=version,
            order=index,
            code=nfc(k["code"]).strip(),
            name=nfc(k["name"]).strip(),
            kind=k["kind"],
            schema=k.get("schema"),
            template=nfc(k.get("template") or "").strip(),
            required=k.get("required", True),
            originals=k.get("originals", 1),
            copies=k.get("copies", 0),
            reusable_from=list(k.get("reusable_from", [])),
        )
        for index, k in enumerate(data.get("components", []), start=1)
    ]
    steps = [
        ProcessStep(
            version=version,
            order=index,
            name=nfc(s["name"]).strip(),
            role=s["role"],
            unit_description=nfc(s.get("unit_description") or "").strip(),
            minutes=s["minutes"],
            citizen_facing=s.get("citizen_facing", False),
            signs_result=s.get("signs_result", False),
            decides=s.get("decides", False),
        )
        for index, s in enumerate(data.get("steps", []), start=1)
    ]
    return _Children(legal_basis, fees, components, steps)


def write_version(
    *,
    procedure: Procedure,
    data: Mapping[str, Any],
    number: int,
    status: str,
    valid_from: date | None,
    valid_to: date | None,
    version: ProcedureVersion | None = None,
    aliases: Collection[str] | None = None,
    field: Field | None = None,
) -> ProcedureVersion:
    """Write a validated payload as a new version, or over the children of a draft ``version``.

    ``aliases`` (the procedure's other codes) are written into the search text only; ``field``
    saves a read when the caller already holds it.
    """
    values = _values(
        procedure=procedure,
        data=data,
        number=number,
        status=status,
        valid_from=valid_from,
        valid_to=valid_to,
        aliases=aliases,
        field=field,
    )
    created = version is None
    if version is None:
        version = ProcedureVersion.objects.create(**values)
    else:
        for key, value in values.items():
            setattr(version, key, value)
        version.save()
        version.legal_basis.all().delete()
        version.fees.all().delete()
        version.components.all().delete()
        version.steps.all().delete()
    if data.get("agencies") or (version.pk and not created):
        version.agencies.set(Agency.objects.filter(code__in=data.get("agencies", [])))
    _children(version, data).create()
    process_steps_cache_clear()
    return version


@dataclass(frozen=True)
class NewVersion:
    """A version of :func:`write_versions`: what :func:`write_version` takes for a new one."""

    procedure: Procedure
    data: Mapping[str, Any]
    number: int
    status: str
    valid_from: date | None
    valid_to: date | None
    aliases: Collection[str]
    field: Field


def write_versions(news: Sequence[NewVersion]) -> list[ProcedureVersion]:
    """Write validated payloads as new versions of saved procedures, the rows of each table in
    one statement (a batch of a national import): the same rows as :func:`write_version`."""
    versions = [
        ProcedureVersion(
            **_values(
                procedure=new.procedure,
                data=new.data,
                number=new.number,
                status=new.status,
                valid_from=new.valid_from,
                valid_to=new.valid_to,
                aliases=new.aliases,
                field=new.field,
            )
        )
        for new in news
    ]
    ProcedureVersion.objects.bulk_create(versions)
    children = _Children([], [], [], [])
    codes = {code for new in news for code in new.data.get("agencies", [])}
    agency_ids = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
    through = ProcedureVersion.agencies.through
    links = []
    for version, new in zip(versions, news, strict=True):
        children.extend(_children(version, new.data))
        links += [
            through(procedureversion_id=version.pk, agency_id=agency_ids[code])
            for code in dict.fromkeys(new.data.get("agencies", []))
        ]
    children.create()
    through.objects.bulk_create(links)
    process_steps_cache_clear()
    return versions


def clean(item: Mapping[str, Any]) -> dict[str, Any]:
    """A stored JSON object: texts in NFC and trimmed, empty values left out."""
    cleaned: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, str):
            value = nfc(value).strip()
        elif isinstance(value, Mapping):
            value = clean(value)
        if value not in ("", None):
            cleaned[key] = value
    return cleaned
