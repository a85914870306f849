"""The API's token check answers as REST framework's does, from its statement compiled once."""

import pytest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_known_token_signs_its_user_in_and_another_is_refused() -> None:
    token = Token.objects.create(user=UserFactory.create(username="officer"))

    known = _client(token.key).get("/api/v1/dossiers/")
    unknown = _client("0" * 40).get("/api/v1/dossiers/")

    assert known.status_code == 200, known.content
    # 403, not 401: the session's check comes first and names no challenge (as before).
    assert unknown.status_code == 403
    assert unknown.json()["detail"] == _("Invalid token.")


def test_the_token_of_an_inactive_user_is_refused() -> None:
    token = Token.objects.create(user=UserFactory.create(username="gone", is_active=False))

    response = _client(token.key).get("/api/v1/dossiers/")

    assert response.status_code == 403
    assert response.json()["detail"] == _("User inactive or deleted.")
