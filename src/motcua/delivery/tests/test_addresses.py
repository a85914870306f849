from datetime import date

import pytest

from motcua.accounts.tests.factories import CommuneFactory
from motcua.delivery.addresses import address_check

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)


def test_a_good_address_is_normalised_with_its_commune_and_province() -> None:
    commune = CommuneFactory.create(name="Phường Hoàn Kiếm", parent__name="Thành phố Hà Nội")
    checked, problems = address_check(
        {
            "recipient": " Phạm Thị Mai ",
            "phone": "+84 987 654 321",
            "street": "Số 5 phố Tràng Tiền",
            "commune_code": commune.code,
        },
        on=ON,
    )
    assert problems == []
    assert checked is not None
    assert checked.recipient == "Phạm Thị Mai"
    assert checked.phone == "0987654321"
    assert commune.parent is not None
    assert checked.province_code == commune.parent.code
    assert checked.text == "Số 5 phố Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội"


def test_every_problem_is_named_at_once_in_vietnamese() -> None:
    checked, problems = address_check(
        {"recipient": "", "phone": "0241234567", "street": " ", "commune_code": "99999"}, on=ON
    )
    assert checked is None
    found = {p.path: p.message for p in problems}
    assert found["recipient"] == "Vui lòng nhập họ tên người nhận."
    assert "số máy bàn" in found["phone"]
    assert found["street"] == "Vui lòng nhập số nhà, tên đường hoặc thôn, xóm, ấp."
    assert found["commune_code"] == (
        "Không có xã, phường, đặc khu mã 99999 đang có hiệu lực ngày 02/03/2026."
    )


def test_a_commune_no_longer_in_force_or_a_province_is_refused() -> None:
    closed = CommuneFactory.create(valid_to=date(2025, 12, 31))
    assert closed.parent is not None
    _checked, problems = address_check(
        {
            "recipient": "An",
            "phone": "0912345678",
            "street": "Thôn 1",
            "commune_code": closed.code,
        },
        on=ON,
    )
    assert [p.path for p in problems] == ["commune_code"]
    _checked, problems = address_check(
        {
            "recipient": "An",
            "phone": "0912345678",
            "street": "Thôn 1",
            "commune_code": closed.parent.code,
        },
        on=ON,
    )
    assert [p.path for p in problems] == ["commune_code"]


def test_nothing_given_names_each_field() -> None:
    _checked, problems = address_check(None, on=ON)
    assert [p.path for p in problems] == ["recipient", "phone", "street", "commune_code"]
