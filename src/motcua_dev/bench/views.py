"""The ceiling of ``motcua bench http``: the least a Django view served the same way can do."""

from django.db import connection
from django.http import HttpRequest, HttpResponse


def ceiling(request: HttpRequest, pk: int) -> HttpResponse:
    """One primary-key SELECT through the full middleware stack, and a tiny answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM dossiers_dossier WHERE id = %s", [pk])
        row = cursor.fetchone()
    return HttpResponse(row[0] if row else "", content_type="text/plain")
