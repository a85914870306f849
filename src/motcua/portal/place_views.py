"""Nơi giải quyết, answered while the citizen picks: the competent agency of one place."""

from django.http import Http404, HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import NotFound
from motcua.portal.selectors import competent_for


@require_GET
def procedure_place(request: HttpRequest, code: str) -> JsonResponse:
    """``{"agency", "receiving_unit", "html"}`` for the place ``?noi=`` of procedure ``code``:
    the place picker's script puts ``html`` (the same notice the form shows after a reload) beside
    the picker. Competence is public (the catalogue publishes it): no login. An unknown place
    answers empty names, not an error, so the picker just clears the notice."""
    on = timezone.localdate()
    try:
        version = procedure_version_current(code=code, on=on)
    except NotFound as error:
        raise Http404(error.message) from error
    place = request.GET.get("noi", "").strip()
    competent = competent_for(version=version, unit_code=place, on=on) if place else None
    return JsonResponse(
        {
            "agency": competent.agency if competent else "",
            "receiving_unit": competent.receiving_unit if competent else "",
            "html": render_to_string(
                "portal/_competent.html", {"competent": competent}, request=request
            ),
        }
    )
