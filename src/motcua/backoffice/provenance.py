"""What the back-office shows of once-only: the provenance of every field of a dossier, and the
data-reuse rate per procedure for the reform team."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.catalog.models import Component
from motcua.dossiers.models import Dossier
from motcua.registry.models import ProvenanceSource


@dataclass(frozen=True)
class ProvenanceRow:
    field: str
    source: str
    at: datetime | None
    evidence: str
    verified: bool
    note: str


def _source_label(source: Any) -> str:
    try:
        return str(ProvenanceSource(source).label)
    except ValueError:
        return str(source)


def provenance_rows(dossier: Dossier) -> list[ProvenanceRow]:
    components = {
        c.code: c for c in Component.objects.filter(version_id=dossier.procedure_version_id)
    }
    rows = []
    for key, entry in sorted((dossier.form_provenance or {}).items()):
        if not isinstance(entry, dict):
            continue
        head, _dot, prop = key.partition(".")
        if head == "documents":
            component = components.get(prop)
            label = component.name if component else prop
        else:
            component = components.get(head)
            spec = (((component.schema if component else None) or {}).get("properties") or {}).get(
                prop
            ) or {}
            label = str(spec.get("title") or prop)
        notes = []
        if entry.get("declined"):
            notes.append(_("Người nộp không dùng dữ liệu nhà nước, tự nhập"))
        if entry.get("unavailable"):
            notes.append(_("Nguồn dữ liệu không sẵn sàng khi nộp, tự nhập"))
        if entry.get("unverified_claim"):
            notes.append(_("Nguồn khai báo không khớp chứng cứ"))
        if entry.get("title"):
            notes.append(str(entry["title"]))
        rows.append(
            ProvenanceRow(
                field=label,
                source=_source_label(entry.get("source", "")),
                at=parse_datetime(str(entry.get("at", ""))),
                evidence=str(entry.get("evidence", "")),
                verified=entry.get("verified") is True,
                note="; ".join(notes),
            )
        )
    return rows
