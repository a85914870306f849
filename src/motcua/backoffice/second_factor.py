"""Second factor (xác thực hai bước) for officers and administrators: a TOTP authenticator.

One rule, in one middleware: a signed-in user who reaches the back office or the admin site must
have proved a second factor in this session when ``MOTCUA_OTP_REQUIRED`` is on (production's
default), or whenever they have enrolled an authenticator. Otherwise they are sent to verify
their code, or, with none yet, to enrol one.
"""

import base64
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.accounts.services import totp_device_confirm, totp_device_start
from motcua.core.rows import KeyedQuery

#: Views reachable before the second factor: logging in and out, and the factor's own pages.
_OPEN = frozenset(
    {
        "backoffice:login",
        "backoffice:logout",
        "backoffice:otp_verify",
        "backoffice:otp_enrol",
        "admin:login",
        "admin:logout",
    }
)
_GUARDED_NAMESPACES = ("backoffice", "admin")


def _verified(user: object) -> bool:
    """Whether this session proved a second factor (django-otp's middleware adds the method)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def _has_device(user: object) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


#: The verified device of a session, by its model: one statement compiled once per model, read
#: on every request of a signed-in officer.
_DEVICE_BY_ID: dict[type[Device], KeyedQuery] = {}
_devices_lock = threading.Lock()


def _device_query(model: type[Device]) -> KeyedQuery:
    def build(key: int) -> QuerySet[Device]:
        devices: QuerySet[Device] = model.objects.filter(id=key).order_by("pk")
        return devices[:1]

    return KeyedQuery(build)


class DeviceMiddleware(OTPMiddleware):  # type: ignore[misc] # django-otp declares no types
    """django-otp's middleware (``request.user.otp_device``, ``is_verified()``), reading the
    session's device with a statement compiled once rather than by the ORM on every request."""

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        persistent_id = self._normalize_persistent_id(persistent_id)
        # As Device.from_persistent_id: a malformed id, or one of no device model, names none.
        with suppress(ValueError, LookupError):
            model_label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = model_label.split(".")
            model = apps.get_model(app_label, model_name)
            if not issubclass(model, Device):
                return None
            with _devices_lock:
                query = _DEVICE_BY_ID.get(model)
                if query is None:
                    query = _DEVICE_BY_ID[model] = _device_query(model)
            found = query.instances(int(device_id))
            return cast("Device", found[0]) if found else None
        return None


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        match = request.resolver_match
        user = request.user
        if (
            match is None
            or match.namespace not in _GUARDED_NAMESPACES
            or match.view_name in _OPEN
            or not user.is_authenticated
            or _verified(user)
        ):
            return None
        has_device = _has_device(user)
        if not (settings.MOTCUA_OTP_REQUIRED or has_device):
            return None
        target = "backoffice:otp_verify" if has_device else "backoffice:otp_enrol"
        return HttpResponseRedirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        max_length=12,
        error_messages={"required": gettext_lazy("Nhập mã 6 chữ số trong ứng dụng xác thực.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


_WRONG_TOKEN = gettext_lazy("Mã xác thực không đúng hoặc đã hết hạn. Nhập mã đang hiển thị.")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("backoffice:home")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _WRONG_TOKEN)
    return render(request, "backoffice/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required lets only a signed-in user in
    if _has_device(user) and not _verified(user):
        return redirect(f"{reverse('backoffice:otp_verify')}?{urlencode({'next': _next(request)})}")
    device: TOTPDevice = totp_device_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"], at=timezone.now()):
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _WRONG_TOKEN)
    import segno  # loaded by an enrolment, not by every web worker at start

    qr = segno.make_qr(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next(request),
        "qr": qr.svg_data_uri(scale=5, border=2),
        "secret": _base32(device.bin_key),
    }
    return render(request, "backoffice/otp_enrol.html", context)


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
