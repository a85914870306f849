"""The postal part of counter intake: how the dossier came (counter or post) and how the result
goes back (counter, online, post to an address)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import FieldProblem
from motcua.core.widgets import searchable_select
from motcua.dossiers.models import DossierChannel, ReturnMethod

OPTIONAL = _("(không bắt buộc)")


class IntakePostForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hình thức nộp hồ sơ"),
        choices=[
            (DossierChannel.COUNTER, DossierChannel.COUNTER.label),
            (DossierChannel.POST, DossierChannel.POST.label),
        ],
        initial=DossierChannel.COUNTER,
        # A form that does not ask (an older page, a script) means "at the counter".
        required=False,
    )
    inbound_tracking_number = forms.CharField(
        label=_("Số hiệu bưu gửi mang hồ sơ đến"),
        help_text=_("Chỉ nhập khi hồ sơ nộp qua dịch vụ bưu chính, ví dụ EB123456785VN."),
        max_length=40,
        required=False,
    )
    return_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=ReturnMethod.choices,
        initial=ReturnMethod.COUNTER,
        required=False,
    )
    return_recipient = forms.CharField(
        label=_("Người nhận kết quả qua bưu chính"), max_length=200, required=False
    )
    return_phone = forms.CharField(
        label=_("Số điện thoại di động người nhận"), max_length=20, required=False
    )
    return_street = forms.CharField(
        label=_("Số nhà, đường, thôn, xóm nhận kết quả"), max_length=300, required=False
    )
    return_commune = forms.ChoiceField(
        label=_("Xã, phường, đặc khu nhận kết quả"),
        help_text=_("Chỉ cần khi nhận kết quả qua bưu chính."),
        required=False,
        error_messages={"invalid_choice": _("Vui lòng chọn xã, phường, đặc khu trong danh sách.")},
    )

    def __init__(
        self,
        *args: Any,
        communes: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["return_commune"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", gettext("Chọn xã, phường")), *((p, list(u)) for p, u in communes)]
        field.widget = searchable_select(gettext("Tìm xã, phường nhận kết quả theo tên"))
        field.widget.choices = field.choices

    def clean_channel(self) -> str:
        return str(self.cleaned_data.get("channel") or DossierChannel.COUNTER)

    def clean_return_method(self) -> str:
        return str(self.cleaned_data.get("return_method") or ReturnMethod.COUNTER)

    def submit_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {"return_method": data["return_method"]}
        if data["return_method"] == ReturnMethod.POST:
            arguments["return_address"] = {
                "recipient": data.get("return_recipient", ""),
                "phone": data.get("return_phone", ""),
                "street": data.get("return_street", ""),
                "commune_code": data.get("return_commune", ""),
            }
        return arguments

    @property
    def by_post(self) -> bool:
        return bool(self.cleaned_data.get("channel") == DossierChannel.POST)

    def take_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        """Put the problems that belong here next to their fields; return the others."""
        names = {
            "inbound_tracking_number": "inbound_tracking_number",
            "return_method": "return_method",
            "return_address.recipient": "return_recipient",
            "return_address.phone": "return_phone",
            "return_address.street": "return_street",
            "return_address.commune_code": "return_commune",
        }
        others = []
        for problem in problems:
            name = names.get(problem.path)
            if name is None:
                others.append(problem)
            else:
                self.add_error(name, problem.message)
        return others
