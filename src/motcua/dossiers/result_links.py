"""Links to a dossier's signed results, for the citizen's and the officers' dossier pages."""

from dataclasses import dataclass
from datetime import datetime

from motcua.dossiers.models import Dossier, DossierResultKind


@dataclass(frozen=True)
class ResultLink:
    title: str
    code: str
    url: str  # the PDF, through the API (scoped and audited)
    verify_url: str  # the public verification page
    signed_at: datetime | None
    signers: tuple[str, ...]


def result_links(dossier: Dossier, *, signed_only: bool = True) -> tuple[ResultLink, ...]:
    # Slips signed with the agency's seal are results too, but are offered as slips.
    results = dossier.results.filter(kind=DossierResultKind.RESULT).order_by("created_at", "pk")
    if signed_only:
        results = results.filter(signed_at__isnull=False)
    return tuple(
        ResultLink(
            title=r.title,
            code=r.verification_code,
            url=f"/api/v1/dossiers/{dossier.code}/results/{r.verification_code}/",
            verify_url=f"/verify/{r.verification_code}/",
            signed_at=r.signed_at,
            signers=tuple(str(s.get("signer", "")) for s in r.signatures or []),
        )
        for r in results
    )
