"""Anonymous sending is limited per client address; an item may be closed as not admissible."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.models import Role
from motcua.accounts.tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory
from motcua.core.errors import Conflict, ValidationFailed
from motcua.core.models import OutboxMessage
from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackStatus
from motcua.feedback.services import feedback_answer, feedback_not_accept, feedback_submit

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 3, 7, 16, 40, tzinfo=UTC)
FORM = {
    "sender_kind": "citizen",
    "sender_name": "Trần Thị Bình",
    "category": "regulation",
    "title": "Thủ tục yêu cầu quá nhiều giấy tờ",
    "content": "Đề nghị bỏ yêu cầu nộp bản sao giấy khai sinh.",
}


@pytest.fixture(autouse=True)
def _intake_and_fresh_counters() -> None:
    AgencyFactory.create()  # the intake agency of items not about a dossier
    cache.clear()


def test_the_portal_form_and_the_api_share_one_limit_per_address(settings: Settings) -> None:
    settings.MOTCUA_FEEDBACK_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.7")

    first = client.post("/phan-anh-kien-nghi/", FORM)
    second = client.post(
        "/api/v1/feedback/",
        {"title": "Phí cao", "content": "Đề nghị giảm phí."},
        content_type="application/json",
    )
    third = client.post("/phan-anh-kien-nghi/", FORM)
    fourth = client.post(
        "/api/v1/feedback/",
        {"title": "Phí cao", "content": "Đề nghị giảm phí."},
        content_type="application/json",
    )

    assert (first.status_code, second.status_code) == (200, 201)
    assert (third.status_code, fourth.status_code) == (429, 429)
    assert int(third["Retry-After"]) >= 1
    assert "Tạm dừng nhận phản ánh, kiến nghị" in third.content.decode()
    assert fourth.json()["code"] == "rate_limited"
    assert Feedback.objects.count() == 2  # nothing stored over the limit
    # another address is not held back, and reading the form is not counted
    assert Client(REMOTE_ADDR="198.51.100.4").post("/phan-anh-kien-nghi/", FORM).status_code == 200
    assert client.get("/phan-anh-kien-nghi/").status_code == 200


def test_following_an_item_by_code_is_limited_at_the_lookup_rate(settings: Settings) -> None:
    settings.MOTCUA_LOOKUP_RATE = "2/min"
    item = feedback_submit(
        channel="portal", sender_kind="citizen", title="Phí", content="Giảm phí.", at=NIGHT
    )
    client = Client(REMOTE_ADDR="203.0.113.9")

    answers = [
        client.get(f"/api/v1/feedback/{item.code}/").status_code,
        client.post("/phan-anh-kien-nghi/tra-cuu/", {"ma": item.code, "khoa": "SAI"}).status_code,
        client.get(
            f"/api/v1/feedback/{item.code}/", headers={"X-Feedback-Key": "DOAN"}
        ).status_code,
        client.get("/phan-anh-kien-nghi/tra-cuu/", {"ma": item.code}).status_code,
    ]

    assert answers == [200, 200, 429, 429]


def test_an_item_not_admissible_is_closed_with_its_reason_told_to_the_sender() -> None:
    item = feedback_submit(
        channel="portal",
        sender_kind="citizen",
        sender_email="binh@example.vn",
        title="Không rõ nội dung",
        content="...",
        at=NIGHT,
    )
    officer = UserFactory.create()
    RoleAssignmentFactory.create(user=officer, agency=item.agency, role=Role.LEADER)
    later = NIGHT + timedelta(days=1)

    with pytest.raises(ValidationFailed) as caught:
        feedback_not_accept(code=item.code, reason="  ", actor=officer, at=later)
    assert [p.path for p in caught.value.problems] == ["reason"]
    assert Feedback.objects.get(pk=item.pk).status == FeedbackStatus.RECEIVED

    closed = feedback_not_accept(
        code=item.code,
        reason="Nội dung không rõ ràng, không xác định được vấn đề phản ánh.",
        actor=officer,
        at=later,
    )

    assert closed.status == FeedbackStatus.NOT_ACCEPTED
    event = FeedbackEvent.objects.get(feedback=closed, action="not_accept")
    assert event.note.startswith("Nội dung không rõ ràng")
    told = OutboxMessage.objects.get(key=f"{item.code}:not_accepted:email")
    assert told.payload["template"] == "feedback_not_accepted"
    with pytest.raises(Conflict):
        feedback_answer(code=item.code, answer="Trả lời", actor=officer, at=later)
    # the sender reads the reason with the tracking key; the code alone shows only the status
    page = Client().post(
        "/phan-anh-kien-nghi/tra-cuu/", {"ma": item.code, "khoa": item.access_key}, follow=True
    )
    assert "Nội dung không rõ ràng" in page.content.decode()
    bare = Client().get("/phan-anh-kien-nghi/tra-cuu/", {"ma": item.code}).content.decode()
    assert "Nội dung không rõ ràng" not in bare
    assert "Không đủ điều kiện tiếp nhận" in bare


def test_the_officer_closes_an_item_as_not_admissible_from_its_page() -> None:
    item = feedback_submit(
        channel="portal", sender_kind="citizen", title="Trùng lặp", content="Đã gửi.", at=NIGHT
    )
    officer = UserFactory.create()
    RoleAssignmentFactory.create(user=officer, agency=item.agency, role=Role.SPECIALIST)
    client = Client()
    client.force_login(officer)
    url = f"/can-bo/phan-anh/{item.code}/"

    empty = client.post(url, {"thao_tac": "not_accept", "reason": ""})
    done = client.post(url, {"thao_tac": "not_accept", "reason": "Trùng với phản ánh đã trả lời."})

    assert empty.status_code == 200
    assert "Vui lòng nêu lý do không đủ điều kiện xử lý." in empty.content.decode()
    assert done.status_code == 302
    assert Feedback.objects.get(pk=item.pk).status == FeedbackStatus.NOT_ACCEPTED
