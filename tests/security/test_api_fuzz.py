"""Schemathesis over the OpenAPI schema, against the real application (its WSGI handler, in the
test's database), anonymous and with an officer's token: no answer is a 5xx, and every status the
API answers is one the schema documents.

Derandomized (the same examples on every run) and bounded per operation, so that CI is
reproducible and the run stays within a minute or two.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from motcua.api.tests.catalog_data import publish_military_first_registration
from motcua.dossiers.tests.factories import build_world, submit

EXAMPLES_PER_OPERATION = 20
FUZZED: dict[str, int] = {"requests": 0}


# Loaded once, from the application itself, as a client would read it.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
bounded = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _application(db: None, settings: Settings, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_LOOKUP_RATE = "100000/min"
    settings.MOTCUA_FEEDBACK_RATE = "100000/min"
    # As Django's test client does: a request must not close the connection that holds the
    # test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_headers() -> dict[str, str]:
    """A one-stop officer's token, with a published procedure and a dossier to look at."""
    world = build_world()
    publish_military_first_registration()
    submit(world)
    return {"Authorization": f"Token {Token.objects.create(user=world.receiver).key}"}


def _call_and_check(case: Any, headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    FUZZED["requests"] += 1
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance])


@schema.parametrize()
@bounded
def test_anonymous_requests_are_answered_as_documented(case: Any) -> None:
    _call_and_check(case, {})


@schema.parametrize()
@bounded
def test_an_officers_requests_are_answered_as_documented(
    case: Any, officer_headers: dict[str, str]
) -> None:
    _call_and_check(case, officer_headers)


def test_report_the_number_of_fuzzed_requests() -> None:
    # Runs after the two above (pytest keeps the order of a module); -s shows the figure.
    print(f"fuzzed requests: {FUZZED['requests']}")  # noqa: T201 - the figure CI reports
