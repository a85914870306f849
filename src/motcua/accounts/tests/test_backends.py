"""The backend that keeps users reads a session's user as Django's ModelBackend does, by a
statement compiled once."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.backends import USER_BACKEND, UserBackend
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_s_user_is_read_whole_in_one_statement_each() -> None:
    kept, other = UserFactory.create(), UserFactory.create(is_staff=True)
    backend = UserBackend()

    with CaptureQueriesContext(connection) as queries:
        found, second = backend.get_user(kept.pk), backend.get_user(other.pk)

    assert (found, second) == (kept, other)
    assert found is not None
    assert second is not None
    assert (found.username, found.full_name, found.password) == (
        kept.username,
        kept.full_name,
        kept.password,
    )
    assert second.is_staff
    assert len(queries.captured_queries) == 2


def test_an_unknown_or_inactive_user_is_no_user_as_with_model_backend() -> None:
    inactive = UserFactory.create(is_active=False)

    for user_id in (inactive.pk, inactive.pk + 1000):
        assert UserBackend().get_user(user_id) is None
        assert ModelBackend().get_user(user_id) is None


def test_an_officer_signed_in_is_known_on_the_next_request_through_this_backend() -> None:
    officer = RoleAssignmentFactory.create().user
    client = Client()
    client.force_login(officer)

    assert client.session[BACKEND_SESSION_KEY] == USER_BACKEND
    response = client.get("/can-bo/ho-so/")
    assert response.status_code == 200
    assert response.context["user"] == officer
