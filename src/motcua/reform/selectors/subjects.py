"""What the reform team compares and plans for: internal procedures of the register and public
procedures in force, their texts, and the procedures with a history to mine.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.selectors import split_code
from motcua.core.periods import in_force
from motcua.dossiers.models import Dossier
from motcua.reform.models import (
    InternalProcedure,
)
from motcua.reform.overlap import ProcedureText
from motcua.reform.permissions import ReformScope

INTERNAL = "internal:"
PUBLIC = "public:"


@dataclass(frozen=True)
class Subject:
    """A procedure under review, internal or public, as the pages show it."""

    ref: str
    code: str
    name: str
    agency: str
    internal: bool
    steps: tuple[str, ...]
    documents: tuple[str, ...]


def _versions_in_force(on: date) -> QuerySet[ProcedureVersion]:
    return (
        ProcedureVersion.objects.filter(in_force(on), status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .prefetch_related("steps", "components", "legal_basis", "fees")
    )


def internal_procedures(*, scope: ReformScope) -> QuerySet[InternalProcedure]:
    return scope.internal_procedures()


def register_agencies(*, scope: ReformScope) -> list[tuple[str, str, int]]:
    """(agency code, agency name, number of internal procedures) of the register."""
    rows = (
        scope.internal_procedures()
        .values("agency_code", "agency_name")
        .annotate(n=Count("pk"))
        .order_by("agency_code")
    )
    return [(r["agency_code"], r["agency_name"], r["n"]) for r in rows]


def overlap_texts(*, on: date) -> list[ProcedureText]:
    """The register and the catalogue in force on ``on``, as overlap detection reads them."""
    texts = [
        ProcedureText(
            ref=f"{INTERNAL}{p.code}",
            name=p.name,
            agency=p.agency_name,
            legal_basis=tuple(p.legal_basis),
            steps=tuple(s["name"] for s in p.steps),
            documents=tuple(d["name"] for d in p.documents),
            internal=True,
        )
        for p in InternalProcedure.objects.all()
    ]
    texts.extend(
        ProcedureText(
            ref=f"{PUBLIC}{v.procedure.code}",
            name=v.name,
            agency=v.implementing_agency,
            legal_basis=tuple(f"{b.number} {b.title}" for b in v.legal_basis.all()),
            steps=tuple(s.name for s in v.steps.all()),
            documents=tuple(c.name for c in v.components.all()),
            code=v.procedure.code,
            decision=v.decision_number,
            levels=tuple(v.levels),
        )
        for v in _versions_in_force(on)
    )
    return texts


def public_version(code: str, on: date) -> ProcedureVersion | None:
    national, suffix = split_code(code)
    return (
        _versions_in_force(on)
        .filter(procedure__national_code=national, procedure__local_suffix=suffix)
        .first()
    )


def subject_describe(*, ref: str, on: date) -> Subject | None:
    if ref.startswith(INTERNAL):
        p = InternalProcedure.objects.filter(code=ref.removeprefix(INTERNAL)).first()
        if p is None:
            return None
        return Subject(
            ref=ref,
            code=p.code,
            name=p.name,
            agency=p.agency_name,
            internal=True,
            steps=tuple(s["name"] for s in p.steps),
            documents=tuple(d["name"] for d in p.documents),
        )
    if ref.startswith(PUBLIC):
        v = public_version(ref.removeprefix(PUBLIC), on)
        if v is None:
            return None
        return Subject(
            ref=ref,
            code=v.procedure.code,
            name=v.name,
            agency=v.implementing_agency,
            internal=False,
            steps=tuple(s.name for s in v.steps.all()),
            documents=tuple(c.name for c in v.components.all()),
        )
    return None


def subjects_for_plans(*, on: date, scope: ReformScope) -> list[tuple[str, str]]:
    """(ref, label) of every procedure a plan may be drafted for."""
    out = [
        (f"{INTERNAL}{p.code}", f"{p.code} – {p.name} ({p.agency_name})")
        for p in scope.internal_procedures()
    ]
    out += [
        (f"{PUBLIC}{v.procedure.code}", f"{v.procedure.code} – {v.name}")
        for v in ProcedureVersion.objects.filter(
            in_force(on), status=VersionStatus.PUBLISHED
        ).select_related("procedure")
    ]
    return out


def findings_counts(*, scope: ReformScope) -> dict[str, int]:
    rows = scope.findings().values("judgement").annotate(n=Count("pk"))
    return {r["judgement"]: r["n"] for r in rows}


def procedures_with_dossiers(*, scope: ReformScope) -> list[tuple[str, str, int]]:
    """(procedure code, name, dossiers) of every procedure with a history to mine in ``scope``."""
    rows = (
        Dossier.objects.filter(scope.dossiers())
        .values(
            "procedure_version__procedure__national_code",
            "procedure_version__procedure__local_suffix",
        )
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = {
        v.procedure.code: v.name
        for v in ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
            "procedure"
        )
    }
    out = []
    for r in rows:
        national = r["procedure_version__procedure__national_code"]
        suffix = r["procedure_version__procedure__local_suffix"]
        code = f"{national}.{suffix}" if suffix else national
        out.append((code, names.get(code, ""), r["n"]))
    return out
