import pytest
from django.utils import timezone

from motcua.appointments.models import BookingCapacity
from motcua_dev.demo import accounts, appointments


@pytest.mark.django_db
def test_every_demo_unit_takes_bookings_one_seat_set_per_counter() -> None:
    now = timezone.now()
    accounts.load(at=now)
    appointments.load(at=now)
    appointments.load(at=now)

    capacities = list(BookingCapacity.objects.select_related("one_stop_unit"))
    assert capacities
    for capacity in capacities:
        assert capacity.counters == capacity.one_stop_unit.counters.count()
        assert capacity.per_slot == capacity.counters * appointments.PEOPLE_PER_HOUR
