"""A version as the JSON-ready dict of ``catalog export``, and the texts search reads."""

from typing import Any

from motcua.catalog.fees import fee_payload
from motcua.catalog.models import ProcedureVersion
from motcua.core.text import fold


def search_text_for(
    *, code: str, name: str, field_name: str, name_en: str = "", aliases: str = ""
) -> str:
    return fold(f"{code} {aliases} {name} {name_en} {field_name}")[:2000]


def search_name_for(name: str) -> str:
    folded = fold(name)
    return (folded[len("thu tuc ") :] if folded.startswith("thu tuc ") else folded)[:500]


def time_payload(version: ProcedureVersion) -> dict[str, Any] | None:
    """The time of a version in the export shape; None when the source states none."""
    if not (
        version.processing_time_unit or version.processing_time_text or version.processing_terms
    ):
        return None
    data: dict[str, Any] = {
        "value": version.processing_time_value,
        "unit": version.processing_time_unit,
    }
    if version.processing_time_text:
        data["text"] = version.processing_time_text
    if version.processing_terms:
        data["terms"] = [dict(t) for t in version.processing_terms]
    return data


def version_payload(version: ProcedureVersion) -> dict[str, Any]:
    """The version as a JSON-ready dict, without ids, number, status or period."""
    norm: dict[str, Any] | None = None
    if version.service_norm_value is not None:
        norm = {"value": version.service_norm_value, "unit": version.service_norm_unit}
    return {
        "name": version.name,
        "decision_number": version.decision_number,
        "levels": list(version.levels),
        "procedure_type": version.procedure_type,
        "field": version.field.code,
        "implementing_agency": version.implementing_agency,
        "competent_agency_kind": version.competent_agency_kind,
        "agencies": sorted(a.code for a in version.agencies.all()),
        "processing_time": time_payload(version),
        "service_norm": norm,
        "online_level": version.online_level,
        "payment_stage": version.payment_stage,
        "applicant_types": list(version.applicant_types),
        "conditions": version.conditions,
        "channels": list(version.channels),
        "results": [dict(r) for r in version.results],
        "note": version.note,
        "legal_basis": [
            {
                "number": lb.number,
                "title": lb.title,
                "issued_on": lb.issued_on.isoformat() if lb.issued_on else None,
                "article": lb.article,
                "clause": lb.clause,
            }
            for lb in sorted(version.legal_basis.all(), key=lambda x: x.order)
        ],
        "fees": [fee_payload(fee) for fee in sorted(version.fees.all(), key=lambda x: x.order)],
        "components": [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "schema": c.schema,
                "template": c.template,
                "required": c.required,
                "originals": c.originals,
                "copies": c.copies,
                "reusable_from": list(c.reusable_from),
            }
            for c in sorted(version.components.all(), key=lambda x: x.order)
        ],
        "steps": [
            {
                "name": s.name,
                "role": s.role,
                "unit_description": s.unit_description,
                "minutes": s.minutes,
                "citizen_facing": s.citizen_facing,
                "signs_result": s.signs_result,
                "decides": s.decides,
            }
            for s in sorted(version.steps.all(), key=lambda x: x.order)
        ],
        "agency_roles": [dict(a) for a in version.agency_roles],
        "dossier_sets": version.dossier_sets,
        "fee_text": version.fee_text,
        "source_url": version.source_url,
        "name_en": version.name_en,
        "description_en": version.description_en,
    }
