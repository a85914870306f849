"""The counter intake, the work queue and the dossier page, through the Django client."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.backoffice import views
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.factories import PDF, PERSONAL_ID, World, build_world, submit

pytestmark = pytest.mark.django_db


def world_now() -> World:
    return build_world()


def counter_post(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "personal_id": "001090099999",
        "name": "Trần Thị Bình",
        "birth_date": "1990-07-15",
        "sex": "male",
        "phone": "0912345678",
        "email": "",
        "address": "Số 2 phố Thử",
        "administrative_unit": world.commune.code,
        "d__giay_gioi_thieu": SimpleUploadedFile("giay.pdf", PDF, "application/pdf"),
    }
    data.update(overrides)
    return data


def test_intake_needs_a_signed_in_officer(client: Client) -> None:
    response = client.get("/can-bo/tiep-nhan/")

    assert response.status_code == 302
    assert response["Location"].startswith("/can-bo/dang-nhap/")


def test_intake_needs_the_one_stop_officer_role(client: Client) -> None:
    world = world_now()
    client.force_login(world.specialist)

    response = client.get("/can-bo/tiep-nhan/")

    assert response.status_code == 403
    assert "Chỉ cán bộ một cửa" in response.content.decode()


def test_procedure_search_lists_the_published_procedure(client: Client) -> None:
    world = world_now()
    client.force_login(world.receiver)

    body = client.get("/can-bo/tiep-nhan/", {"q": "nghia vu"}).content.decode()

    assert world.version.name in body
    assert f"/can-bo/tiep-nhan/{world.version.procedure.code}/" in body


def test_intake_form_is_generated_from_the_schema_and_defaults_to_the_unit_commune(
    client: Client,
) -> None:
    world = world_now()
    client.force_login(world.receiver)

    response = client.get(f"/can-bo/tiep-nhan/{world.version.procedure.code}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="f__to_khai__full_name"' in body
    assert 'name="d__giay_gioi_thieu"' in body
    assert f'<option value="{world.commune.code}" selected>' in body


def test_lookup_by_personal_id_prefills_a_known_applicant(client: Client) -> None:
    world = world_now()
    client.force_login(world.receiver)

    body = client.get(
        f"/can-bo/tiep-nhan/{world.version.procedure.code}/", {"so_dinh_danh": PERSONAL_ID}
    ).content.decode()

    assert "Đã tìm thấy người nộp hồ sơ" in body
    assert 'value="Nguyễn Văn An"' in body


def test_counter_intake_receives_the_dossier_and_shows_the_receipt(client: Client) -> None:
    world = world_now()
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/tiep-nhan/{world.version.procedure.code}/", counter_post(world), follow=True
    )

    dossier = Dossier.objects.get()
    assert dossier.channel == "counter"
    assert dossier.receiving_unit == world.unit
    assert dossier.competent_agency == world.competent
    assert dossier.form_data == {"to_khai": {"full_name": "Trần Thị Bình"}}
    assert dossier.documents.count() == 1
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/can-bo/ho-so/{dossier.code}/giay-tiep-nhan/"
    assert dossier.code in body
    assert f"/api/v1/dossiers/{dossier.code}/slips/01/" in body
    assert "In giấy tiếp nhận" in body


def test_every_intake_problem_is_shown_at_once_and_nothing_is_stored(client: Client) -> None:
    world = world_now()
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/tiep-nhan/{world.version.procedure.code}/",
        counter_post(world, personal_id="001091099999", name="", d__giay_gioi_thieu=""),
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_personal_id"' in body
    assert 'href="#id_name"' in body
    assert 'href="#id_d__giay_gioi_thieu"' in body
    assert 'id="id_personal_id-error"' in body
    assert 'value="Số 2 phố Thử"' in body  # what was typed is kept
    assert "hãy chọn lại tệp" in body
    assert not Dossier.objects.exists()


def test_a_file_whose_content_is_not_what_it_claims_is_shown_next_to_its_field(
    client: Client,
) -> None:
    world = world_now()
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/tiep-nhan/{world.version.procedure.code}/",
        counter_post(
            world, d__giay_gioi_thieu=SimpleUploadedFile("giay.pdf", b"not a pdf", "text/plain")
        ),
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_d__giay_gioi_thieu-error"' in body
    assert "không phải là tệp PDF" in body
    assert not Dossier.objects.exists()


def test_queue_lists_the_officer_s_dossiers_with_counts(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = world_now()
    # Received on Monday 2 March 2026 at 09:00; its reception step of 60 working minutes, the
    # receiver's own, falls due at 10:00.
    dossier = submit(world).dossier
    client.force_login(world.receiver)
    clock = [datetime(2026, 3, 2, 2, 59, 59, tzinfo=UTC)]  # 09:59:59 in Hà Nội
    monkeypatch.setattr(timezone, "now", lambda: clock[0])

    on_time = client.get("/can-bo/ho-so/").content.decode()
    clock[0] = datetime(2026, 3, 2, 3, 0, 1, tzinfo=UTC)  # 10:00:01: one second late
    late_row = client.get("/can-bo/ho-so/").content.decode()
    # The counts are kept up to 30 seconds for the officer's roles: counted again at 10:00:30.
    clock[0] = datetime(2026, 3, 2, 3, 0, 30, tzinfo=UTC)
    late = client.get("/can-bo/ho-so/").content.decode()

    assert f'<a href="/can-bo/ho-so/{dossier.code}/">{dossier.code}</a>' in on_time
    # The step's due moment in Hà Nội time, as the officer reads a clock.
    assert "hạn bước: 10:00 02/03/2026" in on_time
    assert '<span class="figures__number">0</span>hồ sơ quá hạn' in on_time
    # The dossier itself is due on Thursday, not today.
    assert '<span class="figures__number">0</span>hồ sơ đến hạn hôm nay' in on_time
    assert "Quá hạn" not in on_time
    assert "Đếm lúc 09:59:59;" in on_time
    # The row says so at once; the figure, counted at 09:59:59, says when it was counted.
    assert "Quá hạn" in late_row
    assert '<span class="figures__number">0</span>hồ sơ quá hạn' in late_row
    assert "Đếm lúc 09:59:59;" in late_row
    assert '<span class="figures__number">1</span>hồ sơ quá hạn' in late
    assert "Đếm lúc 10:00:30;" in late


def test_queue_filters_by_status(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    body = client.get("/can-bo/ho-so/", {"trang_thai": "processing"}).content.decode()

    assert dossier.code not in body
    assert "Không có hồ sơ nào" in body


def test_dossier_page_shows_history_documents_and_actions(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    body = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()

    assert "Tiếp nhận hồ sơ" in body
    assert "Quá trình xử lý" in body
    assert "Chuyển bước tiếp theo" in body
    assert "Từ chối giải quyết" in body
    document = dossier.documents.get()
    assert f"/can-bo/ho-so/{dossier.code}/giay-to/{document.pk}/" in body


def test_another_agency_s_dossier_is_not_found(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.outsider)

    assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.code}/giay-tiep-nhan/").status_code == 404
    document = dossier.documents.get()
    assert client.get(f"/can-bo/ho-so/{dossier.code}/giay-to/{document.pk}/").status_code == 404
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/", {"action": "complete_step", "version": 1}
    )
    assert response.status_code == 404


def test_document_download_streams_the_stored_file(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.specialist)
    document = dossier.documents.get()

    response = client.get(f"/can-bo/ho-so/{dossier.code}/giay-to/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "giay-gioi-thieu.pdf" in response["Content-Disposition"]


def test_an_action_moves_the_dossier_and_is_added_to_the_history(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/",
        {"action": "complete_step", "version": dossier.version, "note": "Đủ hồ sơ"},
        follow=True,
    )

    dossier.refresh_from_db()
    assert dossier.status == "processing"
    body = response.content.decode()
    assert "Đã thực hiện: Chuyển bước tiếp theo." in body
    assert "Đủ hồ sơ" in body
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_refusing_without_reasons_is_shown_next_to_the_reasons(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/",
        {"action": "refuse", "version": dossier.version, "reasons": ""},
    )

    assert response.status_code == 400
    assert 'id="ly-do-refuse-error"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "received"


def test_an_officer_acting_second_gets_a_clear_conflict_message(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    seen_version = dossier.version
    # another officer at the same counter acts first
    dossier_transition(
        dossier=dossier, action="complete_step", actor=world.receiver, at=timezone.now()
    )
    client.force_login(world.receiver)

    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/",
        {"action": "complete_step", "version": seen_version},
    )

    body = response.content.decode()
    assert response.status_code == 409
    assert "vừa được cán bộ khác xử lý trước bạn" in body
    assert 'role="alert"' in body
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2


def test_an_officer_without_the_step_role_is_told_so(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.leader)

    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/thao-tac/",
        {"action": "complete_step", "version": dossier.version},
    )

    assert "Chuyển bước tiếp theo" not in page
    assert response.status_code == 403
    assert "bạn không có vai trò này" in response.content.decode()


def test_receipt_date_is_shown_in_local_time(client: Client) -> None:
    world = world_now()
    dossier = submit(world).dossier
    client.force_login(world.receiver)

    body = client.get(f"/can-bo/ho-so/{dossier.code}/giay-tiep-nhan/").content.decode()

    assert "09:00 02/03/2026" in body
    assert date(2026, 3, 2).strftime("%d/%m/%Y") in body


def test_queue_pages_on_by_the_next_link_and_a_forged_cursor_starts_at_the_top(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = world_now()
    codes = {submit(world).dossier.code for _ in range(3)}
    client.force_login(world.receiver)
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 2)

    first = client.get("/can-bo/ho-so/", {"trang_thai": "received"})
    second = client.get(first.context["next_url"])
    forged = client.get("/can-bo/ho-so/", {"sau": "not-a-cursor"})

    shown = [{row.code for row in page.context["rows"]} for page in (first, second)]
    assert [len(rows) for rows in shown] == [2, 1]
    assert shown[0] | shown[1] == codes
    assert "trang_thai=received" in first.context["next_url"]
    assert second.context["next_url"] == ""
    assert "Trang đầu" in second.content.decode()
    assert {row.code for row in forged.context["rows"]} == shown[0]
