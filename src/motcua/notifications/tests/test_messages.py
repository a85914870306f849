import pytest

from motcua.core.errors import ValidationFailed
from motcua.notifications.messages import TEMPLATES, template_render


def test_every_template_renders_for_email_and_sms() -> None:
    context = {"code": "X-1", "name": "Trần Thị Bình", "reasons": "- Thiếu ảnh", "new_due": "05/03"}
    for key in TEMPLATES:
        subject, body = template_render(template=key, context=context, channel="email")
        assert "X-1" in subject
        assert body.startswith("Kính gửi Trần Thị Bình,")
        sms_subject, sms = template_render(template=key, context=context, channel="sms")
        assert sms_subject == ""
        assert "X-1" in sms
        assert len(sms) <= 160


def test_reasons_and_new_date_appear() -> None:
    context = {"code": "X-1", "reasons": "- Thiếu ảnh 4x6", "new_due": "17:00 ngày 10/03/2026"}
    _subject, refused = template_render(
        template="dossier_refused", context=context, channel="email"
    )
    assert "- Thiếu ảnh 4x6" in refused
    _subject, apology = template_render(
        template="dossier_apology", context=context, channel="email"
    )
    assert "Ngày hẹn trả kết quả mới: 17:00 ngày 10/03/2026" in apology


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        template_render(template="nope", context={}, channel="email")
