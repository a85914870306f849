"""Journey: once-only. A citizen registers for military service for the first time and types
nothing the population registry holds; then registers a move and supplies no document the first
registration produced. The officer sees where every field came from; the citizen sees who read
their data. A variant kills the registry simulator mid-prefill: the citizen completes by hand,
and the dossier records the values as unverified."""

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.tests.oidc_sim import OidcSim
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.judicial_record import walked
from motcua.registry.models import DataStoreItem
from motcua.registry.tests.simulators import RegistrySim
from motcua_dev.testing.signing import LocalSigning
from tests.journeys.citizen import citizen_starts_applying, citizen_submits
from tests.journeys.counter_dossier import PDF, demo_loaded
from tests.journeys.officer import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "1.001821"
MOVE = "1.001766"
PASSWORD = "motcua-journey-2026"


def test_citizen_reuses_state_data_twice_and_sees_who_read_it(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    signing: LocalSigning,
    page: Page,
    new_page: Callable[..., Page],
    axe: Callable[[Page], None],
    screenshot: Callable[[Page, str], Path],
) -> None:
    demo_loaded(at=timezone.now())

    # the citizen applies for the first registration and agrees to the retrieval
    citizen_starts_applying(page, live_server, FIRST)
    expect(
        page.get_by_role("heading", name="Không cần khai lại thông tin nhà nước đã có")
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()

    # then the values come as the registry holds them, with their source and time
    panel = page.locator("section.prefill")
    expect(panel).to_contain_text("Lê Hoàng Cường")
    expect(panel).to_contain_text("20/01/2003")
    expect(panel).to_contain_text("Nguồn: Cơ sở dữ liệu quốc gia về dân cư")
    expect(panel).to_contain_text("Bản sao Thẻ căn cước")
    expect(page.get_by_label("Họ, chữ đệm và tên")).to_have_value("Lê Hoàng Cường")
    expect(page.get_by_label("Ngày sinh")).to_have_value("2003-01-20")
    axe(page)
    screenshot(page, "once-only-prefill")

    # and they type only what no registry holds: height, weight, the commune
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("main")).to_contain_text("Lấy từ Cơ sở dữ liệu quốc gia về dân cư")
    axe(page)
    first_code = citizen_submits(page)
    first = Dossier.objects.get(code=first_code)
    provenance = first.form_provenance
    for field in ("full_name", "personal_id", "birth_date"):
        assert provenance[f"phieu_tu_khai_suc_khoe.{field}"]["source"] == "population_db"
        assert provenance[f"phieu_tu_khai_suc_khoe.{field}"]["verified"] is True
    assert provenance["phieu_tu_khai_suc_khoe.height_cm"]["source"] == "applicant"
    assert provenance["documents.can_cuoc"]["verified"] is True
    assert not first.documents.exists()

    # when an officer of the competent agency opens the dossier, they see every field's source
    agency = first.competent_agency
    officer = User.objects.create_user(
        username="chuyenvien.quansu", password=PASSWORD, first_name="Đỗ Văn", last_name="Hòa"
    )
    RoleAssignment.objects.create(
        user=officer, agency=agency, role=Role.SPECIALIST, valid_from=timezone.localdate()
    )
    officer_page = new_page()
    sign_in(officer_page, live_server.url, "chuyenvien.quansu", axe, password=PASSWORD)
    officer_page.goto(f"{live_server.url}/can-bo/ho-so/{first_code}/")
    table = officer_page.locator("#nguon-du-lieu + .table-wrapper")
    expect(table).to_contain_text("Họ, chữ đệm và tên")
    expect(table).to_contain_text("Cơ sở dữ liệu quốc gia về dân cư")
    expect(table).to_contain_text("Người nộp hồ sơ tự nhập")
    expect(table).to_contain_text("Đã xác minh")
    expect(table).to_contain_text("Chưa xác minh")
    expect(table).to_contain_text("ev-")
    axe(officer_page)
    screenshot(officer_page, "once-only-officer-provenance")

    # the commune military command processes it through its steps (the browser walk of the steps
    # has its own journeys): the leader signs the certificate and the result is handed over; the
    # last step puts the signed result into the citizen's data store
    for username, role in (
        ("motcua.quansu", Role.ONE_STOP_OFFICER),
        ("chihuy.quansu", Role.LEADER),
    ):
        holder = User.objects.create_user(username=username, password=PASSWORD)
        RoleAssignment.objects.create(
            user=holder, agency=agency, role=role, valid_from=timezone.localdate()
        )
    signing.enrol("chihuy.quansu")
    first = walked(
        first,
        by=("motcua.quansu", "chuyenvien.quansu", "chihuy.quansu", "motcua.quansu"),
        at=timezone.now(),
        every=timedelta(seconds=1),
    )
    assert first.status == "returned"
    signed = first.results.get(kind="result")
    assert signed.signatures
    stored = DataStoreItem.objects.get(owner="031203004567")
    assert stored.source_dossier == first_code
    assert stored.file_sha256 == signed.sha256

    # when the citizen registers the move, the certificate comes from the data store
    page.goto(f"{live_server.url}/thu-tuc/{MOVE}/nop-ho-so/")
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()
    panel = page.locator("section.prefill")
    expect(panel).to_contain_text("Giấy chứng nhận đăng ký nghĩa vụ quân sự")
    expect(panel).to_contain_text("Kho quản lý dữ liệu điện tử")
    axe(page)
    # and types only what the move is: where to, when, why
    page.get_by_label("Nơi chuyển đến (phường, xã, tỉnh)").fill(
        "Phường Lê Chân, Thành phố Hải Phòng"
    )
    page.get_by_label("Ngày dự kiến chuyển đi").fill(timezone.localdate().isoformat())
    page.get_by_label("Lý do chuyển").select_option("residence")
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    page.get_by_role("button", name="Tiếp tục").click()
    move_code = citizen_submits(page)
    move = Dossier.objects.get(code=move_code)
    assert not move.documents.exists()
    assert move.form_provenance["documents.giay_chung_nhan_nvqs"]["source"] == "data_store"
    assert move.form_provenance["documents.giay_to_thay_doi_noi_o"]["source"] == "population_db"

    # then the citizen sees who accessed their data, and why
    page.goto(f"{live_server.url}/du-lieu-cua-toi/")
    log = page.locator("#truy-cap + .table-wrapper")
    expect(log).to_contain_text("Đỗ Văn Hòa")
    expect(log).to_contain_text("Cán bộ xem hồ sơ")
    expect(log).to_contain_text(first_code)
    expect(log).to_contain_text("Khai thác từ cơ sở dữ liệu")
    expect(page.locator("#kho-du-lieu + .summary-list")).to_contain_text(first_code)
    axe(page)
    screenshot(page, "once-only-my-data")


def test_registry_down_mid_prefill_the_citizen_types_and_it_is_marked_unverified(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
    axe: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    demo_loaded(at=timezone.now())
    citizen_starts_applying(page, live_server, FIRST)

    # the registry simulator dies just as the citizen agrees to the retrieval
    registry.process.kill()
    registry.process.wait()
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()

    panel = page.locator("section.prefill")
    expect(panel).to_contain_text("không kết nối được, vui lòng tự nhập")
    axe(page)
    page.get_by_label("Họ, chữ đệm và tên").fill("Lê Hoàng Cường")
    page.get_by_label("Số định danh cá nhân").fill("031203004567")
    page.get_by_label("Ngày sinh").fill("2003-01-20")
    page.get_by_label("Chiều cao (cm)").fill("172")
    page.get_by_label("Cân nặng (kg)").fill("64")
    scan = tmp_path / "can-cuoc.pdf"
    scan.write_bytes(PDF)
    page.get_by_label(re.compile("^Bản sao Thẻ căn cước")).set_input_files(str(scan))
    page.get_by_label("Phường, xã nơi có cơ quan giải quyết").select_option("00070")
    page.get_by_role("button", name="Tiếp tục").click()
    code = citizen_submits(page)

    provenance = Dossier.objects.get(code=code).form_provenance
    entry = provenance["phieu_tu_khai_suc_khoe.full_name"]
    assert entry["source"] == "applicant"
    assert entry["verified"] is False
    assert entry["unavailable"] == ["population_db"]
    assert "documents.can_cuoc" not in provenance


def test_a_tampered_registry_answer_is_refused_on_the_portal(
    live_server: LiveServer,
    oidc_provider: OidcSim,
    registry: RegistrySim,
    page: Page,
) -> None:
    demo_loaded(at=timezone.now())
    citizen_starts_applying(page, live_server, FIRST)
    registry.control(tamper=True)
    page.get_by_role("button", name="Đồng ý và lấy dữ liệu").click()
    panel = page.locator("section.prefill")
    expect(panel).to_contain_text("không xác thực được chữ ký")
    expect(page.get_by_label("Họ, chữ đệm và tên")).not_to_have_value("Người Bị Sửa")
