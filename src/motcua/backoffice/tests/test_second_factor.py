"""With MOTCUA_OTP_REQUIRED on, an officer reaches the back office only after a TOTP code."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from motcua.backoffice.second_factor import DeviceMiddleware
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "motcua-test-2026"
ENROL = "/can-bo/xac-thuc-hai-buoc/dang-ky/"
VERIFY = "/can-bo/xac-thuc-hai-buoc/"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _officer() -> User:
    """A user with an officer's role in force: only officers reach the back office."""
    return RoleAssignmentFactory.create().user


def _signed_in(user: User) -> Client:
    client = Client()
    response = client.post("/can-bo/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def required(settings: Settings) -> None:
    settings.MOTCUA_OTP_REQUIRED = True
    # django-otp makes a device wait 1 s, 2 s, 4 s… after each wrong code; these tests type a
    # right code just after a wrong one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.mark.usefixtures("required")
def test_an_officer_without_a_verified_device_cannot_reach_the_back_office() -> None:
    officer = _officer()
    admin = UserFactory.create(is_staff=True, is_superuser=True)
    client = _signed_in(officer)
    admin_client = _signed_in(admin)

    answers = [client.get(url) for url in ("/can-bo/", "/can-bo/ho-so/", "/can-bo/tiep-nhan/")]

    assert [r.status_code for r in answers] == [302, 302, 302]
    assert answers[0]["Location"] == f"{ENROL}?next=%2Fcan-bo%2F"
    assert admin_client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/")["Location"].startswith(ENROL)
    # an unconfirmed device (enrolment started, never finished) does not count
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=officer, confirmed=False).count() == 1
    assert client.get("/can-bo/").status_code == 302


@pytest.mark.usefixtures("required")
def test_the_officer_enrols_with_the_qr_code_and_a_code_then_works() -> None:
    officer = _officer()
    client = _signed_in(officer)

    page = client.get(f"{ENROL}?next=/can-bo/ho-so/")
    device = TOTPDevice.objects.get(user=officer)
    wrong = client.post(ENROL, {"token": "000000" if _code(device) != "000000" else "111111"})
    right = client.post(ENROL, {"token": _code(device), "next": "/can-bo/ho-so/"})

    assert 'src="data:image/svg+xml' in page.content.decode()
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert right.status_code == 302
    assert right["Location"] == "/can-bo/ho-so/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/can-bo/").status_code == 200
    assert AuditEntry.objects.filter(action="second_factor.enrolled", actor=officer.username)


@pytest.mark.usefixtures("required")
def test_an_enrolled_officer_enters_the_code_at_each_login() -> None:
    officer = _officer()
    device = TOTPDevice.objects.create(user=officer, name="motcua", confirmed=True)
    client = _signed_in(officer)

    sent = client.get("/can-bo/")
    wrong = client.post(VERIFY, {"token": "12", "next": "/can-bo/"})
    right = client.post(VERIFY, {"token": _code(device), "next": "https://evil.example/"})

    assert sent["Location"] == f"{VERIFY}?next=%2Fcan-bo%2F"
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert right["Location"] == "/can-bo/"  # never to another site
    assert client.get("/can-bo/").status_code == 200
    # a new session asks again
    assert _signed_in(officer).get("/can-bo/").status_code == 302


def test_off_in_test_settings_an_officer_without_device_works_as_before() -> None:
    officer = _officer()

    assert _signed_in(officer).get("/can-bo/").status_code == 200


def test_once_enrolled_the_code_is_asked_even_when_not_required() -> None:
    officer = _officer()
    TOTPDevice.objects.create(user=officer, name="motcua", confirmed=True)

    assert _signed_in(officer).get("/can-bo/")["Location"].startswith(VERIFY)


def test_the_session_s_device_is_read_by_its_persistent_id_and_nothing_else_names_one() -> None:
    officer = _officer()
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    other = TOTPDevice.objects.create(user=UserFactory.create(), name="other", confirmed=True)
    middleware = DeviceMiddleware(lambda request: None)

    for wanted in (device, other, device):
        found = middleware._device_from_persistent_id(wanted.persistent_id)
        assert isinstance(found, TOTPDevice)
        assert (found.pk, found.user_id, found.name) == (wanted.pk, wanted.user_id, wanted.name)
    for named in (
        f"otp_totp.totpdevice/{other.pk + 100}",
        "otp_totp.totpdevice/one",
        "otp_totp.nothing/1",
        f"accounts.user/{officer.pk}",
        "no-device-here",
    ):
        assert middleware._device_from_persistent_id(named) is None, named
