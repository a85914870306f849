from datetime import date

import pytest
from django.test import Client

from motcua.accounts.models import (
    AdministrativeUnit,
    AdministrativeUnitLevel,
    Agency,
    AgencyKind,
    Role,
    RoleAssignment,
    User,
)

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2026"


def make_officer(*, valid_to: date | None = None) -> User:
    unit = AdministrativeUnit.objects.create(
        code="01",
        name="Thành phố Hà Nội",
        level=AdministrativeUnitLevel.PROVINCE,
        division_type="thành phố",
        valid_from=date(2025, 7, 1),
    )
    agency = Agency.objects.create(
        code="000.00.01.H26",
        name="Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        kind=AgencyKind.PUBLIC_ADMINISTRATION_SERVICE_CENTRE,
        administrative_unit=unit,
        valid_from=date(2025, 7, 1),
    )
    user = User.objects.create_user(username="canbo", password=PASSWORD, full_name="Nguyễn Thị Lan")
    RoleAssignment.objects.create(
        user=user,
        agency=agency,
        role=Role.ONE_STOP_OFFICER,
        valid_from=date(2025, 7, 1),
        valid_to=valid_to,
    )
    return user


def test_login_page_is_in_vietnamese(client: Client) -> None:
    response = client.get("/can-bo/dang-nhap/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body
    assert 'autocomplete="current-password"' in body


def test_wrong_password_is_summarised_and_shown_next_to_the_field(client: Client) -> None:
    make_officer()

    response = client.post("/can-bo/dang-nhap/", {"username": "canbo", "password": "sai"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'href="#id_password"' in body
    assert 'id="id_password-error"' in body
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in body
    assert 'aria-invalid="true"' in body
    assert "_auth_user_id" not in client.session


def test_missing_fields_each_name_their_field(client: Client) -> None:
    response = client.post("/can-bo/dang-nhap/", {"username": "", "password": ""})

    body = response.content.decode()
    assert 'href="#id_username">Nhập tên đăng nhập</a>' in body
    assert 'href="#id_password">Nhập mật khẩu</a>' in body


def test_officer_signs_in_and_sees_roles_and_agencies(client: Client) -> None:
    make_officer()

    response = client.post(
        "/can-bo/dang-nhap/", {"username": "canbo", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/can-bo/"
    body = response.content.decode()
    assert "Xin chào, Nguyễn Thị Lan" in body
    assert "Cán bộ một cửa" in body
    assert "Trung tâm Phục vụ hành chính công Thành phố Hà Nội" in body
    assert "000.00.01.H26" in body


def test_an_ended_role_is_not_listed(client: Client) -> None:
    user = make_officer(valid_to=date(2025, 7, 2))
    client.force_login(user)

    response = client.get("/can-bo/")
    body = response.content.decode()

    # With no role in force the account is no officer's: the back-office refuses it as a whole.
    assert response.status_code == 403
    assert "000.00.01.H26" not in body
    assert "không có vai trò cán bộ" in body


def test_home_needs_a_signed_in_officer(client: Client) -> None:
    response = client.get("/can-bo/")

    assert response.status_code == 302
    assert response["Location"].startswith("/can-bo/dang-nhap/?next=")


def test_logout_signs_out_and_returns_to_the_login_page(client: Client) -> None:
    client.force_login(make_officer())

    response = client.post("/can-bo/dang-xuat/")

    assert response.status_code == 302
    assert response["Location"] == "/can-bo/dang-nhap/"
    assert client.get("/can-bo/").status_code == 302
