"""Feedback and petitions: every channel, routing, deadlines, escalation, answers and ratings."""

import json
import smtplib
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.core.errors import Conflict, NotFound, ValidationFailed
from motcua.core.models import OutboxMessage
from motcua.core.outbox import registered_periodic
from motcua.dossiers.tests.factories import build_world, submit
from motcua.feedback.mail import feedback_maildir_poll
from motcua.feedback.models import Feedback, FeedbackCategory, FeedbackEvent, FeedbackStatus
from motcua.feedback.services import (
    feedback_answer,
    feedback_forward,
    feedback_rate,
    feedback_route,
    feedback_submit,
)
from motcua.feedback.sweep import feedback_sweep
from motcua.notifications.contrib.sms_gateway.signing import sign
from motcua.notifications.tests.simulators import run_smtp_sim

pytestmark = pytest.mark.django_db

#: Saturday 7 March 2026, 23:40 in Hà Nội: feedback comes at any hour.
NIGHT = datetime(2026, 3, 7, 16, 40, tzinfo=UTC)


def send(**overrides: object) -> Feedback:
    kwargs: dict[str, object] = {
        "channel": "portal",
        "sender_kind": "citizen",
        "sender_name": "Trần Thị Bình",
        "sender_email": "binh@example.vn",
        "title": "Thủ tục yêu cầu quá nhiều giấy tờ",
        "content": "Đề nghị bỏ yêu cầu nộp bản sao giấy khai sinh.",
        "at": NIGHT,
    }
    kwargs.update(overrides)
    return feedback_submit(**kwargs)  # type: ignore[arg-type]


def test_an_item_sent_at_night_gets_its_code_deadlines_and_acknowledgement() -> None:
    world = build_world()
    first = send()
    second = send(sender_email="", sender_phone="+84 912 345 678")

    assert first.code == "PAKN.20260307.0001"
    assert second.code == "PAKN.20260307.0002"
    assert second.sender_phone == "0912345678"
    assert first.status == FeedbackStatus.RECEIVED
    assert first.agency.parent is None  # the intake agency when it is not about a dossier
    # Sent on Saturday night: counted from Monday 9 March, 5 and 20 working days (17:00 in Hà Nội).
    assert first.forward_due_at == datetime(2026, 3, 16, 10, 0, tzinfo=UTC)
    assert first.due_at == datetime(2026, 4, 6, 10, 0, tzinfo=UTC)
    assert len(first.access_key) == 8
    acks = OutboxMessage.objects.filter(key__startswith=f"{first.code}:ack")
    assert [m.payload["recipient"] for m in acks] == ["binh@example.vn"]
    assert (
        OutboxMessage.objects.filter(key__startswith=f"{second.code}:ack").get().payload["channel"]
        == "sms"
    )
    assert world.competent  # the world's agencies exist beside the intake agency


def test_bad_input_names_every_problem_and_stores_nothing() -> None:
    build_world()
    with pytest.raises(ValidationFailed) as caught:
        send(title="", content="", sender_phone="12", sender_email="x", dossier_code="KHONG-CO")
    paths = {p.path for p in caught.value.problems}
    assert paths == {"title", "content", "sender_phone", "sender_email", "dossier_code"}
    assert not Feedback.objects.exists()


def test_an_item_about_a_dossier_goes_to_the_unit_holding_it_with_the_step() -> None:
    world = build_world()
    dossier = submit(world).dossier
    item = send(dossier_code=dossier.code.lower(), category=FeedbackCategory.CONDUCT)
    assert item.dossier_code == dossier.code
    assert item.dossier_step == dossier.current_step
    assert item.agency == dossier.current_agency
    assert item.status == FeedbackStatus.ROUTED
    assert item.category == FeedbackCategory.CONDUCT
    assert [e.action for e in item.events.order_by("seq")] == ["receive", "route"]


def test_route_forward_answer_publish_and_rate() -> None:
    world = build_world()
    item = send()
    intake = UserFactory.create()
    RoleAssignmentFactory.create(user=intake, agency=item.agency, role=Role.REFORM_TEAM)
    # an officer elsewhere sees nothing of it
    with pytest.raises(NotFound):
        feedback_route(
            code=item.code,
            agency_code=world.competent.code,
            category="regulation",
            actor=world.outsider,
            at=NIGHT,
        )
    routed = feedback_route(
        code=item.code,
        agency_code=world.competent.code,
        category="regulation",
        actor=intake,
        at=NIGHT + timedelta(days=1),
    )
    assert routed.agency == world.competent
    with pytest.raises(NotFound):  # routed away: the intake agency no longer holds it
        feedback_answer(code=item.code, answer="x", actor=intake, at=NIGHT)
    answered = feedback_answer(
        code=item.code,
        answer="Đã đề nghị sửa quy định.",
        actor=world.leader,
        at=NIGHT + timedelta(days=3),
        publish=True,
    )
    assert answered.status == FeedbackStatus.ANSWERED
    assert answered.published_at is not None
    with pytest.raises(Conflict):
        feedback_forward(code=item.code, to="Bộ Tư pháp", actor=world.leader, at=NIGHT)
    with pytest.raises(NotFound):
        feedback_rate(code=item.code, access_key="WRONG", rating=5, at=NIGHT)
    rated = feedback_rate(
        code=item.code, access_key=item.access_key.lower(), rating=5, at=NIGHT + timedelta(days=4)
    )
    assert rated.rating == 5
    with pytest.raises(Conflict):
        feedback_rate(code=item.code, access_key=item.access_key, rating=4, at=NIGHT)
    assert [e.action for e in FeedbackEvent.objects.filter(feedback=item).order_by("seq")] == [
        "receive",
        "route",
        "answer",
        "publish",
        "rate",
    ]


def test_not_ours_is_forwarded() -> None:
    build_world()
    item = send()
    officer = UserFactory.create()
    RoleAssignmentFactory.create(user=officer, agency=item.agency, role=Role.LEADER)
    forwarded = feedback_forward(
        code=item.code, to="Bộ Công Thương", actor=officer, at=NIGHT + timedelta(days=2)
    )
    assert forwarded.status == FeedbackStatus.FORWARDED
    assert forwarded.forwarded_at is not None
    assert forwarded.forwarded_at <= forwarded.forward_due_at


def test_the_sweep_reminds_then_escalates_up_to_the_working_group_once_each() -> None:
    # given an item with a department whose parent is the provincial committee
    world = build_world()
    top = AgencyFactory.create(code="000.00.00.T99", name="UBND tỉnh thử")
    world.competent.parent = top
    world.competent.save()
    team = UserFactory.create(email="totongtac@example.vn")
    RoleAssignmentFactory.create(user=team, agency=top, role=Role.REFORM_TEAM)
    dossier = submit(world).dossier
    item = send(dossier_code=dossier.code)
    routed_to = item.agency
    assert routed_to == world.centre  # reception step: the centre holds the dossier
    world.centre.parent = world.competent
    world.centre.save()

    # when the sweep runs a day before the due moment, then after it, then days after it
    before = feedback_sweep(now=item.due_at - timedelta(days=1))
    again = feedback_sweep(now=item.due_at - timedelta(days=1))
    late = feedback_sweep(now=item.due_at + timedelta(minutes=1))
    later = feedback_sweep(now=item.due_at + timedelta(days=14))
    repeat = feedback_sweep(now=item.due_at + timedelta(days=14))

    # then one reminder, then one level per step up the chain, to the working group
    assert before.reminded == [item.code]
    assert again.reminded == []
    assert late.escalated == [(item.code, 1)]
    assert later.escalated == [(item.code, 2)]
    assert repeat.escalated == []
    item.refresh_from_db()
    assert item.escalated_to == top
    assert item.with_working_group
    told = OutboxMessage.objects.filter(key=f"{item.code}:escalated:2:{team.pk}")
    assert told.get().payload["template"] == "feedback_escalated"
    assert "feedback.sweep" in registered_periodic()


def test_e_mail_sent_through_smtp_reaches_the_poller_once(tmp_path: Path) -> None:
    world = build_world()
    dossier = submit(world).dossier
    maildir = tmp_path / "maildir"
    with run_smtp_sim(maildir) as sim:
        message = EmailMessage()
        message["From"] = "Lê Văn Cường <cuong@example.vn>"
        message["To"] = "phananh@motcua.example"
        message["Subject"] = f"Hồ sơ {dossier.code} chậm"
        message["Message-ID"] = "<m1@example.vn>"
        message.set_content("Hồ sơ của tôi đã quá hẹn mà chưa có kết quả.")
        with smtplib.SMTP("127.0.0.1", sim.port, timeout=10) as client:
            client.send_message(message)
        deadline = time.monotonic() + 10
        while not list((maildir / "new").glob("*")) and time.monotonic() < deadline:
            time.sleep(0.1)
        report = feedback_maildir_poll(maildir=maildir, now=NIGHT)
    assert len(report.received) == 1
    item = Feedback.objects.get(code=report.received[0])
    assert item.channel == "email"
    assert item.sender_email == "cuong@example.vn"
    assert item.sender_name == "Lê Văn Cường"
    assert item.dossier_code == dossier.code
    assert feedback_maildir_poll(maildir=maildir, now=NIGHT).received == []  # removed after commit
    # the same message read again (a copy left in the box) is the same item
    assert send(channel="email", source_ref="<m1@example.vn>").code == item.code


def test_an_sms_from_the_gateway_is_signed_and_counted_once(settings: Settings) -> None:
    build_world()
    settings.MOTCUA_SMS_GATEWAY_SECRET = "sms-secret"
    body = json.dumps({"id": "in-1", "from": "84912345678", "text": "Cán bộ hẹn sai ngày"}).encode()
    stamp = str(int(time.time()))
    client = Client()
    headers = {
        "X-Motcua-Timestamp": stamp,
        "X-Motcua-Signature": sign(secret="sms-secret", timestamp=stamp, body=body),
    }
    url = "/api/v1/feedback/sms/"
    first = client.post(url, body, content_type="application/json", headers=headers)
    second = client.post(url, body, content_type="application/json", headers=headers)
    forged = client.post(
        url,
        body,
        content_type="application/json",
        headers={"X-Motcua-Timestamp": stamp, "X-Motcua-Signature": "sha256=00"},
    )
    assert first.status_code == 201
    assert second.json()["code"] == first.json()["code"]
    assert forged.status_code == 403
    item = Feedback.objects.get()
    assert item.sender_phone == "0912345678"
    assert item.channel == "sms"


def test_the_api_takes_an_item_and_shows_the_answer_only_with_the_key() -> None:
    build_world()
    client = Client()
    made = client.post(
        "/api/v1/feedback/",
        {"sender_kind": "business", "title": "Phí cao", "content": "Đề nghị giảm phí."},
        content_type="application/json",
    )
    assert made.status_code == 201
    code, key = made.json()["code"], made.json()["access_key"]
    bare = client.get(f"/api/v1/feedback/{code}/").json()
    assert "title" not in bare
    full = client.get(f"/api/v1/feedback/{code}/", headers={"X-Feedback-Key": key}).json()
    assert full["title"] == "Phí cao"
    bad = client.post("/api/v1/feedback/", {"title": ""}, content_type="application/json")
    assert bad.status_code == 400
    assert {e["path"] for e in bad.json()["errors"]} >= {"title", "content"}
