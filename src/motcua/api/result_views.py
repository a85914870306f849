"""``GET /api/v1/dossiers/{code}/results/{verification_code}/``: the signed result (PDF).

Scoped with ``dossier_open_for`` (the applicant, officers of the agencies involved); the read is
audited like every read of a dossier.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from motcua.api.schema_notes import extend_schema
from motcua.core.errors import NotFound
from motcua.dossiers.services import dossier_open_for


class ResultView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Kết quả giải quyết điện tử đã ký số (PDF)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, code: str, verification_code: str) -> FileResponse:
        dossier = dossier_open_for(
            user=request.user, code=code, at=timezone.now(), purpose=f"result:{verification_code}"
        )
        result = dossier.results.filter(verification_code=verification_code).first()
        if result is None:
            raise NotFound(_("Không tìm thấy kết quả của hồ sơ."))
        return FileResponse(
            default_storage.open(result.file.name, "rb"),
            as_attachment=True,
            filename=f"ket-qua-{result.verification_code}.pdf",
            content_type="application/pdf",
        )
