"""How the applicant receives the result (hình thức nhận kết quả), on the application form.

At the counter, online into the personal data store, or by the public postal service to an
address. The address starts from what the state holds (:func:`return_address_prefill`: the
population registry's residence when the applicant let the portal ask it); the fields travel
with the form, so they are kept in the draft like every other answer. The address is checked
here with the same rules ``dossier_submit`` applies, and its problems
(``return_address.<field>``) are put next to the fields.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from motcua.catalog.models import DataSource
from motcua.core.errors import FieldProblem
from motcua.core.widgets import searchable_select
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.postal import AddressPrefill, return_address_clean
from motcua.portal.schema_forms import ApplicationForm
from motcua.portal.selectors import commune_name

METHOD_FIELD = "nhan_ket_qua"
#: Field of the form -> field of ``Dossier.return_address``.
ADDRESS_FIELDS = {
    "nguoi_nhan": "recipient",
    "dien_thoai_nhan": "phone",
    "dia_chi_nhan": "street",
    "xa_nhan": "commune_code",
}
_BY_PATH = {f"return_address.{key}": name for name, key in ADDRESS_FIELDS.items()}
_BY_PATH["return_method"] = METHOD_FIELD


def _text(label: str, *, max_length: int, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={
            "max_length": _("%(label)s không được quá %%(limit_value)d ký tự.") % {"label": label}
        },
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def return_attach(
    form: ApplicationForm,
    *,
    prefill: AddressPrefill,
    communes: Sequence[tuple[str, Sequence[tuple[str, str]]]],
) -> None:
    """Add the return method and the postal address, filled from ``prefill``, to ``form``."""
    form.return_prefill = prefill  # type: ignore[attr-defined]
    form.fields[METHOD_FIELD] = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=ReturnMethod.choices,
        initial=ReturnMethod.COUNTER,
        # Not asked (an older page, a saved draft): at the counter, as before this choice existed.
        required=False,
        error_messages={"invalid_choice": _("Vui lòng chọn hình thức nhận kết quả.")},
        widget=forms.RadioSelect,
    )
    fields: dict[str, forms.Field] = {
        "nguoi_nhan": _text(_("Họ tên người nhận"), max_length=200, autocomplete="name"),
        "dien_thoai_nhan": _text(
            _("Số điện thoại di động người nhận"), max_length=20, autocomplete="tel"
        ),
        "dia_chi_nhan": _text(
            _("Số nhà, đường, thôn, xóm"), max_length=300, autocomplete="address-line1"
        ),
    }
    fields["dien_thoai_nhan"].widget.attrs["inputmode"] = "tel"
    fields["xa_nhan"] = forms.ChoiceField(
        label=_("Xã, phường, đặc khu"),
        choices=[("", _("Chọn phường, xã")), *((p, list(units)) for p, units in communes)],
        required=False,
        error_messages={"invalid_choice": _("Vui lòng chọn xã, phường, đặc khu trong danh sách.")},
        widget=searchable_select(_("Tìm xã, phường nhận kết quả theo tên")),
    )
    for name, field in fields.items():
        field.initial = prefill.address.get(ADDRESS_FIELDS[name], "")
        form.fields[name] = field


def return_method_of(form: ApplicationForm) -> str:
    return str(form.cleaned_data.get(METHOD_FIELD) or ReturnMethod.COUNTER)


def _address(form: ApplicationForm) -> dict[str, str]:
    return {key: str(form.cleaned_data.get(name) or "") for name, key in ADDRESS_FIELDS.items()}


def return_put_problems(
    form: ApplicationForm, problems: Sequence[FieldProblem]
) -> list[FieldProblem]:
    """Put the problems about the return next to their fields; return the others."""
    others = []
    for problem in problems:
        name = _BY_PATH.get(problem.path)
        if name is None or name not in form.fields:
            others.append(problem)
        elif name not in form.errors:  # Django already said what is wrong with it
            form.add_error(name, problem.message)
    return others


def return_clean(form: ApplicationForm, *, at: datetime) -> bool:
    """After ``is_valid``: by post, the address must be one the post can deliver to."""
    if METHOD_FIELD not in form.fields:
        return True
    if METHOD_FIELD in form.errors:
        return False
    problems: list[FieldProblem] = []
    return_address_clean(
        method=return_method_of(form), address=_address(form), at=at, problems=problems
    )
    return_put_problems(form, problems)
    return not problems


def return_arguments(form: ApplicationForm) -> dict[str, Any]:
    """``return_method`` and ``return_address`` as ``dossier_submit`` takes them."""
    method = return_method_of(form)
    return {
        "return_method": method,
        "return_address": _address(form) if method == ReturnMethod.POST else {},
    }


def return_section(form: ApplicationForm) -> dict[str, Any] | None:
    """What the apply page shows: the choice, the address fields, where the address came from."""
    if METHOD_FIELD not in form.fields:
        return None
    prefill: AddressPrefill | None = getattr(form, "return_prefill", None)
    origin = ""
    if prefill is not None and prefill.source == DataSource.POPULATION_DB:
        origin = (
            _(
                "Địa chỉ được điền sẵn từ nơi tạm trú của bạn trong Cơ sở dữ liệu quốc gia về dân "
                "cư. Sửa lại nếu bạn muốn nhận ở nơi khác."
            )
            if prefill.residence == "temporary"
            else _(
                "Địa chỉ được điền sẵn từ nơi thường trú của bạn trong Cơ sở dữ liệu quốc gia về "
                "dân cư. Sửa lại nếu bạn muốn nhận ở nơi khác."
            )
        )
    return {
        "method": form[METHOD_FIELD],
        "address": [form[name] for name in ADDRESS_FIELDS],
        "origin": origin,
    }


def return_summary(form: ApplicationForm) -> list[tuple[str, str]]:
    """The rows of "Nhận kết quả" on the check page."""
    method = return_method_of(form)
    rows = [(_("Hình thức nhận kết quả"), str(ReturnMethod(method).label))]
    if method == ReturnMethod.POST:
        address = _address(form)
        commune = commune_name(code=address["commune_code"]) if address["commune_code"] else ""
        rows += [
            (_("Người nhận"), address["recipient"]),
            (_("Số điện thoại di động người nhận"), address["phone"]),
            (_("Địa chỉ nhận"), ", ".join(p for p in (address["street"], commune) if p)),
        ]
    return rows
