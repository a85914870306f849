"""Who gets into the back-office: officers only, decided once for the whole URLconf.

Every page under ``/can-bo/`` except signing in and out goes through :func:`officer_required`
(applied by :func:`officers_only` in ``urls.py``), so a new page cannot forget the check. A
visitor who is not signed in is sent to the officers' login; a signed-in citizen (an e-ID login
with no officer role) gets 403 and a link to the officers' login.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role, User
from motcua.accounts.permissions import is_officer
from motcua.accounts.selectors import officer_role_keys, officer_roles_kept
from motcua.backoffice.selectors import officer_one_stop_unit
from motcua.core.reversing import reverse_kept

View = Callable[..., HttpResponseBase]


def officer_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.method in {"GET", "HEAD"} and isinstance(request.user, User):
            # A page that only reads asks the officer's roles once, however many parts need them.
            officer_roles_kept(user=request.user)
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


# Which officer may open which page: the views and the navigation both ask these, so the menu
# never offers a page that would answer 403.


def may_receive_at_counter(*, user: User, on: date) -> bool:
    """Counter intake (tiếp nhận hồ sơ) and digitization: one-stop officers of a one-stop unit."""
    # Most officers hold no one-stop role: their answer needs no read of the units.
    if not any(
        role == Role.ONE_STOP_OFFICER for _agency, role in officer_role_keys(user=user, on=on)
    ):
        return False
    return officer_one_stop_unit(user=user, on=on) is not None


def is_reform_team(*, user: User, on: date) -> bool:
    """The reform workspace: the reform team (tổ công tác cải cách) and administrators."""
    return user.is_superuser or any(
        role == Role.REFORM_TEAM for _agency, role in officer_role_keys(user=user, on=on)
    )


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: bool


def officer_navigation(*, user: User, on: date, path: str) -> list[NavItem]:
    """The back office's navigation for ``user``: only the pages they may open."""
    counter = may_receive_at_counter(user=user, on=on)
    # (URL name, label, whether the user may open it, whether pages below it count as current)
    entries = [
        ("backoffice:home", _("Trang chủ"), True, False),
        ("backoffice:intake_start", _("Tiếp nhận hồ sơ"), counter, True),
        ("backoffice:queue", _("Hồ sơ cần xử lý"), True, False),
        ("backoffice:appointments", _("Lịch hẹn"), counter, False),
        ("backoffice:digitize", _("Số hóa hồ sơ giấy"), counter, True),
        ("backoffice:feedback_queue", _("Phản ánh, kiến nghị"), True, False),
        ("backoffice:dashboard", _("Báo cáo, chỉ số"), True, False),
        ("backoffice:reform_home", _("Cải cách TTHC"), is_reform_team(user=user, on=on), True),
    ]
    items = []
    for name, label, allowed, below in entries:
        if not allowed:
            continue
        url = reverse_kept(name)
        current = path == url or (below and path.startswith(url))
        items.append(NavItem(url=url, label=label, current=current))
    return items
