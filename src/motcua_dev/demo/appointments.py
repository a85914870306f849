"""Demo data of appointments: every demo one-stop unit takes bookings, one per counter it has."""

from datetime import datetime

from motcua.accounts.models import OneStopUnit
from motcua.appointments.models import BookingCapacity
from motcua.appointments.services import capacity_set
from motcua_dev.demo.accounts import ACTOR

#: People one counter receives by appointment in an hour (the rest of the hour is for walk-ins).
PEOPLE_PER_HOUR = 3


def load(*, at: datetime) -> None:
    """Set the booking capacity of each demo unit with counters; running it again changes nothing."""
    for unit in OneStopUnit.objects.order_by("pk"):
        counters = unit.counters.count()
        if counters == 0 or BookingCapacity.objects.filter(one_stop_unit=unit).exists():
            continue
        capacity_set(
            unit=unit, counters=counters, people_per_hour=PEOPLE_PER_HOUR, at=at, actor=ACTOR
        )
