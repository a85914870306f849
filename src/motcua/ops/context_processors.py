"""What every template may say about where its figures were read."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from motcua.ops.replica import replica_read_state


def replica_lag(request: HttpRequest) -> dict[str, object]:
    """``replica_as_of``: the moment the page's figures are current to, when they were read from a
    replica at least ``MOTCUA_REPLICA_LAG_SHOWN_SECONDS`` behind (a page read from the primary, or
    from a replica closer than that, says nothing)."""
    state = replica_read_state()
    if state is None or state.lag_seconds < settings.MOTCUA_REPLICA_LAG_SHOWN_SECONDS:
        return {}
    return {"replica_as_of": timezone.now() - timedelta(seconds=state.lag_seconds)}
