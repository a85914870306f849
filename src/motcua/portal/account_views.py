"""Citizens log in with VNeID (OpenID Connect, the local simulator in the demo) and log out."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from motcua.accounts.backends import USER_BACKEND
from motcua.accounts.contrib.vneid.client import OidcError, client_from_settings
from motcua.accounts.identity import applicant_from_identity
from motcua.accounts.models import User
from motcua.core.errors import ValidationFailed
from motcua.portal.selectors import applicant_of

PENDING_KEY = "vneid_pending"
View = TypeVar("View", bound=Callable[..., HttpResponse])


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("portal:my_dossiers")


def citizen_required(view: View) -> View:
    """Only a citizen logged in with VNeID (a user with an applicant) gets through."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not isinstance(user, User) or applicant_of(user=user) is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def login_page(request: HttpRequest) -> HttpResponse:
    """Đăng nhập: a button that starts the VNeID login (POST, so a link cannot start it)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST":
        try:
            pending = client_from_settings().authorization_request(
                redirect_uri=request.build_absolute_uri(reverse("portal:login_callback"))
            )
        except OidcError as exc:
            return render(
                request, "portal/login.html", {"next": next_url, "error": exc.message}, status=502
            )
        request.session[PENDING_KEY] = {**pending.to_session(), "next": next_url}
        return HttpResponseRedirect(pending.url)
    return render(request, "portal/login.html", {"next": next_url, "error": ""})


def login_callback(request: HttpRequest) -> HttpResponse:
    """Xác thực: check VNeID's answer, then log the citizen in as their applicant's user."""
    pending = request.session.pop(PENDING_KEY, None) or {}
    try:
        identity = client_from_settings().complete(
            params=request.GET.dict(), pending=pending, now=timezone.now()
        )
        applicant = applicant_from_identity(claims=identity.claims, at=timezone.now())
    except (OidcError, ValidationFailed) as exc:
        context = {"next": pending.get("next", ""), "error": exc.message}
        return render(request, "portal/login.html", context, status=400)
    assert applicant.user is not None  # noqa: S101 - applicant_from_identity always links one
    login(request, applicant.user, backend=USER_BACKEND)
    return redirect(_safe_next(request, pending.get("next", "")))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")
