from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from motcua.accounts.models import OneStopUnit, User
from motcua.accounts.tests.factories import OneStopUnitFactory, UserFactory
from motcua.appointments.models import Appointment, AppointmentStatus
from motcua.appointments.selectors import day_list, slots_free
from motcua.appointments.services import appointment_book, appointment_cancel, capacity_set
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua_dev.testing.threads import in_threads

# Monday 2 March 2026, 08:15 in Hà Nội: a working day.
NOW = datetime(2026, 3, 2, 8, 15, tzinfo=LOCAL_TZ)
TUESDAY_9 = datetime(2026, 3, 3, 9, 0, tzinfo=LOCAL_TZ)


@dataclass
class Setup:
    unit: OneStopUnit
    procedure: Procedure


def _setup(*, counters: int = 1, people_per_hour: int = 2) -> Setup:
    unit = OneStopUnitFactory.create()
    capacity_set(
        unit=unit, counters=counters, people_per_hour=people_per_hour, at=NOW, actor="test"
    )
    return Setup(unit=unit, procedure=Procedure.objects.create(national_code="1.001748"))


def _book(setup: Setup, user: User, at: datetime = TUESDAY_9) -> Appointment:
    return appointment_book(
        user=user, unit=setup.unit, procedure=setup.procedure, starts_at=at, now=NOW
    )


@pytest.mark.django_db
def test_a_slot_takes_counters_times_people_per_hour_then_is_full() -> None:
    setup = _setup(counters=2, people_per_hour=2)
    booked = [_book(setup, UserFactory.create()) for _ in range(4)]

    with pytest.raises(Conflict, match="hết chỗ"):
        _book(setup, UserFactory.create())
    assert sorted(a.seat for a in booked) == [1, 2, 3, 4]
    assert len({a.code for a in booked}) == 4
    slot = next(s for s in slots_free(unit=setup.unit, now=NOW) if s.starts_at == TUESDAY_9)
    assert (slot.capacity, slot.free) == (4, 0)


@pytest.mark.django_db
def test_a_cancelled_seat_is_free_again_and_the_day_list_drops_it() -> None:
    setup = _setup(counters=1, people_per_hour=1)
    first = UserFactory.create()
    appointment = _book(setup, first)
    with pytest.raises(Conflict):
        _book(setup, UserFactory.create())

    appointment_cancel(user=first, appointment=appointment, now=NOW)
    second = _book(setup, UserFactory.create())

    assert second.seat == 1
    assert list(day_list(unit=setup.unit, day=date(2026, 3, 3))) == [second]
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@pytest.mark.django_db
def test_one_citizen_holds_one_seat_of_a_slot() -> None:
    setup = _setup()
    user = UserFactory.create()
    _book(setup, user)
    with pytest.raises(Conflict, match="đã có lịch hẹn"):
        _book(setup, user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "starts_at",
    [
        datetime(2026, 3, 7, 9, 0, tzinfo=LOCAL_TZ),  # Saturday
        datetime(2026, 4, 30, 9, 0, tzinfo=LOCAL_TZ),  # Reunification Day, a holiday
        datetime(2026, 3, 3, 12, 0, tzinfo=LOCAL_TZ),  # the lunch break
        datetime(2026, 3, 3, 17, 0, tzinfo=LOCAL_TZ),  # after closing
        datetime(2026, 3, 3, 9, 30, tzinfo=LOCAL_TZ),  # not the start of a slot
        datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ),  # already begun
    ],
)
def test_no_slot_outside_working_hours_and_days(starts_at: datetime) -> None:
    setup = _setup()
    with pytest.raises(ValidationFailed):
        _book(setup, UserFactory.create(), starts_at)


@pytest.mark.django_db
def test_slots_offered_are_working_hours_of_the_next_working_days() -> None:
    setup = _setup()
    slots = slots_free(unit=setup.unit, now=NOW)
    local = [s.starts_at.astimezone(LOCAL_TZ) for s in slots]

    assert local[0] == datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
    assert {d.time() for d in local} == {time(h) for h in (7, 8, 9, 10, 13, 14, 15, 16)}
    assert all(d.isoweekday() <= 5 for d in local)
    assert len({d.date() for d in local}) == 10


@pytest.mark.django_db
def test_a_citizen_cannot_cancel_another_ones_booking() -> None:
    setup = _setup()
    appointment = _book(setup, UserFactory.create())
    with pytest.raises(Exception, match="không phải của bạn"):
        appointment_cancel(user=UserFactory.create(), appointment=appointment, now=NOW)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twelve_parallel_bookers_of_a_slot_of_five_get_five_seats() -> None:
    setup = _setup(counters=1, people_per_hour=5)
    users = [UserFactory.create() for _ in range(12)]

    results = in_threads(12, lambda i: _book(setup, users[i]).seat)

    seats = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert sorted(seats) == [1, 2, 3, 4, 5], results
    assert len(refused) == 7, results
    assert (
        Appointment.objects.filter(starts_at=TUESDAY_9, status=AppointmentStatus.BOOKED).count()
        == 5
    )


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_of_one_citizen_keep_one_seat() -> None:
    setup = _setup(counters=1, people_per_hour=5)
    user = UserFactory.create()

    results = in_threads(4, lambda i: _book(setup, user).seat)

    assert sum(isinstance(r, int) for r in results) == 1, results
    assert Appointment.objects.filter(user=user).count() == 1
