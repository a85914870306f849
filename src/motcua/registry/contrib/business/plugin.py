from datetime import datetime

from motcua.registry.plugins import RegistryAnswer
from motcua.registry.signed_lookup import signed_lookup


class BusinessRegistry:
    """An enterprise or household business by tax code: name, kind, address, owner, status."""

    source = "business_db"

    def lookup(
        self, *, subject: str, purpose: str, dossier_code: str, request_id: str, at: datetime
    ) -> RegistryAnswer:
        return signed_lookup(
            source=self.source,
            collection="businesses",
            subject=subject,
            purpose=purpose,
            dossier_code=dossier_code,
            request_id=request_id,
            at=at,
        )
