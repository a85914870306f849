"""When the signed-in officer last changed something through the back office.

The work queue's counts are kept a while for everyone of the same roles
(:data:`motcua.backoffice.selectors.QUEUE_COUNTS_KEPT`); a dossier the officer just received,
moved or returned must not stay counted on their own next page. Every back-office ``POST`` that
succeeded (a redirect or a page, no error) notes its moment in the officer's session, which every
web process reads; the queue recounts when its kept counts are older.

The moment is taken once the view has answered, its transaction committed: counts made from a
moment after it saw the change.
"""

from collections.abc import Callable
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

_SESSION_KEY = "motcua.backoffice.acted_at"


def acted_at(request: HttpRequest) -> datetime | None:
    """When the officer of ``request`` last acted in the back office, in this session."""
    noted = request.session.get(_SESSION_KEY)
    if not isinstance(noted, str):
        return None
    try:
        return datetime.fromisoformat(noted)
    except ValueError:
        return None


class ActedMiddleware:
    """Notes :func:`acted_at` after every successful back-office ``POST`` of a signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method == "POST"
            and response.status_code < 400
            and match is not None
            and match.namespace == "backoffice"
            # Signing out leaves an anonymous user: no session to note it in.
            and request.user.is_authenticated
        ):
            request.session[_SESSION_KEY] = timezone.now().isoformat()
        return response
