"""Following a feedback item on the portal: the access key goes in a POST body, never the URL."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.accounts.tests.factories import AgencyFactory
from motcua.feedback.models import Feedback
from motcua.feedback.services import feedback_submit

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 3, 7, 16, 40, tzinfo=UTC)
FOLLOW = "/phan-anh-kien-nghi/tra-cuu/"


@pytest.fixture
def item() -> Feedback:
    AgencyFactory.create()  # the intake agency of items not about a dossier
    cache.clear()
    return feedback_submit(
        channel="portal", sender_kind="citizen", title="Phí cao", content="Giảm phí.", at=NIGHT
    )


def test_the_key_posted_shows_the_item_at_an_address_without_the_key(item: Feedback) -> None:
    client = Client()

    posted = client.post(FOLLOW, {"ma": item.code, "khoa": item.access_key})

    assert posted.status_code == 302
    assert item.access_key not in posted["Location"]
    page = client.get(posted["Location"])
    assert "Phí cao" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # another browser with the code alone sees only the status
    assert "Phí cao" not in Client().get(posted["Location"]).content.decode()


def test_a_key_in_the_address_is_refused_and_not_used(item: Feedback) -> None:
    response = Client().get(FOLLOW, {"ma": item.code, "khoa": item.access_key})

    assert response.status_code == 400
    content = response.content.decode()
    assert "không được ghi trên địa chỉ trang" in content
    assert "Phí cao" not in content


def test_the_follow_form_posts_its_key(item: Feedback) -> None:
    content = Client().get(FOLLOW, {"ma": item.code}).content.decode()

    assert f'<form method="post" action="{FOLLOW}"' in content
    assert 'method="get"' not in content


def test_a_wrong_key_posted_says_so(item: Feedback) -> None:
    response = Client().post(FOLLOW, {"ma": item.code, "khoa": "SAI"})

    assert response.status_code == 200
    assert "Mã tra cứu không đúng." in response.content.decode()
    assert "Phí cao" not in response.content.decode()
