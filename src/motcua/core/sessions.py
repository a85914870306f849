"""Sessions kept in the database, as Django's ``db`` engine keeps them, read with a statement
compiled once: every request of a signed-in user reads its session first, and the ORM spent
more CPU compiling that read than the database spends answering it."""

from datetime import datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from motcua.core.shapes import ShapedQuery, Statement, queryset_statement

_SESSION = ShapedQuery(shapes=4)


def _statement(values: tuple[Any, ...]) -> Statement | None:
    key, now = values
    return queryset_statement(Session.objects.filter(session_key=key, expire_date__gt=now))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        now: datetime = timezone.now()
        found = _SESSION.instances(Session, (self.session_key, now), _statement)
        if not found:
            self._session_key = None
            return None
        return found[0]
