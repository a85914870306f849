"""Drafting the result on the dossier page: the holder of a step up to the signature writes
what the template leaves to the officer; the preview becomes the unsigned result to look at."""

from datetime import timedelta

import pytest
from django.test import Client

from motcua.dossiers.models import DossierResult
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import AT, World, build_world, submit

pytestmark = pytest.mark.django_db

RESULTS = [
    {
        "kind": "certificate",
        "name": "Giấy xác nhận",
        "document": {
            "title": "Giấy xác nhận",
            "fields": [{"label": "Họ, chữ đệm và tên", "source": "full_name"}],
            "statement": {"label": "Nội dung xác nhận", "default": "Đã đăng ký"},
            "signer_title": "Chỉ huy trưởng",
        },
    }
]


def _at_the_specialist() -> tuple[World, str]:
    world = build_world(results=RESULTS)
    dossier = submit(world).dossier
    dossier = dossier_transition(
        dossier=dossier,
        action="complete_step",
        actor=world.receiver,
        at=AT + timedelta(minutes=5),
    )
    return world, dossier.code


def test_the_specialist_drafts_the_statement_and_the_draft_is_the_unsigned_result(
    client: Client,
) -> None:
    world, code = _at_the_specialist()
    client.force_login(world.specialist)

    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Lập dự thảo kết quả" in page
    assert "Nội dung xác nhận" in page
    assert "Đã đăng ký" in page  # the template's default, to change

    response = client.post(
        f"/can-bo/ho-so/{code}/du-thao-ket-qua/", {"statement": "Đã đăng ký lần đầu"}
    )

    assert response.status_code == 302
    draft = DossierResult.objects.get(dossier__code=code)
    assert draft.signed_at is None
    assert draft.data["statement"] == "Đã đăng ký lần đầu"
    assert draft.data["previewed_by"] == world.specialist.username
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Đang ký duyệt" in page
    assert "Đã đăng ký lần đầu" in page  # the form shows the draft's statement


def test_an_officer_who_does_not_hold_the_step_can_neither_see_nor_post_the_draft(
    client: Client,
) -> None:
    world, code = _at_the_specialist()
    client.force_login(world.leader)

    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "Lập dự thảo kết quả" not in page
    response = client.post(
        f"/can-bo/ho-so/{code}/du-thao-ket-qua/", {"statement": "x"}, follow=True
    )

    assert not DossierResult.objects.filter(dossier__code=code).exists()
    assert "Thẩm định" in response.content.decode()  # the refusal names the step
