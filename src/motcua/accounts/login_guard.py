"""Brute-force protection of password logins (back office, admin): django-axes counts failures
per account and per client address in the shared cache; each failure and each lockout is written
to the audit chain through :func:`motcua.accounts.services.login_failure_record`."""

from typing import Any

from axes.handlers.cache import AxesCacheHandler
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from motcua.core.ratelimit import client_address


def client_ip(request: HttpRequest) -> str:
    """The address a lockout applies to: the same as the project's rate limits use."""
    return client_address(request.META, trusted_header=settings.MOTCUA_TRUSTED_PROXY_HEADER)


class AuditedCacheHandler(AxesCacheHandler):  # type: ignore[misc]
    """Axes' cache handler (counters in the cache shared by the web nodes), audited."""

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        from motcua.accounts.services import login_failure_record

        login_failure_record(
            username=str(credentials.get("username") or "")[:150],
            address=str(getattr(request, "axes_ip_address", "") or client_ip(request)),
            path=request.path[:200],
            locked_out=bool(getattr(request, "axes_locked_out", False)),
            at=timezone.now(),
        )
