"""Texts of the feedback notifications, added to the notification templates when the app loads."""

from django.utils.translation import gettext_lazy as _

from motcua.notifications.messages import TEMPLATES, MessageTemplate

FEEDBACK_TEMPLATES: dict[str, MessageTemplate] = {
    "feedback_received": MessageTemplate(
        subject=_("Đã tiếp nhận phản ánh, kiến nghị {code}"),
        body=_(
            "Phản ánh, kiến nghị “{title}” đã được tiếp nhận với mã {code}, mã tra cứu {key}. "
            "Hạn trả lời: {due}. Dùng hai mã này để theo dõi và đánh giá trả lời."
        ),
        sms=_("Đã tiếp nhận PAKN {code}, mã tra cứu {key}. Hạn trả lời: {due}."),
    ),
    "feedback_forwarded": MessageTemplate(
        subject=_("Phản ánh, kiến nghị {code} đã được chuyển"),
        body=_(
            "Phản ánh, kiến nghị {code} không thuộc thẩm quyền của cơ quan tiếp nhận và đã được "
            "chuyển đến cơ quan có thẩm quyền."
        ),
        sms=_("PAKN {code} đã được chuyển cơ quan có thẩm quyền."),
    ),
    "feedback_not_accepted": MessageTemplate(
        subject=_("Phản ánh, kiến nghị {code} không đủ điều kiện xử lý"),
        body=_(
            "Phản ánh, kiến nghị {code} không đủ điều kiện để xem xét, xử lý. Lý do được ghi "
            "trong quá trình xử lý; Ông/Bà xem tại trang tra cứu với mã tra cứu {key}."
        ),
        sms=_("PAKN {code} không đủ điều kiện xử lý. Xem lý do với mã tra cứu {key}."),
    ),
    "feedback_answered": MessageTemplate(
        subject=_("Phản ánh, kiến nghị {code} đã có trả lời"),
        body=_(
            "Phản ánh, kiến nghị {code} đã có trả lời. Mời Ông/Bà xem và đánh giá bằng mã tra "
            "cứu {key}."
        ),
        sms=_("PAKN {code} đã có trả lời. Mã tra cứu {key}."),
    ),
    "feedback_new": MessageTemplate(
        subject=_("Phản ánh, kiến nghị mới {code}"),
        body=_("{agency} nhận phản ánh, kiến nghị {code}: “{title}”. Hạn trả lời: {due}."),
        sms=_("PAKN mới {code}. Hạn trả lời: {due}."),
    ),
    "feedback_reminder": MessageTemplate(
        subject=_("Sắp đến hạn trả lời phản ánh, kiến nghị {code}"),
        body=_("Phản ánh, kiến nghị {code} “{title}” cần được trả lời trước {due}."),
        sms=_("PAKN {code} sắp đến hạn trả lời: {due}."),
    ),
    "feedback_escalated": MessageTemplate(
        subject=_("Phản ánh, kiến nghị {code} quá hạn trả lời"),
        body=_(
            "Phản ánh, kiến nghị {code} “{title}” đã quá hạn trả lời ({due}) và được báo cáo "
            "lên {agency} (cấp {level})."
        ),
        sms=_("PAKN {code} quá hạn trả lời, báo cáo cấp {level}."),
    ),
}


def register_templates() -> None:
    for name, template in FEEDBACK_TEMPLATES.items():
        TEMPLATES.setdefault(name, template)
