"""A sender who writes from ``/en/`` (or whose account reads English) is told in English."""

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.accounts.models import Agency, Role
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.feedback.models import Feedback
from motcua.feedback.services import feedback_answer
from motcua.notifications.tests.simulators import SmtpSim, plain_text, smtp_sim_as_backend

pytestmark = pytest.mark.django_db

FORM = {
    "sender_kind": "citizen",
    "sender_name": "John Smith",
    "sender_email": "john@example.com",
    "category": "regulation",
    "title": "Too many papers",
    "content": "Please drop the birth certificate copy.",
}


@pytest.fixture
def intake() -> Agency:
    cache.clear()
    return AgencyFactory.create()  # the intake agency of items not about a dossier


@pytest.fixture
def smtp_sim(tmp_path: Path, settings: Settings) -> Iterator[SmtpSim]:
    with smtp_sim_as_backend(settings, tmp_path / "maildir") as sim:
        yield sim


def test_an_english_sender_gets_the_acknowledgement_and_the_answer_in_english(
    intake: Agency, smtp_sim: SmtpSim
) -> None:
    officer = UserFactory.create(email="canbo@example.vn")
    RoleAssignmentFactory.create(user=officer, agency=intake, role=Role.REFORM_TEAM)

    response = Client().post("/en/phan-anh-kien-nghi/", FORM)

    assert response.status_code == 200
    item = Feedback.objects.get()
    assert item.language == "en"
    feedback_answer(
        code=item.code, answer="The rule will change.", actor=officer, at=item.received_at
    )
    call_command("worker", "--once", broker="")
    mails: dict[str, list[EmailMessage]] = {}
    for message in smtp_sim.messages():
        mails.setdefault(str(message["To"]), []).append(message)
    to_sender = sorted(mails["john@example.com"], key=lambda m: str(m["Subject"]))
    assert [str(m["Subject"]) for m in to_sender] == [
        f"Feedback {item.code} has been answered",
        f"Feedback {item.code} received",
    ]
    ack = plain_text(to_sender[1])
    assert ack.startswith("Dear John Smith,")
    due = timezone.localtime(item.due_at)
    assert f"The answer is due: {due:%H:%M} on {due:%d/%m/%Y}." in ack
    assert "/en/phan-anh-kien-nghi/tra-cuu/?ma=" in ack
    # The officers' notice stays Vietnamese, the page's language notwithstanding.
    [to_officer] = mails["canbo@example.vn"]
    assert str(to_officer["Subject"]).strip() == f"Phản ánh, kiến nghị mới {item.code}"
    assert " ngày " in plain_text(to_officer)


def test_a_signed_in_sender_who_reads_english_is_answered_in_english_from_any_page(
    intake: Agency,
) -> None:
    reader = UserFactory.create(preferred_language="en")
    client = Client()
    client.force_login(reader)

    client.post("/phan-anh-kien-nghi/", FORM)
    Client().post("/phan-anh-kien-nghi/", {**FORM, "title": "Phí cao"})

    assert dict(Feedback.objects.values_list("title", "language")) == {
        "Too many papers": "en",
        "Phí cao": "vi",
    }
