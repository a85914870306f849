import unicodedata

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from motcua.core.middleware import UnicodeNormalizationMiddleware


def _echo(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{request.GET['q']}|{request.POST['name']}")


def test_query_and_form_text_reach_the_view_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Trần Thị Ánh")
    request = RequestFactory().post(f"/?q={decomposed}", {"name": decomposed})

    response = UnicodeNormalizationMiddleware(_echo)(request)

    assert response.content.decode() == "Trần Thị Ánh|Trần Thị Ánh"
