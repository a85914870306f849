"""Texts of the notifications, by template key, in Vietnamese and (translated) in English.

Placeholders are ``{name}``; a missing one renders empty. Context values are plain strings prepared
by the caller (dates already in local time, reasons already joined).
"""

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import FieldProblem, ValidationFailed


@dataclass(frozen=True)
class MessageTemplate:
    subject: str | Promise
    body: str | Promise
    sms: str | Promise


_GREETING = _("Kính gửi {name},\n\n")
_FOOTER = _(
    "\n\nTra cứu tình trạng hồ sơ tại {lookup_url} bằng mã hồ sơ {code}.\n\n"
    "Thư này được gửi tự động, xin đừng trả lời."
)

TEMPLATES: dict[str, MessageTemplate] = {
    "dossier_received": MessageTemplate(
        subject=_("Hồ sơ {code} đã được tiếp nhận"),
        body=_(
            "Hồ sơ {code} về thủ tục “{procedure}” đã được tiếp nhận lúc {received}. "
            "Ngày hẹn trả kết quả: {due}."
        ),
        sms=_("Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {due}."),
    ),
    "dossier_step": MessageTemplate(
        subject=_("Hồ sơ {code}: {step}"),
        body=_("Hồ sơ {code} về thủ tục “{procedure}” đã chuyển đến bước “{step}”."),
        sms=_("Hồ sơ {code} đã chuyển đến bước: {step}."),
    ),
    "dossier_supplement_requested": MessageTemplate(
        subject=_("Hồ sơ {code} cần bổ sung, hoàn thiện"),
        body=_(
            "Hồ sơ {code} về thủ tục “{procedure}” cần được bổ sung, hoàn thiện vì các lý do "
            "sau:\n{reasons}\n\nThời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung."
        ),
        sms=_("Hồ sơ {code} cần bổ sung, hoàn thiện. Xem chi tiết trên Cổng dịch vụ công."),
    ),
    "dossier_result_ready": MessageTemplate(
        subject=_("Hồ sơ {code} đã có kết quả"),
        body=_(
            "Hồ sơ {code} về thủ tục “{procedure}” đã có kết quả. Mời Ông/Bà đến nhận kết quả "
            "hoặc nhận theo hình thức đã đăng ký."
        ),
        sms=_("Hồ sơ {code} đã có kết quả. Mời Ông/Bà nhận kết quả."),
    ),
    "dossier_returned": MessageTemplate(
        subject=_("Hồ sơ {code} đã trả kết quả"),
        body=_("Kết quả giải quyết hồ sơ {code} về thủ tục “{procedure}” đã được trả lúc {at}."),
        sms=_("Kết quả hồ sơ {code} đã được trả."),
    ),
    "dossier_refused": MessageTemplate(
        subject=_("Hồ sơ {code} bị từ chối giải quyết"),
        body=_(
            "Hồ sơ {code} về thủ tục “{procedure}” bị từ chối giải quyết vì các lý do sau:\n"
            "{reasons}"
        ),
        sms=_("Hồ sơ {code} bị từ chối giải quyết. Xem lý do trên Cổng dịch vụ công."),
    ),
    "dossier_stopped": MessageTemplate(
        subject=_("Hồ sơ {code} bị dừng giải quyết"),
        body=_("Việc giải quyết hồ sơ {code} về thủ tục “{procedure}” đã dừng vì:\n{reasons}"),
        sms=_("Hồ sơ {code} bị dừng giải quyết."),
    ),
    "dossier_withdrawn": MessageTemplate(
        subject=_("Hồ sơ {code} đã được rút"),
        body=_("Hồ sơ {code} về thủ tục “{procedure}” đã được rút theo đề nghị của Ông/Bà."),
        sms=_("Hồ sơ {code} đã được rút."),
    ),
    "dossier_apology": MessageTemplate(
        subject=_("Xin lỗi về việc trễ hạn hồ sơ {code}"),
        body=_(
            "Cơ quan giải quyết xin lỗi Ông/Bà vì hồ sơ {code} về thủ tục “{procedure}” chưa "
            "có kết quả đúng hẹn. Ngày hẹn trả kết quả mới: {new_due}.\n{reasons}"
        ),
        sms=_("Xin lỗi: hồ sơ {code} trễ hạn. Hẹn trả kết quả mới: {new_due}."),
    ),
    "agency_without_receiver": MessageTemplate(
        subject=_("Hồ sơ {code} chưa có cán bộ tiếp nhận tại {agency}"),
        body=_(
            "Hồ sơ {code} về thủ tục “{procedure}” đã được tiếp nhận vào hàng đợi của {agency}, "
            "nhưng chưa có cán bộ nào giữ vai trò “{role}” tại cơ quan này. Xin phân công cán bộ "
            "ngay để hồ sơ được xử lý đúng hạn."
        ),
        sms=_("Hồ sơ {code}: {agency} chưa có cán bộ {role}. Xin phân công ngay."),
    ),
}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def template_render(
    *, template: str, context: dict[str, Any], channel: str, language: str = "vi"
) -> tuple[str, str]:
    """``(subject, body)`` of ``template`` for ``channel`` (SMS: no subject, a short text), in
    ``language`` (the recipient's: the worker that sends has no request to take it from)."""
    with translation.override(language):
        return _render(template=template, context=context, channel=channel)


def _render(*, template: str, context: dict[str, Any], channel: str) -> tuple[str, str]:
    chosen = TEMPLATES.get(template)
    if chosen is None:
        raise ValidationFailed(
            _("Không có mẫu thông báo %(template)s.") % {"template": template},
            problems=[FieldProblem("template", str(_("Mẫu thông báo không tồn tại.")))],
        )
    values = _Blank(context)
    if channel == "sms":
        return "", str(chosen.sms).format_map(values)
    body = (str(_GREETING) + str(chosen.body) + str(_FOOTER)).format_map(values)
    return str(chosen.subject).format_map(values), body
