"""How often one client address may send feedback (giới hạn tần suất gửi phản ánh, kiến nghị).

The portal form and the public API are open to anyone without an account, so each client address
may send at most ``MOTCUA_FEEDBACK_RATE`` items (shared by both), counted with the same sliding
window as the dossier lookup (:mod:`motcua.core.ratelimit`). The gateway's signed SMS channel and
mail are not limited here.
"""

from collections.abc import Mapping
from datetime import datetime

from django.conf import settings

from motcua.core.ratelimit import LookupDecision, client_address, parse_rate, rate_hit


def feedback_rate_hit(*, meta: Mapping[str, object], now: datetime) -> LookupDecision:
    """One attempt to send feedback from the client of ``meta`` (a request's ``META``)."""
    decision = rate_hit(
        scope="feedback",
        client=client_address(meta, trusted_header=settings.MOTCUA_TRUSTED_PROXY_HEADER),
        rate=parse_rate(settings.MOTCUA_FEEDBACK_RATE),
        now=now,
    )
    return LookupDecision(allowed=decision.allowed, retry_after=decision.retry_after)


def feedback_follow_rate_hit(*, meta: Mapping[str, object], now: datetime) -> LookupDecision:
    """One look at an item by its code (and key): ``MOTCUA_LOOKUP_RATE``, counted apart from
    the dossier lookup, so codes and tracking keys cannot be tried in bulk."""
    decision = rate_hit(
        scope="feedback_follow",
        client=client_address(meta, trusted_header=settings.MOTCUA_TRUSTED_PROXY_HEADER),
        rate=parse_rate(settings.MOTCUA_LOOKUP_RATE),
        now=now,
    )
    return LookupDecision(allowed=decision.allowed, retry_after=decision.retry_after)
