"""The dossier page's own forms: the apology (form 04) and the consultation of other agencies."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.dossiers.deadlines import late_working_days
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.sla import dossier_sla_sweep
from motcua.dossiers.tests.factories import World, build_world, submit

pytestmark = pytest.mark.django_db


def in_processing(world: World) -> Dossier:
    """A dossier at the specialist's step, its due moment long past (received on 2 March 2026)."""
    dossier = submit(world).dossier
    return dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=timezone.now()
    )


def drafted(world: World) -> tuple[Dossier, DossierApology]:
    dossier = in_processing(world)
    dossier_sla_sweep(now=timezone.now())
    dossier.refresh_from_db()
    return dossier, DossierApology.objects.get(dossier=dossier)


def test_the_leader_sees_the_draft_with_its_proposed_date_prefilled(client: Client) -> None:
    world = build_world()
    dossier, apology = drafted(world)
    client.force_login(world.leader)

    body = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    proposed = timezone.localtime(apology.proposed_due_at)
    assert "Hệ thống đã dự thảo văn bản xin lỗi" in body
    assert f"Đề xuất hẹn lại: {proposed:%H:%M %d/%m/%Y}" in body
    assert "[Nêu rõ lý do" not in body
    # Received on 2 March 2026 and due on 5 March: long overdue, never "sắp đến hạn".
    late = late_working_days(
        due=apology.original_due_at, now=timezone.now(), agency_code=world.competent.code
    )
    assert late > 100
    assert f"hồ sơ đã quá hạn {late} ngày làm việc" in body
    assert "sắp đến hạn" not in body
    assert "Hồ sơ đã quá hạn trả kết quả" in apology.reason
    # The reasons are the officer's to write: the field starts empty and is required.
    [reasons] = re.findall(r'<textarea name="xin-loi-reasons"[^>]*>([^<]*)</textarea>', body)
    assert reasons.strip() == ""
    assert 'type="date"' in body
    assert f'value="{proposed:%Y-%m-%d}"' in body
    assert 'name="xin-loi-reasons"' in body


def test_only_the_leader_gets_the_apology_form(client: Client) -> None:
    world = build_world()
    dossier, _ = drafted(world)
    client.force_login(world.specialist)

    body = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {"xin-loi-version": dossier.version, "xin-loi-reasons": "Chậm", "xin-loi-new_due_on": ""},
    )

    assert "Hệ thống đã dự thảo văn bản xin lỗi" in body
    assert 'name="xin-loi-reasons"' not in body
    assert response.status_code == 400  # the date is missing: said before anything is tried
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {
            "xin-loi-version": dossier.version,
            "xin-loi-reasons": "Chậm",
            "xin-loi-new_due_on": f"{timezone.localdate(dossier.apologies.get().proposed_due_at)}",
        },
    )
    assert response.status_code == 403
    assert "Chỉ lãnh đạo" in response.content.decode()
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled_once


def test_approving_sets_the_new_date_once_and_links_form_04(client: Client) -> None:
    world = build_world()
    dossier, apology = drafted(world)
    day = timezone.localdate(apology.proposed_due_at)
    client.force_login(world.leader)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {
            "xin-loi-version": dossier.version,
            "xin-loi-reasons": "Phải xác minh thêm tại địa phương\nCán bộ thụ lý nghỉ ốm",
            "xin-loi-new_due_on": day.isoformat(),
        },
        follow=True,
    )

    body = response.content.decode()
    dossier.refresh_from_db()
    assert dossier.rescheduled_once
    assert dossier.due_at == apology.proposed_due_at
    assert "Đã thực hiện: Phê duyệt văn bản xin lỗi" in body
    assert f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}" in body
    assert "không thể hẹn lại nữa" in body
    assert 'name="xin-loi-reasons"' not in body
    assert f"/api/v1/dossiers/{dossier.code}/slips/04/" in body
    assert f"/api/v1/dossiers/{dossier.code}/slips/06/" in body
    apology.refresh_from_db()
    assert apology.reason == "Phải xác minh thêm tại địa phương; Cán bộ thụ lý nghỉ ốm"


def test_the_reasons_are_required_before_approval(client: Client) -> None:
    world = build_world()
    dossier, apology = drafted(world)
    client.force_login(world.leader)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {
            "xin-loi-version": dossier.version,
            "xin-loi-reasons": "  ",
            "xin-loi-new_due_on": timezone.localdate(apology.proposed_due_at).isoformat(),
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_xin-loi-reasons-error"' in body
    assert "Nhập lý do chậm giải quyết hồ sơ" in body
    assert 'href="#id_xin-loi-reasons"' in body
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled_once


def test_a_non_working_day_is_refused_next_to_the_date(client: Client) -> None:
    world = build_world()
    dossier, apology = drafted(world)
    day = timezone.localdate(apology.proposed_due_at)
    sunday = day + timedelta(days=(6 - day.weekday()) % 7 or 7)
    client.force_login(world.leader)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xin-loi/",
        {
            "xin-loi-version": dossier.version,
            "xin-loi-reasons": "Phải xác minh thêm",
            "xin-loi-new_due_on": sunday.isoformat(),
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_xin-loi-new_due_on-error"' in body
    assert "phải là ngày làm việc" in body
    assert f'value="{sunday.isoformat()}"' in body  # what was typed is kept
    assert not Dossier.objects.get(pk=dossier.pk).rescheduled_once


def test_the_queue_flags_a_draft_waiting_for_the_leader(client: Client) -> None:
    world = build_world()
    dossier, _ = drafted(world)  # at the specialist's step, not the leader's
    client.force_login(world.leader)

    body = client.get("/can-bo/ho-so/").content.decode()

    assert dossier.code in body
    assert "Chờ duyệt thư xin lỗi" in body


def consulted(world: World) -> Agency:
    return world.outsider.role_assignments.get().agency


def test_the_specialist_consults_another_agency_which_answers(client: Client) -> None:
    world = build_world()
    dossier = in_processing(world)
    other = consulted(world)
    client.force_login(world.specialist)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/lay-y-kien/",
        {
            "lay-y-kien-version": dossier.version,
            "lay-y-kien-agencies": [other.code],
            "lay-y-kien-working_days": "2",
            "lay-y-kien-note": "Đề nghị cho ý kiến về nơi cư trú",
        },
        follow=True,
    )

    assert f'type="checkbox" name="lay-y-kien-agencies" value="{other.code}"' in page
    assert f'value="{world.competent.code}"' not in page  # the lead agency itself
    consultation = DossierConsultation.objects.get(dossier=dossier)
    body = response.content.decode()
    assert "Đã thực hiện: Lấy ý kiến cơ quan phối hợp." in body
    assert other.name in body
    assert f"{timezone.localtime(consultation.due_at):%H:%M %d/%m/%Y}" in body
    assert "Đang chờ trả lời" in body

    # when an officer of the consulted agency answers
    client.force_login(world.outsider)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    dossier.refresh_from_db()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/tra-loi-y-kien/",
        {"tra-loi-version": dossier.version, "tra-loi-note": "Thông tin cư trú đúng"},
        follow=True,
    )

    assert 'name="tra-loi-note"' in page
    body = response.content.decode()
    assert "Thông tin cư trú đúng" in body
    assert "Đã trả lời" in body
    assert 'name="tra-loi-note"' not in body  # it answers once
    consultation.refresh_from_db()
    assert consultation.answered_by == world.outsider


def test_a_consultation_without_agencies_or_days_is_shown_next_to_the_fields(
    client: Client,
) -> None:
    world = build_world()
    dossier = in_processing(world)
    client.force_login(world.specialist)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/lay-y-kien/",
        {"lay-y-kien-version": dossier.version, "lay-y-kien-working_days": "0"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_lay-y-kien-agencies-error"' in body
    assert "Chọn ít nhất một cơ quan" in body
    assert 'id="id_lay-y-kien-working_days-error"' in body
    assert not DossierConsultation.objects.exists()


def test_an_empty_answer_is_refused_next_to_the_answer(client: Client) -> None:
    world = build_world()
    dossier = in_processing(world)
    dossier = dossier_transition(
        dossier=dossier,
        action="consult_request",
        actor=world.specialist,
        at=timezone.now(),
        agencies=[consulted(world).code],
        working_days=2,
    )
    client.force_login(world.outsider)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/tra-loi-y-kien/",
        {"tra-loi-version": dossier.version, "tra-loi-note": "  "},
    )

    assert response.status_code == 400
    assert 'id="id_tra-loi-note-error"' in response.content.decode()
    assert DossierConsultation.objects.get().answered_at is None
