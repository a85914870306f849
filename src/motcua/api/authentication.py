"""The API's token check: REST framework's, with its statement compiled once per process.

Every call with a token reads the token and its user; building that query costs the ORM more CPU
than the database spends on it. The answers (and the messages) are REST framework's.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from motcua.core.rows import NO_TEXT_KEY, KeyedQuery

_TOKENS = KeyedQuery(
    lambda key: Token.objects.select_related("user").filter(key=key), stand_in=NO_TEXT_KEY
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        found = _TOKENS.instances(key)
        if not found:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token: Token = found[0]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
