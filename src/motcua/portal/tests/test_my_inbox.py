"""Hồ sơ của tôi: what needs the citizen now comes first; drafts stay with the account."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.catalog.models import PaymentStage
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.tests.factories import AT, World, build_world, submit
from motcua.feedback.models import DossierRating, Feedback
from motcua.portal.models import ApplicationDraft
from motcua.portal.selectors import Need, my_inbox
from motcua.portal.tests.citizen_data import citizen_client, good_form_data, online_world

pytestmark = pytest.mark.django_db


def _filed(world: World, count: int) -> list[Dossier]:
    return [submit(world, at=AT + timedelta(minutes=n)).dossier for n in range(count)]


def test_what_needs_the_citizen_comes_first_in_the_order_of_urgency() -> None:
    # given six dossiers: one in progress, and one for each thing a citizen may have to do
    world = build_world()
    busy, supplement, unpaid, ready, returned, rated = _filed(world, 6)
    Dossier.objects.filter(pk=supplement.pk).update(status=DossierStatus.SUPPLEMENT_REQUESTED)
    Dossier.objects.filter(pk=unpaid.pk).update(
        fee_amount=200_000, payment_stage=PaymentStage.BEFORE_PROCESSING
    )
    Dossier.objects.filter(pk=ready.pk).update(status=DossierStatus.RESULT_READY)
    Dossier.objects.filter(pk__in=[returned.pk, rated.pk]).update(
        status=DossierStatus.RETURNED, closed_at=AT + timedelta(days=2)
    )
    DossierRating.objects.create(
        dossier_code=rated.code,
        agency=world.competent,
        satisfaction=3,
        rated_at=AT + timedelta(days=3),
        evaluation={},
    )

    # when the inbox is read a few days later
    entries = my_inbox(user=world.applicant_user, now=AT + timedelta(days=5))

    # then each need is there once, in order, and nothing else
    assert [(e.need, e.dossier.code) for e in entries] == [
        (Need.SUPPLEMENT, supplement.code),
        (Need.PAYMENT, unpaid.code),
        (Need.COLLECT, ready.code),
        (Need.RATE, returned.code),
    ]
    assert busy.code not in {e.dossier.code for e in entries}
    # a rating is asked for a month, then the dossier is simply done
    late = my_inbox(user=world.applicant_user, now=AT + timedelta(days=40))
    assert Need.RATE not in {e.need for e in late}
    # and another citizen's inbox is empty
    assert my_inbox(user=world.outsider, now=AT) == []


def test_the_page_puts_the_inbox_and_the_drafts_above_the_list() -> None:
    world = online_world()
    supplement = submit(world, form_data=good_form_data()).dossier
    Dossier.objects.filter(pk=supplement.pk).update(status=DossierStatus.SUPPLEMENT_REQUESTED)
    now = timezone.now()
    ApplicationDraft.objects.create(
        user=world.applicant_user,
        procedure=world.version.procedure.code,
        key="d" * 32,
        data={"f__to_khai__height_cm": ["172"]},
        created_at=now,
        updated_at=now,
    )

    body = citizen_client(world).get("/ho-so-cua-toi/").content.decode()

    inbox, rest = body.split('id="nop-do"')
    assert "Bổ sung hồ sơ" in inbox
    assert f"/ho-so-cua-toi/{supplement.code}/" in inbox
    drafts, listing = rest.split("Tất cả hồ sơ")
    assert f"/thu-tuc/{world.version.procedure.code}/nop-ho-so/" in drafts
    assert world.version.name in drafts
    assert supplement.code in listing


def test_feedback_sent_signed_in_is_listed_and_opens_without_its_key() -> None:
    # given a citizen who sends feedback while signed in
    world = online_world()
    client = citizen_client(world)
    sent = client.post(
        "/phan-anh-kien-nghi/",
        {
            "sender_kind": "citizen",
            "sender_name": "Nguyễn Văn An",
            "sender_email": "an@example.vn",
            "sender_phone": "",
            "category": "regulation",
            "dossier_code": "",
            "title": "Giờ làm việc buổi sáng thứ Bảy",
            "content": "Đề nghị bộ phận một cửa mở cửa sáng thứ Bảy.",
        },
    )
    assert sent.status_code == 200
    item = Feedback.objects.get()
    assert item.sender_user == world.applicant_user

    # then "Hồ sơ của tôi" lists it, and its page shows the whole item in a new session
    body = citizen_client(world).get("/ho-so-cua-toi/").content.decode()
    assert "Giờ làm việc buổi sáng thứ Bảy" in body.split('id="phan-anh-cua-toi"')[1]
    follow = citizen_client(world).get(f"/phan-anh-kien-nghi/tra-cuu/?ma={item.code}")
    assert "Giờ làm việc buổi sáng thứ Bảy" in follow.content.decode()
    # and nobody else opens it by its code alone
    stranger = Client().get(f"/phan-anh-kien-nghi/tra-cuu/?ma={item.code}")
    assert "Giờ làm việc buổi sáng thứ Bảy" not in stranger.content.decode()
