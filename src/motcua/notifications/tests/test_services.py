import json
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from pytest_django.fixtures import Settings

from motcua.core.errors import ValidationFailed
from motcua.core.models import AuditEntry
from motcua.notifications.contrib.sms_gateway.signing import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from motcua.notifications.models import Notification, NotificationStatus
from motcua.notifications.registry import ChannelError
from motcua.notifications.selectors import notifications_for_dossier
from motcua.notifications.services import notification_send
from motcua.notifications.tests.simulators import SmsSim, SmtpSim
from motcua_dev.testing.processes import free_port

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CONTEXT = {
    "code": "000.00.01.H26-260302-0001",
    "name": "Nguyễn Văn An",
    "procedure": "Đăng ký nghĩa vụ quân sự lần đầu",
    "received": "09:00 ngày 02/03/2026",
    "due": "17:00 ngày 05/03/2026",
    "lookup_url": "http://127.0.0.1:8000",
}

pytestmark = pytest.mark.django_db


def test_email_goes_through_a_real_smtp_server_once_per_key(smtp_sim: SmtpSim) -> None:
    for _ in range(2):
        sent = notification_send(
            channel="email",
            recipient="an@example.vn",
            template="dossier_received",
            context=CONTEXT,
            dossier_code=CONTEXT["code"],
            key="k1:email",
            at=AT,
        )
    assert sent.status == NotificationStatus.SENT
    assert sent.provider_message_id.startswith("<")
    messages = smtp_sim.messages()
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "an@example.vn"
    assert str(message["Subject"]).strip() == f"Hồ sơ {CONTEXT['code']} đã được tiếp nhận"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Kính gửi Nguyễn Văn An" in text
    assert "Ngày hẹn trả kết quả: 17:00 ngày 05/03/2026" in text
    assert list(notifications_for_dossier(dossier_code=CONTEXT["code"])) == [sent]
    audit = AuditEntry.objects.get(action="notification.sent")
    assert "an@example.vn" not in json.dumps(audit.data)


def test_sms_is_signed_and_stored_by_the_gateway(sms_sim: SmsSim) -> None:
    sent = notification_send(
        channel="sms",
        recipient="+84 912 345 678",
        template="dossier_received",
        context=CONTEXT,
        dossier_code=CONTEXT["code"],
        key="k2:sms",
        at=AT,
    )
    assert sent.status == NotificationStatus.SENT
    stored = sms_sim.messages()
    assert [(m["id"], m["to"], m["reference"]) for m in stored] == [
        (sent.provider_message_id, "0912345678", "k2:sms")
    ]
    assert CONTEXT["code"] in stored[0]["text"]
    assert "Hẹn trả kết quả" in stored[0]["text"]


def _post(sim: SmsSim, raw: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(sim.url, data=raw, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_the_gateway_refuses_a_forged_or_stale_signature(sms_sim: SmsSim) -> None:
    raw = json.dumps({"to": "0912345678", "text": "Giả mạo", "reference": "x"}).encode()
    now = str(int(time.time()))
    forged = sign(secret="not-the-secret", timestamp=now, body=raw)
    assert _post(sms_sim, raw, {TIMESTAMP_HEADER: now, SIGNATURE_HEADER: forged}) == 401
    stale = str(int(time.time()) - 3600)
    old = sign(secret=sms_sim.secret, timestamp=stale, body=raw)
    assert _post(sms_sim, raw, {TIMESTAMP_HEADER: stale, SIGNATURE_HEADER: old}) == 401
    good = sign(secret=sms_sim.secret, timestamp=now, body=raw)
    tampered = raw.replace(b"0912345678", b"0987654321")
    assert _post(sms_sim, tampered, {TIMESTAMP_HEADER: now, SIGNATURE_HEADER: good}) == 401
    assert sms_sim.messages() == []
    assert _post(sms_sim, raw, {TIMESTAMP_HEADER: now, SIGNATURE_HEADER: good}) == 200


def test_wrong_secret_is_a_permanent_failure(sms_sim: SmsSim, settings: Settings) -> None:
    settings.MOTCUA_SMS_GATEWAY_SECRET = "another-secret"
    with pytest.raises(ChannelError) as raised:
        notification_send(
            channel="sms",
            recipient="0912345678",
            template="dossier_received",
            context=CONTEXT,
            dossier_code=CONTEXT["code"],
            key="k3:sms",
            at=AT,
        )
    assert raised.value.permanent
    row = Notification.objects.get(key="k3:sms")
    assert row.status == NotificationStatus.FAILED
    assert "0912345678" not in row.error


def test_gateway_down_is_a_retryable_failure(settings: Settings) -> None:
    settings.MOTCUA_SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/sms"
    with pytest.raises(ChannelError) as raised:
        notification_send(
            channel="sms",
            recipient="0912345678",
            template="dossier_received",
            context=CONTEXT,
            dossier_code=CONTEXT["code"],
            key="k4:sms",
            at=AT,
        )
    assert not raised.value.permanent
    assert "0912345678" not in str(raised.value)


def test_bad_recipient_or_template_writes_nothing() -> None:
    with pytest.raises(ValidationFailed) as raised:
        notification_send(
            channel="email",
            recipient="khong-phai-email",
            template="no_such_template",
            context=CONTEXT,
            dossier_code="",
            key="k5",
            at=AT,
        )
    assert {p.path for p in raised.value.problems} == {"recipient", "template"}
    assert not Notification.objects.exists()
