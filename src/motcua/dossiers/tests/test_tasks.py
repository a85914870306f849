import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from motcua.accounts.models import Applicant
from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.core.outbox import broker_consume, broker_queue_delete
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.notifications.models import Notification, NotificationStatus
from motcua.notifications.tests.simulators import SmsSim, SmtpSim, run_sms_sim, run_smtp_sim

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_sim(tmp_path: Path, settings: Settings) -> Iterator[SmtpSim]:
    with run_smtp_sim(tmp_path / "maildir") as sim:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sim.port
        yield sim


@pytest.fixture
def sms_sim(settings: Settings) -> Iterator[SmsSim]:
    with run_sms_sim() as sim:
        settings.MOTCUA_SMS_GATEWAY_URL = sim.url
        settings.MOTCUA_SMS_GATEWAY_SECRET = sim.secret
        yield sim


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def test_submit_and_transition_enqueue_one_event_row_each() -> None:
    world = build_world()
    dossier = submit(world).dossier
    dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)
    keys = list(OutboxMessage.objects.filter(topic="dossier.event").values_list("key", flat=True))
    assert sorted(keys) == [f"{dossier.code}:1", f"{dossier.code}:2"]


def test_with_a_broker_a_transition_writes_the_same_statements_and_publishes_its_row_id(
    settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    world = build_world()
    warm, first, second = (submit(world).dossier for _ in range(3))
    # The first transition reads the calendar and the steps into their kept copies.
    dossier_transition(dossier=warm, action="complete_step", actor=world.receiver, at=AT)
    with CaptureQueriesContext(connection) as without_broker:
        dossier_transition(dossier=first, action="complete_step", actor=world.receiver, at=AT)
    url, queue = "amqp://guest:guest@127.0.0.1:5672//", f"motcua.test.{uuid.uuid4().hex}"
    settings.MOTCUA_BROKER_URL, settings.MOTCUA_BROKER_QUEUE = url, queue
    try:
        with (
            django_capture_on_commit_callbacks(execute=True),
            CaptureQueriesContext(connection) as with_broker,
        ):
            dossier_transition(dossier=second, action="complete_step", actor=world.receiver, at=AT)
        row = OutboxMessage.objects.get(topic="dossier.event", key=f"{second.code}:2")
        # The one message on the queue is that row's id: the worker runs it.
        assert broker_consume(url=url, queue=queue, now=lambda: AT, max_messages=2, timeout=2) == 1
    finally:
        broker_queue_delete(url=url, queue=queue)
    assert len(with_broker.captured_queries) == len(without_broker.captured_queries)
    row.refresh_from_db()
    assert row.status == OutboxStatus.DONE


def test_a_refused_submission_enqueues_nothing() -> None:
    world = build_world()
    with pytest.raises(Exception):  # noqa: B017, PT011 - any validation error of the submission
        submit(world, documents=[])
    assert not OutboxMessage.objects.exists()


def test_a_transition_rolled_back_enqueues_nothing() -> None:
    world = build_world()
    dossier = submit(world).dossier

    def transition_then_fail() -> None:
        with transaction.atomic():
            dossier_transition(dossier=dossier, action="complete_step", actor=world.receiver, at=AT)
            message = "the caller's transaction fails"
            raise RuntimeError(message)

    with pytest.raises(RuntimeError):
        transition_then_fail()
    assert OutboxMessage.objects.filter(topic="dossier.event").count() == 1


def test_the_applicant_gets_e_mail_and_sms_from_the_worker(
    smtp_sim: SmtpSim, sms_sim: SmsSim
) -> None:
    world = build_world()
    Applicant.objects.filter(pk=world.applicant.pk).update(email="an@example.vn")
    dossier = submit(world).dossier

    call_command("worker", "--once", broker="")

    mails = smtp_sim.messages()
    assert len(mails) == 1
    assert dossier.code in str(mails[0]["Subject"])
    assert "đã được tiếp nhận" in str(mails[0]["Subject"])
    text = _text(mails[0])
    assert "Kính gửi Nguyễn Văn An" in text
    assert "Ngày hẹn trả kết quả:" in text
    sms = sms_sim.messages()
    assert [m["to"] for m in sms] == ["0912345678"]
    assert dossier.code in sms[0]["text"]
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    # The SLA sweep runs after the drain at today's date, finds the March dossier late and leaves
    # its figures' refresh for the next pass.
    assert not (
        OutboxMessage.objects.exclude(status=OutboxStatus.DONE)
        .exclude(topic="dossier.refresh")
        .exists()
    )

    # Internal steps say nothing; a refusal tells the reasons.
    dossier = dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=AT + timedelta(hours=1)
    )
    dossier = dossier_transition(
        dossier=dossier,
        action="refuse",
        actor=world.specialist,
        at=AT + timedelta(hours=2),
        reasons=["Giấy giới thiệu đã hết hạn"],
    )
    call_command("worker", "--once", broker="")
    call_command("worker", "--once", broker="")  # running again sends nothing more
    mails = smtp_sim.messages()
    assert len(mails) == 2
    refused = [m for m in mails if "bị từ chối giải quyết" in str(m["Subject"])]
    assert len(refused) == 1
    assert "- Giấy giới thiệu đã hết hạn" in _text(refused[0])
    assert len(sms_sim.messages()) == 2


def test_an_sms_outage_retries_the_sms_without_sending_the_e_mail_again(
    smtp_sim: SmtpSim, settings: Settings
) -> None:
    world = build_world()
    Applicant.objects.filter(pk=world.applicant.pk).update(email="an@example.vn")
    settings.MOTCUA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"
    submit(world)
    call_command("worker", "--once", broker="")
    sms_row = OutboxMessage.objects.get(topic="notification.send", key__endswith=":sms")
    assert sms_row.status == OutboxStatus.PENDING
    assert sms_row.attempts == 1
    assert "0912345678" not in sms_row.last_error
    with run_sms_sim() as sim:
        settings.MOTCUA_SMS_GATEWAY_URL = sim.url
        settings.MOTCUA_SMS_GATEWAY_SECRET = sim.secret
        OutboxMessage.objects.filter(pk=sms_row.pk).update(available_at=AT)
        call_command("worker", "--once", broker="")
        assert len(sim.messages()) == 1
    assert len(smtp_sim.messages()) == 1


def test_the_worker_runs_the_sla_sweep_every_minute() -> None:
    from motcua.core.outbox import _PERIODIC

    job = _PERIODIC["dossiers.sla_sweep"]

    assert job.every_seconds == 60


def test_an_approved_apology_tells_the_applicant_the_new_date() -> None:
    from motcua.dossiers.models import DossierEvent
    from motcua.dossiers.tasks import _template_for
    from motcua.dossiers.workflow import Action

    approved = DossierEvent(action=Action.APOLOGY_APPROVE)
    consulted = DossierEvent(action=Action.CONSULT_REQUEST)

    assert _template_for(approved, {}) == "dossier_apology"
    assert _template_for(consulted, {}) is None


def test_an_applicant_who_filed_in_english_gets_english_e_mail_and_sms(
    smtp_sim: SmtpSim, sms_sim: SmsSim
) -> None:
    world = build_world(name_en="Judicial record certificate")
    Applicant.objects.filter(pk=world.applicant.pk).update(email="an@example.vn")
    dossier = submit(world, language="en").dossier
    assert dossier.language == "en"

    call_command("worker", "--once", broker="")

    (mail,) = smtp_sim.messages()
    assert str(mail["Subject"]) == f"Dossier {dossier.code} received"
    text = _text(mail)
    assert text.startswith("Dear Nguyễn Văn An,")
    assert "“Judicial record certificate”" in text
    assert f"/en/tra-cuu/{dossier.code}/ using dossier code {dossier.code}." in text
    # the dates worded in English, not "ngày"
    assert re.search(r"was received at \d\d:\d\d on \d\d/\d\d/\d{4}\. Result due: ", text)
    assert "ngày" not in text
    (sms,) = sms_sim.messages()
    assert sms["text"].startswith(f"Dossier {dossier.code}")
