"""Đặt lịch hẹn: the citizen books a slot, sees the code and QR code, cancels; the officer's day list."""

import pytest
from django.test import Client
from django.utils import timezone

from motcua.appointments.models import Appointment, AppointmentStatus
from motcua.appointments.services import capacity_set
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.tests.factories import World, build_world
from motcua.portal.tests.citizen_data import citizen_client


@pytest.fixture
def world() -> World:
    built = build_world()
    capacity_set(unit=built.unit, counters=1, people_per_hour=1, at=timezone.now(), actor="test")
    return built


def _where(world: World) -> dict[str, str]:
    return {"noi": str(world.unit.pk), "thu_tuc": world.version.procedure.code}


@pytest.mark.django_db
def test_a_citizen_books_sees_the_qr_code_and_cancels(world: World) -> None:
    client = citizen_client(world)
    page = client.get("/dat-lich/", _where(world))
    first = next(iter(page.context["days"].values()))[0]

    booked = client.post("/dat-lich/", {**_where(world), "khung_gio": first["key"]})

    appointment = Appointment.objects.get(user=world.applicant_user)
    assert booked.status_code == 302
    assert booked["Location"] == f"/dat-lich/{appointment.code}/"
    local = appointment.starts_at.astimezone(LOCAL_TZ)
    assert local.strftime("%Y-%m-%dT%H:%M") == first["key"]
    confirmation = client.get(f"/dat-lich/{appointment.code.lower()}/")
    assert appointment.code in confirmation.content.decode()
    assert "<svg" in confirmation.content.decode()

    client.post(f"/dat-lich/{appointment.code}/huy/")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@pytest.mark.django_db
def test_the_last_seat_taken_is_shown_full_and_refused_with_a_clear_error(world: World) -> None:
    client = citizen_client(world)
    first = next(iter(client.get("/dat-lich/", _where(world)).context["days"].values()))[0]
    client.post("/dat-lich/", {**_where(world), "khung_gio": first["key"]})
    other = Client()
    other_user = world.applicant_user.__class__.objects.create(username="nguoidan2")
    Appointment.objects.filter(user=world.applicant_user).update(user=other_user)

    again = client.post("/dat-lich/", {**_where(world), "khung_gio": first["key"]})

    assert again.status_code == 400
    assert "hết chỗ" in again.content.decode()
    assert other.get(f"/dat-lich/{Appointment.objects.get().code}/").status_code == 302


@pytest.mark.django_db
def test_an_unknown_procedure_code_is_named_with_an_example(world: World) -> None:
    page = citizen_client(world).get("/dat-lich/", {"noi": str(world.unit.pk), "thu_tuc": "9.99"})
    assert "Ví dụ: 1.001821" in page.content.decode()
    assert page.context["days"] == {}


@pytest.mark.django_db
def test_the_one_stop_officer_sees_the_day_list_of_their_unit(world: World) -> None:
    client = citizen_client(world)
    first = next(iter(client.get("/dat-lich/", _where(world)).context["days"].values()))[0]
    client.post("/dat-lich/", {**_where(world), "khung_gio": first["key"]})
    appointment = Appointment.objects.get()
    officer = Client()
    officer.force_login(world.receiver)
    day = first["key"][:10]

    page = officer.get("/can-bo/lich-hen/", {"ngay": day})

    assert page.status_code == 200
    assert page.context["rows"][0]["code"] == appointment.code
    assert page.context["rows"][0]["time"] == first["key"][11:]
    assert officer.get("/can-bo/lich-hen/", {"ngay": "2020-01-01"}).context["rows"] == []


@pytest.mark.django_db
def test_the_office_finder_links_a_bookable_unit_to_its_booking_page(world: World) -> None:
    finder = Client().get("/noi-nop-ho-so/").content.decode()
    assert f'href="/dat-lich/?noi={world.unit.pk}"' in finder

    page = citizen_client(world).get("/dat-lich/", {"noi": str(world.unit.pk)})

    assert page.context["unit"] == world.unit
    assert page.context["errors"] == {}
