from datetime import datetime

from motcua.registry.plugins import RegistryAnswer
from motcua.registry.signed_lookup import signed_lookup


class PopulationRegistry:
    """Name, birth date, sex, place of birth, permanent and temporary residence, household,
    marital status and military-service status of a person, by 12-digit personal ID."""

    source = "population_db"

    def lookup(
        self, *, subject: str, purpose: str, dossier_code: str, request_id: str, at: datetime
    ) -> RegistryAnswer:
        return signed_lookup(
            source=self.source,
            collection="persons",
            subject=subject,
            purpose=purpose,
            dossier_code=dossier_code,
            request_id=request_id,
            at=at,
        )
