"""The operations' schema notes: kept beside the views while serving, applied when the schema is
built, so that a web worker never loads drf-spectacular's generator unless asked for the schema."""

import subprocess
import sys

from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.schema import ErrorDocumentingAutoSchema
from motcua.api.schema_notes import extend_schema, notes_applied, notes_waiting


def test_a_note_changes_nothing_until_applied_then_gives_drf_spectacular_the_same_schema() -> None:
    class NotedView(APIView):
        @extend_schema(summary="Một thao tác được ghi chú")
        def get(self, request: object) -> Response:
            return Response()

    assert notes_waiting() >= 1
    assert not hasattr(NotedView.get, "kwargs")

    notes_applied()

    assert notes_waiting() == 0
    schema_class = NotedView.get.kwargs["schema"]  # type: ignore[attr-defined]
    # drf-spectacular's own subclass of the project's schema class, as its decorator builds it.
    assert issubclass(schema_class, ErrorDocumentingAutoSchema)
    assert schema_class is not ErrorDocumentingAutoSchema


def test_resolving_the_urls_loads_no_schema_generator_nor_test_client() -> None:
    """What a worker loads at its first request: the views of every page and API, and not
    drf-spectacular's generator with REST framework's and Django's test clients."""
    code = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver()._populate()\n"
        "import motcua.api.dossier_views, motcua.api.catalog_views\n"
        "watched = ('drf_spectacular.openapi', 'drf_spectacular.views', 'rest_framework.test')\n"
        "print(*(name in sys.modules for name in watched))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["False", "False", "False"], done.stderr
