"""Forms of digitizing paper at the counter (số hóa hồ sơ giấy)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import FieldProblem


class DigitizeForm(forms.Form):
    reference = forms.CharField(
        label=_("Mã hồ sơ (không bắt buộc)"),
        required=False,
        max_length=60,
        help_text=_("Để trống nếu hồ sơ đang tiếp nhận và chưa có mã; có thể gắn mã sau."),
    )
    document_type = forms.CharField(
        label=_("Loại giấy tờ"),
        max_length=200,
        help_text=_("Ví dụ: Giấy khai sinh, Căn cước, Giấy xác nhận cư trú."),
    )
    file = forms.FileField(
        label=_("Bản quét"),
        help_text=_("Ảnh JPEG, PNG hoặc tệp PDF của giấy tờ giấy."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def add_problems(self, problems: list[FieldProblem]) -> None:
        for problem in problems:
            head = problem.path.split(".")[0]
            self.add_error(head if head in self.fields else None, problem.message)


class ConfirmFieldsForm(forms.Form):
    personal_id = forms.CharField(label=_("Số định danh cá nhân"), required=False, max_length=20)
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    document_date = forms.CharField(
        label=_("Ngày cấp hoặc ngày ký giấy tờ"),
        required=False,
        max_length=10,
        help_text=_("Ngày/tháng/năm, ví dụ 05/03/2024."),
    )

    def add_problems(self, problems: list[FieldProblem]) -> None:
        for problem in problems:
            self.add_error(problem.path if problem.path in self.fields else None, problem.message)
