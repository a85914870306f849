"""Once-only (chỉ cung cấp thông tin một lần): prefill from the registries and the personal data
store, field provenance, deposit of results into the data store, and the data-reuse rate.

A form property says where the state holds it with the schema extension keyword
``"x-prefill": "<registry>.<path>"`` (``population.full_name``,
``population.permanent_residence.address``, ``business.name``); a document component marked
``reusable_from`` is satisfied by the registry's verified answer about the applicant, or by an
item of their data store whose title the component's name contains. Provenance is stored in
``Dossier.form_provenance`` as ``{"<component>.<field>" | "documents.<component>": {"source",
"at", "evidence", "verified", ...}}``; the claims a client sends are checked here against the
evidence kept by :mod:`motcua.registry`, never trusted.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for, actor_label
from motcua.accounts.models import Applicant, User
from motcua.catalog.models import Component, ComponentKind, DataSource, ProcedureVersion
from motcua.core.errors import FieldProblem
from motcua.core.rows import KeyedQuery
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierResult
from motcua.dossiers.step_context import StepContext
from motcua.registry.models import STATE_SOURCES, Consent, ProvenanceSource, RegistryEvidence
from motcua.registry.plugins import RegistryAnswerRefused, RegistryUnavailable
from motcua.registry.selectors import evidence_for_subject
from motcua.registry.services import consent_give, data_store_deposit, registry_fetch

PREFILL_KEYWORD = "x-prefill"
#: The prefix of an ``x-prefill`` path -> the registry answering it.
PREFIX_SOURCES = {"population": DataSource.POPULATION_DB, "business": DataSource.BUSINESS_DB}
#: Sources this module can ask (VNeID claims come with the login, not through a registry).
FETCHABLE = (DataSource.POPULATION_DB, DataSource.BUSINESS_DB, DataSource.DATA_STORE)
USE, DECLINE = "use", "decline"


@dataclass
class OfferedValue:
    key: str  # "<component>.<property>"
    label: str
    value: Any
    source: str
    evidence: str
    at: str


@dataclass
class OfferedDocument:
    component: str
    name: str
    source: str
    evidence: str
    at: str
    title: str  # what stands in for the document ("Giấy chứng nhận ... số 12")
    item: int | None = None


@dataclass
class PrefillOffer:
    """What the state holds for one application, as it came, to confirm or decline item by item."""

    procedure: str
    consent: int | None
    values: list[OfferedValue] = field(default_factory=list)
    documents: list[OfferedDocument] = field(default_factory=list)
    #: sources that could not answer: (source, "unavailable" | "refused" | "not_found")
    missing: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "PrefillOffer":
        return cls(
            procedure=str(raw.get("procedure", "")),
            consent=raw.get("consent"),
            values=[OfferedValue(**v) for v in raw.get("values", [])],
            documents=[OfferedDocument(**d) for d in raw.get("documents", [])],
            missing=[(str(s), str(r)) for s, r in raw.get("missing", [])],
        )


def purpose_of(version: ProcedureVersion) -> str:
    """The legal purpose named on every retrieval (mục đích khai thác)."""
    return _("Giải quyết thủ tục hành chính %(code)s: %(name)s") % {
        "code": version.procedure.code,
        "name": version.name,
    }


def _components(version: ProcedureVersion) -> list[Component]:
    return list(Component.objects.filter(version=version).order_by("order"))


def prefill_sources(components: Sequence[Component]) -> list[str]:
    """The registries this procedure's components can be filled from."""
    sources: set[str] = set()
    for component in components:
        sources.update(s for s in component.reusable_from if s in FETCHABLE)
        for spec in ((component.schema or {}).get("properties") or {}).values():
            prefix = str((spec or {}).get(PREFILL_KEYWORD, "")).split(".")[0]
            if prefix in PREFIX_SOURCES:
                sources.add(PREFIX_SOURCES[prefix])
    return sorted(sources)


def _dig(data: Any, path: Sequence[str]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _subject(applicant: Applicant, source: str) -> str:
    return applicant.tax_code if source == DataSource.BUSINESS_DB else applicant.personal_id


def _store_item_for(
    component: Component, items: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The newest store item whose title the component's name contains (accents ignored)."""
    wanted = fold(component.name)
    matching = [
        i for i in items if fold(str(i.get("title", ""))) and fold(str(i["title"])) in wanted
    ]
    return matching[-1] if matching else None


def prefill_offer_build(
    *, version: ProcedureVersion, applicant: Applicant, actor: User, at: datetime
) -> PrefillOffer:
    """Record the applicant's consent, ask each registry the procedure needs, and offer what
    came back. A registry that is down or whose answer fails verification is listed in
    ``missing``: the applicant types those fields and the dossier records them as unverified."""
    components = _components(version)
    sources = prefill_sources(components)
    offer = PrefillOffer(procedure=version.procedure.code, consent=None)
    if not sources or not applicant.personal_id:
        return offer
    consent = consent_give(
        subject=applicant.personal_id,
        given_by=actor_for(actor),
        purpose=purpose_of(version),
        procedure_code=version.procedure.code,
        sources=sources,
        at=at,
    )
    offer.consent = consent.pk
    answers: dict[str, RegistryEvidence] = {}
    for source in sources:
        subject = _subject(applicant, source)
        if not subject:
            offer.missing.append((source, "not_found"))
            continue
        try:
            evidence = registry_fetch(
                source=source,
                subject=subject,
                consent=consent
                if subject == consent.subject
                else _business_consent(consent, subject, at),
                actor=actor_for(actor),
                actor_name=_("Cổng dịch vụ công (theo yêu cầu của chính bạn)"),
                at=at,
            )
        except RegistryAnswerRefused:
            offer.missing.append((source, "refused"))
            continue
        except RegistryUnavailable:
            offer.missing.append((source, "unavailable"))
            continue
        if not evidence.verified:
            offer.missing.append((source, "not_found"))
            continue
        answers[source] = evidence
    stamp = at.isoformat()
    for component in components:
        if component.kind == ComponentKind.FORM:
            for prop, spec in ((component.schema or {}).get("properties") or {}).items():
                path = str((spec or {}).get(PREFILL_KEYWORD, "")).split(".")
                found = answers.get(PREFIX_SOURCES.get(path[0], ""))
                value = _dig(found.data, path[1:]) if found else None
                if (
                    found is not None
                    and value not in (None, "")
                    and not isinstance(value, dict | list)
                ):
                    offer.values.append(
                        OfferedValue(
                            key=f"{component.code}.{prop}",
                            label=str((spec or {}).get("title") or prop),
                            value=value,
                            source=found.source,
                            evidence=found.evidence_id,
                            at=stamp,
                        )
                    )
            continue
        for source in component.reusable_from:
            held = answers.get(source)
            if held is None:
                continue
            if source == DataSource.DATA_STORE:
                item = _store_item_for(component, held.data.get("items", []))
                if item is None:
                    continue
                title = str(item["title"]) + (f" ({item['number']})" if item.get("number") else "")
                offer.documents.append(
                    OfferedDocument(
                        component=component.code, name=component.name, source=source,
                        evidence=held.evidence_id, at=stamp, title=title, item=int(item["id"]),
                    )
                )  # fmt: skip
            else:
                offer.documents.append(
                    OfferedDocument(
                        component=component.code, name=component.name, source=source,
                        evidence=held.evidence_id, at=stamp,
                        title=str(DataSource(source).label),
                    )
                )  # fmt: skip
            break
    return offer


def _business_consent(consent: Consent, subject: str, at: datetime) -> Consent:
    """A business's data is asked for under a consent given for the business (its tax code)."""
    return consent_give(
        subject=subject,
        given_by=consent.given_by,
        purpose=consent.purpose,
        procedure_code=consent.procedure_code,
        sources=[DataSource.BUSINESS_DB],
        at=at,
    )


def prefill_provenance(
    *,
    offer: PrefillOffer | None,
    form_data: Mapping[str, Mapping[str, Any]],
    choices: Mapping[str, str],
    at: datetime,
    entered_by: str = ProvenanceSource.APPLICANT,
) -> dict[str, dict[str, Any]]:
    """The provenance of every value of ``form_data`` and of every document taken from the state.

    A value comes from the state only when the applicant chose to use it and did not change it;
    anything else was entered by hand (``declined`` or ``unavailable`` says why)."""
    offered = {v.key: v for v in offer.values} if offer else {}
    missing = {s for s, _r in offer.missing} if offer else set()
    provenance: dict[str, dict[str, Any]] = {}
    for component, values in form_data.items():
        for prop, value in values.items():
            key = f"{component}.{prop}"
            item = offered.get(key)
            if item is not None and choices.get(key, USE) == USE and _same(value, item.value):
                provenance[key] = {
                    "source": item.source, "at": item.at, "evidence": item.evidence, "verified": True,
                }  # fmt: skip
                continue
            entry: dict[str, Any] = {
                "source": entered_by, "at": at.isoformat(), "evidence": "", "verified": False,
            }  # fmt: skip
            if item is not None:
                entry["declined"] = True
            elif missing:
                entry["unavailable"] = sorted(missing)
            provenance[key] = entry
    for document in offer.documents if offer else []:
        if choices.get(f"documents.{document.component}", USE) == USE:
            provenance[f"documents.{document.component}"] = {
                "source": document.source,
                "at": document.at,
                "evidence": document.evidence,
                "verified": True,
                "title": document.title,
                **({"item": document.item} if document.item is not None else {}),
            }
    return provenance


def _same(a: Any, b: Any) -> bool:
    return str(a).strip() == str(b).strip()


def provenance_check(
    *,
    provenance: Mapping[str, Any],
    components: Mapping[str, Component],
    subject: str,
    problems: list[FieldProblem],
) -> tuple[dict[str, Any], set[str]]:
    """Check the claims of a submitted provenance against the kept evidence.

    Returns the provenance to store (a value claimed verified whose evidence is not this
    applicant's is stored as unverified) and the document components the state satisfies. A
    document claimed from the state without valid evidence is a problem (``Thiếu giấy tờ``
    follows from it not being satisfied)."""
    checked: dict[str, Any] = {}
    satisfied: set[str] = set()
    for key, raw in provenance.items():
        if not isinstance(raw, Mapping):
            problems.append(
                FieldProblem(f"form_provenance.{key}", _("Nguồn dữ liệu không hợp lệ."))
            )
            continue
        entry = dict(raw)
        claimed = entry.get("verified") is True and entry.get("source") in STATE_SOURCES
        evidence = (
            evidence_for_subject(evidence_id=str(entry.get("evidence", "")), subject=subject)
            if claimed and subject
            else None
        )
        ok = evidence is not None and evidence.source == entry.get("source")
        if key.startswith("documents."):
            code = key.removeprefix("documents.")
            component = components.get(code)
            if (
                ok
                and evidence is not None
                and component is not None
                and entry["source"] in component.reusable_from
            ):
                if entry["source"] == DataSource.DATA_STORE:
                    items = {i.get("id"): i for i in evidence.data.get("items", [])}
                    ok = (
                        entry.get("item") in items
                        and _store_item_for(component, [items[entry["item"]]]) is not None
                    )
                if ok:
                    satisfied.add(code)
                    checked[key] = entry
                    continue
            if claimed:
                problems.append(
                    FieldProblem(
                        f"documents.{code}",
                        _("Không xác minh được giấy tờ lấy từ dữ liệu nhà nước; vui lòng tải lên."),
                    )
                )
            continue
        if claimed and not ok:
            entry["verified"] = False
            entry["unverified_claim"] = True
        checked[key] = entry
    return checked, satisfied


def evidence_ids(provenance: Mapping[str, Any]) -> set[str]:
    return {
        str(e["evidence"])
        for e in provenance.values()
        if isinstance(e, Mapping) and e.get("verified") is True and e.get("evidence")
    }


# -- deposit of results into the personal data store -------------------------------------------


def _kind(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:100]


_SIGNED_RESULTS = KeyedQuery(
    lambda dossier_id: (
        DossierResult.objects.filter(dossier_id=dossier_id, kind="result")
        .order_by("pk")
        .values_list("title", "number", "data", "signed_at", "sha256", "verification_code")
    )
)


def deposit_results(dossier: Dossier, *, at: datetime, actor: str) -> int:
    """Put the dossier's results (its signed ``DossierResult`` rows, or else the procedure's
    result with the dossier's data) into the applicant's data store. Idempotent."""
    owner = dossier.applicant.personal_id
    if not owner:
        return 0
    procedure = dossier.procedure_version.procedure.code
    rows = _SIGNED_RESULTS.rows(dossier.pk)
    count = 0
    for title, number, data, signed_at, sha256, verification_code in rows:
        data_store_deposit(
            owner=owner, kind=_kind(title), title=title, source_dossier=dossier.code,
            procedure_code=procedure, at=at, actor=actor, number=number,
            data={"result": data, "form_data": dossier.form_data, "signed_at": signed_at.isoformat() if signed_at else None},
            file_sha256=sha256, file_reference=verification_code,
        )  # fmt: skip
        count += 1
    if rows:
        return count
    for result in dossier.procedure_version.results or []:
        name = str(result.get("name", "")) if isinstance(result, dict) else ""
        if not name:
            continue
        data_store_deposit(
            owner=owner, kind=_kind(name), title=name, source_dossier=dossier.code,
            procedure_code=procedure, at=at, actor=actor, number=dossier.code,
            data={"form_data": dossier.form_data, "procedure": procedure, "returned_at": at.isoformat()},
        )  # fmt: skip
        count += 1
    return count


def deposit_on_last_step(context: StepContext) -> None:
    """Step effect: when the last step completes, the results go into the data store."""
    if context.step is None or context.following is not None:
        return
    actor = actor_label(context.actor)
    if deposit_results(context.dossier, at=context.at, actor=actor):
        context.notes.append(_("Kết quả đã được lưu vào kho dữ liệu điện tử của người nộp hồ sơ."))
