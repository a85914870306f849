"""Officers' feedback pages and their units' dashboard, with the dossiers behind late figures."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import AT, build_world, submit
from motcua.feedback.services import feedback_submit

pytestmark = pytest.mark.django_db


def test_the_unit_answers_feedback_and_sees_its_late_dossiers(
    settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    late = submit(world).dossier
    Dossier.objects.filter(pk=late.pk).update(marked_late=True, competent_agency=world.competent)
    item = feedback_submit(
        channel="portal",
        sender_kind="citizen",
        title="Chậm",
        content="Hồ sơ chậm.",
        dossier_code=late.code,
        at=AT + timedelta(hours=1),
    )
    holder = world.receiver  # the dossier is at the reception step, in the centre
    client = Client()
    client.force_login(holder)
    queue = client.get("/can-bo/phan-anh/").content.decode()
    assert item.code in queue
    answered = client.post(
        f"/can-bo/phan-anh/{item.code}/",
        {"thao_tac": "answer", "answer": "Đã xử lý.", "publish": "on"},
    )
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    client.force_login(world.outsider)
    assert client.get(f"/can-bo/phan-anh/{item.code}/").status_code == 404
    client.force_login(world.specialist)
    board = client.get("/can-bo/bao-cao/", {"nam": 2026}).content.decode()
    assert late.code in board
    assert world.competent.name in board
