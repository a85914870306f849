"""An API client signed in with a user's token, for the API's tests."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.accounts.models import User


def client_for(user: User) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
