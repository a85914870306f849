"""The OpenAPI schema's address, served by drf-spectacular's view imported at the first request
for it: a worker that is never asked for the schema never loads the generator (see
:mod:`motcua.api.schema_notes`)."""

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt


@cache
def _spectacular_view() -> Any:
    from drf_spectacular.views import SpectacularAPIView

    return SpectacularAPIView.as_view()


@csrf_exempt
def schema_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    response: HttpResponse = _spectacular_view()(request, *args, **kwargs)
    return response
