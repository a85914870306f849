"""Nộp hồ sơ trực tuyến: how the result comes back (counter, online, post to an address)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.tests.factories import CommuneFactory
from motcua.dossiers.models import Dossier
from motcua.portal.tests.citizen_data import (
    citizen_client,
    good_answers,
    online_world,
    pdf_upload,
)
from motcua.registry.tests.simulators import RegistrySim, run_registry_sim

pytestmark = pytest.mark.django_db

URL = "/thu-tuc/1.001748/nop-ho-so/"
CHECK = "/thu-tuc/1.001748/nop-ho-so/kiem-tra/"
PREFILL = "/thu-tuc/1.001748/nop-ho-so/lay-du-lieu/"


def _key(body: str) -> str:
    match = re.search(r'name="khoa" value="([0-9a-f]{32})"', body)
    assert match is not None
    return match.group(1)


def _by_post(commune: str, **changes: str) -> dict[str, str]:
    return {
        "nhan_ket_qua": "post",
        "nguoi_nhan": "Nguyễn Văn An",
        "dien_thoai_nhan": "0912 345 678",
        "dia_chi_nhan": "Số 1 phố Tràng Tiền",
        "xa_nhan": commune,
        **changes,
    }


def _continue(client: Client, answers: dict[str, Any]) -> Any:
    return client.post(URL, {**answers, "d__giay_gioi_thieu": pdf_upload()})


def test_the_form_offers_each_return_method_with_counter_chosen_and_the_account_address() -> None:
    world = online_world()

    body = citizen_client(world).get(URL).content.decode()

    assert "Nhận kết quả" in body
    assert re.search(r'<input[^>]*name="nhan_ket_qua"[^>]*value="counter"[^>]*checked', body)
    assert 'value="online"' in body
    assert "Nhận qua dịch vụ bưu chính công ích" in body
    assert re.search(r'name="nguoi_nhan"[^>]*value="Nguyễn Văn An"', body)
    assert re.search(r'name="dien_thoai_nhan"[^>]*value="0912345678"', body)
    assert "Cơ sở dữ liệu quốc gia về dân cư" not in body


def test_a_form_that_does_not_send_the_method_means_the_counter() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    step = _continue(client, good_answers(world, key))
    client.post(CHECK, {"khoa": key})

    assert step.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.return_method == "counter"
    assert dossier.return_address == {}


def test_by_post_every_address_problem_is_shown_next_to_its_field_and_nothing_is_kept() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    response = _continue(
        client,
        {
            **good_answers(world, key),
            **_by_post("99999", nguoi_nhan="", dien_thoai_nhan="12345", dia_chi_nhan=""),
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_nguoi_nhan-error"' in body
    assert "Vui lòng nhập họ tên người nhận." in body
    assert 'id="id_dien_thoai_nhan-error"' in body
    assert 'id="id_dia_chi_nhan-error"' in body
    assert "Vui lòng nhập số nhà, tên đường hoặc thôn, xóm, ấp." in body
    assert 'id="id_xa_nhan-error"' in body
    assert 'href="#id_xa_nhan"' in body  # and in the error summary, linked
    assert not Dossier.objects.exists()


def test_an_unknown_method_is_refused_next_to_the_choice() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    response = _continue(client, {**good_answers(world, key), "nhan_ket_qua": "pigeon"})

    assert response.status_code == 400
    assert "Vui lòng chọn hình thức nhận kết quả." in response.content.decode()


def test_by_post_the_check_page_shows_the_address_and_the_dossier_keeps_it() -> None:
    # given a citizen who chooses the post
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    # when they continue and check their answers
    step = _continue(client, {**good_answers(world, key), **_by_post(world.commune.code)})
    assert step.status_code == 302
    check = client.get(step["Location"]).content.decode()

    # then the check page says how and where the result goes
    assert "Nhận qua dịch vụ bưu chính công ích" in check
    assert f"Số 1 phố Tràng Tiền, {world.commune.name}" in check
    assert "0912 345 678" in check

    # and the dossier sent keeps the checked address
    client.post(CHECK, {"khoa": key})
    dossier = Dossier.objects.get()
    assert dossier.return_method == "post"
    assert dossier.return_address["recipient"] == "Nguyễn Văn An"
    assert dossier.return_address["phone"] == "0912345678"
    assert dossier.return_address["street"] == "Số 1 phố Tràng Tiền"
    assert dossier.return_address["commune_code"] == world.commune.code
    assert dossier.return_address["commune_name"] == world.commune.name


def test_online_return_needs_no_address() -> None:
    world = online_world()
    client = citizen_client(world)
    key = _key(client.get(URL).content.decode())

    _continue(client, {**good_answers(world, key), "nhan_ket_qua": "online", "dia_chi_nhan": ""})
    check = client.get(f"{CHECK}?khoa={key}").content.decode()
    client.post(CHECK, {"khoa": key})

    assert "Nhận trực tuyến vào kho dữ liệu điện tử" in check
    dossier = Dossier.objects.get()
    assert dossier.return_method == "online"
    assert dossier.return_address == {}


# -- prefilled from the population registry -----------------------------------------------------

PREFILLED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["full_name"],
    "properties": {
        "full_name": {"type": "string", "title": "Họ tên", "x-prefill": "population.full_name"},
    },
    "additionalProperties": False,
}


@pytest.fixture
def registry(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[RegistrySim]:
    with run_registry_sim(tmp_path_factory.mktemp("reg") / "key.pem", people=50) as sim:
        settings.MOTCUA_REGISTRY_URL = sim.url
        settings.MOTCUA_REGISTRY_PUBLIC_KEY_FILE = str(sim.public_key_file)
        settings.MOTCUA_REGISTRY_TIMEOUT_SECONDS = 1
        yield sim


def test_after_consent_the_address_comes_from_the_population_registry(
    registry: RegistrySim,
) -> None:
    # given a procedure filled from the population registry, and the commune the registry names
    world = online_world(
        components=[{"code": "phieu", "name": "Phiếu", "kind": "form", "schema": PREFILLED_SCHEMA}]
    )
    CommuneFactory.create(code="00070", name="Phường Hoàn Kiếm", parent=world.commune.parent)
    client = citizen_client(world)

    # when the citizen agrees to the retrieval
    step = client.post(PREFILL)
    body = client.get(step["Location"]).content.decode()

    # then the postal address starts from the permanent residence the registry holds
    assert "nơi thường trú của bạn trong Cơ sở dữ liệu quốc gia về dân cư" in body
    street = re.search(r'name="dia_chi_nhan"[^>]*value="([^"]*)"', body)
    assert street is not None
    assert street.group(1).startswith("Số 1 đường Tràng Tiền")
    assert "Phường" not in street.group(1)
    assert re.search(r'<option value="00070" selected>', body)

    # and sending it by post as offered keeps that address
    key = _key(body)
    answers = {
        "f__phieu__full_name": "Nguyễn Văn An",
        "p__phieu__full_name": "use",
        "don_vi_hanh_chinh": world.commune.code,
        "khoa": key,
        **_by_post("00070", dia_chi_nhan=street.group(1)),
    }
    assert client.post(URL, answers).status_code == 302
    client.post(CHECK, {"khoa": key})
    dossier = Dossier.objects.get()
    assert dossier.return_address["commune_code"] == "00070"
    assert dossier.return_address["street"] == street.group(1)
