"""One handler maps domain errors to HTTP answers with messages a person can act on."""

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from motcua.core.errors import Conflict, DomainError, Forbidden, KeyReused, NotFound

_STATUS = {
    NotFound: status.HTTP_404_NOT_FOUND,
    Forbidden: status.HTTP_403_FORBIDDEN,
    Conflict: status.HTTP_409_CONFLICT,
    KeyReused: status.HTTP_422_UNPROCESSABLE_ENTITY,
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        code = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), 400)
        body = {
            "code": exc.code,
            "message": exc.message,
            "errors": [{"path": p.path, "message": p.message} for p in exc.problems],
        }
        return Response(body, status=code)
    return drf_exception_handler(exc, context)
