"""Nơi nộp hồ sơ: the office finder."""

from datetime import date

import pytest
from django.test import Client

from motcua.accounts.tests.factories import AgencyFactory, CommuneFactory, OneStopUnitFactory

pytestmark = pytest.mark.django_db


def test_each_office_with_its_address_hours_phone_and_map_and_a_search() -> None:
    # given two offices in force and one closed
    ward = CommuneFactory.create(name="Phường Hoàn Kiếm")
    open_unit = OneStopUnitFactory.create(
        agency=AgencyFactory.create(administrative_unit=ward),
        name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
        address="Số 1 phố Tràng Tiền",
        phone="024 3333 1002",
        opening_hours="Thứ Hai – Thứ Sáu: 8:00–12:00, 13:30–17:00",
    )
    OneStopUnitFactory.create(name="Bộ phận Một cửa Sở Tư pháp", address="Số 1 phố Hai Bà Trưng")
    OneStopUnitFactory.create(name="Bộ phận Một cửa đã đóng", valid_to=date(2026, 1, 1))

    body = Client().get("/noi-nop-ho-so/").content.decode()

    assert open_unit.name in body
    assert "Số 1 phố Tràng Tiền" in body
    assert "Thứ Hai – Thứ Sáu: 8:00–12:00, 13:30–17:00" in body
    assert 'href="tel:02433331002"' in body
    assert "https://www.openstreetmap.org/search?query=S%E1%BB%91+1+ph%E1%BB%91" in body
    assert "Bộ phận Một cửa Sở Tư pháp" in body
    assert "Bộ phận Một cửa đã đóng" not in body

    # when one searches without accents
    found = Client().get("/noi-nop-ho-so/", {"q": "hoan kiem"}).content.decode()
    assert open_unit.name in found
    assert "Bộ phận Một cửa Sở Tư pháp" not in found


def test_the_finder_in_english() -> None:
    OneStopUnitFactory.create(address="Số 1 phố Tràng Tiền", phone="024 3333 1002")

    body = Client().get("/en/noi-nop-ho-so/").content.decode()

    assert "Where to apply and collect results" in body
    assert "View map" in body
    assert "Phone" in body
