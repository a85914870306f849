"""Forms of the reform team's pages; the domain checks everything again in ``reform.services``."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Agency
from motcua.core.errors import DomainError
from motcua.reform.models import Judgement

_DATE = {"type": "date", "class": "input"}


def add_problems(form: forms.Form, error: DomainError) -> None:
    """Each problem next to the field its path starts with; the others on top of the form."""
    placed = False
    for problem in error.problems:
        name = problem.path.split(".")[0].split("[")[0]
        if name in form.fields:
            form.add_error(name, problem.message)
            placed = True
        else:
            form.add_error(None, f"{problem.path}: {problem.message}")
            placed = True
    if not placed:
        form.add_error(None, error.message)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh mục thủ tục nội bộ (XLSX hoặc JSON)"),
        help_text=_(
            "Mỗi dòng một thủ tục: mã, tên, mã cơ quan, cơ quan ban hành, lĩnh vực, căn cứ pháp lý, "
            "trình tự thực hiện, thành phần hồ sơ."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "input", "accept": ".xlsx,.json"}),
    )


class JudgeForm(forms.Form):
    judgement = forms.ChoiceField(
        label=_("Kết luận"),
        choices=[c for c in Judgement.choices if c[0]],
        widget=forms.Select(attrs={"class": "select"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )


class PlanForm(forms.Form):
    """A simplification plan for one procedure; the cut steps and documents are its own."""

    ref = forms.CharField(widget=forms.HiddenInput)
    cut_steps = forms.MultipleChoiceField(
        label=_("Bước cắt giảm"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cut_documents = forms.MultipleChoiceField(
        label=_("Thành phần hồ sơ cắt giảm"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cut_visits = forms.IntegerField(
        label=_("Số lần đi lại giảm được"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "input", "inputmode": "numeric"}),
    )
    cut_fee = forms.IntegerField(
        label=_("Mức giảm phí, lệ phí (đồng)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "input", "inputmode": "numeric"}),
    )
    cut_hours = forms.IntegerField(
        label=_("Thời gian giải quyết giảm được (giờ làm việc)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "input", "inputmode": "numeric"}),
    )
    abolish = forms.BooleanField(label=_("Bãi bỏ thủ tục"), required=False)
    legal_change = forms.CharField(
        label=_("Kiến nghị sửa đổi văn bản quy phạm pháp luật"),
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 3}),
        required=False,
    )
    responsible_agency = forms.CharField(
        label=_("Cơ quan chịu trách nhiệm"),
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    deadline = forms.DateField(
        label=_("Thời hạn thực hiện"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
    )
    year = forms.IntegerField(
        label=_("Năm tính chi phí giờ công"),
        widget=forms.NumberInput(attrs={"class": "input", "inputmode": "numeric"}),
    )

    def __init__(
        self, *args: Any, steps: tuple[str, ...] = (), documents: tuple[str, ...] = (), **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.fields["cut_steps"].choices = [(s, s) for s in steps]  # type: ignore[attr-defined]
        self.fields["cut_documents"].choices = [(d, d) for d in documents]  # type: ignore[attr-defined]

    def cuts(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        cuts: list[dict[str, Any]] = []
        if data.get("abolish"):
            cuts.append({"kind": "procedure", "name": "", "amount": 0})
        cuts += [{"kind": "step", "name": s, "amount": 0} for s in data.get("cut_steps") or []]
        cuts += [
            {"kind": "component", "name": d, "amount": 0} for d in data.get("cut_documents") or []
        ]
        if data.get("cut_visits"):
            cuts.append({"kind": "visit", "name": "", "amount": data["cut_visits"]})
        if data.get("cut_fee"):
            cuts.append({"kind": "fee", "name": "", "amount": data["cut_fee"]})
        if data.get("cut_hours"):
            cuts.append({"kind": "days", "name": "", "amount": data["cut_hours"]})
        return cuts


class TaskForm(forms.Form):
    """A new task; ``agencies`` are the ones the team may assign it to (its scope)."""

    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, widget=forms.TextInput(attrs={"class": "input"})
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"),
        queryset=Agency.objects.order_by("code"),
        widget=forms.Select(attrs={"class": "select"}),
    )
    deadline = forms.DateField(
        label=_("Thời hạn"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    source = forms.CharField(
        label=_("Văn bản giao nhiệm vụ"),
        required=False,
        widget=forms.TextInput(attrs={"class": "input"}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies.order_by("code")


class ExtendForm(forms.Form):
    new_deadline = forms.DateField(
        label=_("Thời hạn mới"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    decided_on = forms.DateField(
        label=_("Ngày quyết định gia hạn"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"), widget=forms.TextInput(attrs={"class": "input"})
    )


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d")
    )
    agency = forms.ChoiceField(
        label=_("Cơ quan"), required=False, widget=forms.Select(attrs={"class": "select"})
    )
    #: Empty: the report on the page; xlsx or pdf: the same report as a file.
    kind = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("", _("Xem trên trang")), ("xlsx", "XLSX"), ("pdf", "PDF")],
        required=False,
        widget=forms.Select(attrs={"class": "select"}),
    )

    def __init__(self, *args: Any, agencies: list[str] = (), **kw: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kw)
        self.fields["agency"].choices = [("", _("Tất cả")), *[(a, a) for a in agencies]]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


_POSITIVE = {"required": _("Nhập một số lớn hơn 0."), "min_value": _("Nhập một số lớn hơn 0.")}
_SOURCE = {"required": _("Nêu nguồn của số liệu này.")}


class AssumptionsForm(forms.Form):
    """The inputs of a plan's costing, each with its source."""

    times_per_year = forms.IntegerField(
        label=_("Số lần thực hiện mỗi năm của một đối tượng"),
        min_value=1,
        error_messages=_POSITIVE,
        widget=forms.NumberInput(attrs={"class": "input"}),
    )
    times_per_year_source = forms.CharField(
        label=_("Nguồn: số lần thực hiện"),
        max_length=500,
        error_messages=_SOURCE,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    subjects = forms.IntegerField(
        label=_("Số đối tượng thực hiện mỗi năm"),
        min_value=1,
        error_messages=_POSITIVE,
        widget=forms.NumberInput(attrs={"class": "input"}),
    )
    subjects_source = forms.CharField(
        label=_("Nguồn: số đối tượng"),
        max_length=500,
        error_messages=_SOURCE,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    hourly_rate = forms.IntegerField(
        label=_("Chi phí một giờ công (đồng)"),
        min_value=1,
        error_messages=_POSITIVE,
        widget=forms.NumberInput(attrs={"class": "input"}),
    )
    hourly_rate_source = forms.CharField(
        label=_("Nguồn: chi phí giờ công"),
        max_length=500,
        error_messages=_SOURCE,
        widget=forms.TextInput(attrs={"class": "input"}),
    )
