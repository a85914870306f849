"""The backend that keeps users: Django's ``ModelBackend``, reading the signed-in user of a
session with a statement compiled once per process.

Every request of a signed-in officer reads its user by primary key before anything else; through
the ORM that read cost more CPU (compiling the query) than the database spends answering it. The
answers are ``ModelBackend``'s: an unknown id, or a user who may not sign in, is no user.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from motcua.accounts.models import User
from motcua.core.rows import KeyedQuery

#: The dotted path sessions record for this backend (``login(..., backend=USER_BACKEND)``).
USER_BACKEND = "motcua.accounts.backends.UserBackend"

_USER_BY_ID = KeyedQuery(lambda key: User._default_manager.filter(pk=key))


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        found = _USER_BY_ID.instances(key)
        if not found:
            return None
        user: User = found[0]
        return user if self.user_can_authenticate(user) else None
