"""Who gets into the back-office: officers only, decided once for the whole URLconf.

Every page under ``/can-bo/`` except signing in and out goes through :func:`officer_required`
(applied by :func:`officers_only` in ``urls.py``), so a new page cannot forget the check. A
visitor who is not signed in is sent to the officers' login; a signed-in citizen (an e-ID login
with no officer role) gets 403 and a link to the officers' login.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import is_officer

View = Callable[..., HttpResponseBase]


def officer_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_officer(user=request.user, on=timezone.localdate()):
            return render(
                request,
                "backoffice/forbidden.html",
                {
                    "message": _(
                        "Trang này dành cho cán bộ. Tài khoản bạn đang dùng không có vai trò cán "
                        "bộ tại cơ quan nào; hãy đăng nhập bằng tài khoản cán bộ."
                    ),
                    "officer_login": True,
                },
                status=403,
            )
        return view(request, *args, **kwargs)

    wrapped.officer_only = True  # type: ignore[attr-defined]
    return wrapped


def officers_only(patterns: Sequence[URLPattern]) -> list[URLPattern]:
    """``patterns`` with each view wrapped by :func:`officer_required`."""
    return [
        URLPattern(p.pattern, officer_required(p.callback), p.default_args, p.name)
        for p in patterns
    ]
