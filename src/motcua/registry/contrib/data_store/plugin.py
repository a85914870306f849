import json
from datetime import datetime

from motcua.registry.models import DataStoreItem
from motcua.registry.plugins import RegistryAnswer


class DataStoreRegistry:
    """Results and documents of the subject's earlier dossiers, read through the same interface
    as the national registries; motcua holds them, so the answer is verified by construction."""

    source = "data_store"

    def lookup(
        self, *, subject: str, purpose: str, dossier_code: str, request_id: str, at: datetime
    ) -> RegistryAnswer:
        items = [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "number": item.number,
                "data": item.data,
                "file_sha256": item.file_sha256,
                "file_reference": item.file_reference,
                "source_dossier": item.source_dossier,
                "procedure_code": item.procedure_code,
                "deposited_at": item.deposited_at.isoformat(),
            }
            for item in DataStoreItem.objects.filter(owner=subject).order_by("deposited_at", "pk")
        ]
        document = {
            "registry": self.source,
            "subject": subject,
            "request_id": request_id,
            "issued_at": at.isoformat(),
            "data": {"items": items},
        }
        return RegistryAnswer(
            source=self.source,
            subject=subject,
            found=bool(items),
            data={"items": items},
            body=json.dumps(document, ensure_ascii=False, sort_keys=True),
            request_id=request_id,
            verified=True,
        )
