"""The officers' sign-in form, with Vietnamese labels and errors that name their field."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class OfficerLoginForm(AuthenticationForm):
    """Đăng nhập của cán bộ. A wrong name or password is reported on the password field."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        error_messages={"required": _("Nhập tên đăng nhập")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        error_messages={"required": _("Nhập mật khẩu")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại, lưu ý chữ hoa và chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị viên của cơ quan."),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as error:
            # Said next to the password field, so the error sits where the person will retype.
            self.add_error("password", error)
            return self.cleaned_data
