"""Reads of appointments: the free slots of a unit, a citizen's bookings, an officer's day list."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet

from motcua.accounts.models import OneStopUnit, User
from motcua.appointments.models import Appointment, AppointmentStatus, BookingCapacity
from motcua.calendar.selectors import calendar_is_working_day
from motcua.core.localtime import LOCAL_TZ
from motcua.core.periods import in_force

#: How many working days ahead a citizen may book.
BOOKING_DAYS_AHEAD = 10


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def key(self) -> str:
        """The slot as the booking form names it: local ``YYYY-MM-DDTHH:MM``."""
        return self.starts_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def units_bookable(*, on: date) -> QuerySet[OneStopUnit]:
    """The one-stop units in force on ``on`` that take appointments."""
    return (
        OneStopUnit.objects.filter(in_force(on), booking_capacity__isnull=False)
        .select_related("booking_capacity", "agency")
        .order_by("name", "pk")
    )


def capacity_of(*, unit: OneStopUnit) -> BookingCapacity | None:
    return BookingCapacity.objects.filter(one_stop_unit=unit).first()


def slot_starts(*, unit: OneStopUnit, capacity: BookingCapacity, now: datetime) -> list[datetime]:
    """The slots of the next working days of ``unit``'s agency that start after ``now``."""
    day = now.astimezone(LOCAL_TZ).date()
    starts: list[datetime] = []
    days = 0
    while days < BOOKING_DAYS_AHEAD:
        if calendar_is_working_day(day=day, agency_code=unit.agency.code):
            days += 1
            for hour in capacity.hours():
                start = datetime.combine(day, time(hour), tzinfo=LOCAL_TZ)
                if start > now:
                    starts.append(start)
        day += timedelta(days=1)
    return starts


def slot_is_offered(*, unit: OneStopUnit, capacity: BookingCapacity, at: datetime) -> bool:
    """Whether ``at`` starts an hour of the unit's opening hours on a working day."""
    local = at.astimezone(LOCAL_TZ)
    return (
        local.minute == 0
        and local.second == 0
        and local.microsecond == 0
        and local.hour in capacity.hours()
        and calendar_is_working_day(day=local.date(), agency_code=unit.agency.code)
    )


def slots_free(*, unit: OneStopUnit, now: datetime) -> list[Slot]:
    """The unit's coming slots with their free places (full ones included, shown as full)."""
    capacity = capacity_of(unit=unit)
    if capacity is None:
        return []
    starts = slot_starts(unit=unit, capacity=capacity, now=now)
    if not starts:
        return []
    taken = dict(
        Appointment.objects.filter(
            one_stop_unit=unit,
            status=AppointmentStatus.BOOKED,
            starts_at__gte=starts[0],
            starts_at__lte=starts[-1],
        )
        .values_list("starts_at")
        .annotate(n=Count("pk"))
        .values_list("starts_at", "n")
    )
    return [Slot(starts_at=s, capacity=capacity.per_slot, taken=taken.get(s, 0)) for s in starts]


def seats_taken(*, unit: OneStopUnit, at: datetime) -> set[int]:
    return set(
        Appointment.objects.filter(
            one_stop_unit=unit, starts_at=at, status=AppointmentStatus.BOOKED
        ).values_list("seat", flat=True)
    )


def appointments_of(*, user: User) -> QuerySet[Appointment]:
    """A citizen's bookings, the coming ones first."""
    return (
        Appointment.objects.filter(user=user)
        .select_related("one_stop_unit", "procedure")
        .order_by("status", "starts_at")
    )


def appointment_of(*, user: User, code: str) -> Appointment | None:
    """The booking ``code`` if it is ``user``'s (the code typed in any case)."""
    return (
        Appointment.objects.filter(user=user, code=code.strip().upper())
        .select_related("one_stop_unit__agency", "procedure")
        .first()
    )


def day_list(*, unit: OneStopUnit, day: date) -> QuerySet[Appointment]:
    """The unit's live bookings of local day ``day``, in the order the citizens come."""
    start = datetime.combine(day, time(0), tzinfo=LOCAL_TZ)
    return (
        Appointment.objects.filter(
            one_stop_unit=unit,
            status=AppointmentStatus.BOOKED,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=1),
        )
        .select_related("procedure", "user")
        .order_by("starts_at", "seat")
    )


def appointment_at(*, unit: OneStopUnit, code: str) -> Appointment | None:
    """The live booking ``code`` at ``unit`` (the citizen who came with it, and their applicant
    row if they have filed before), or ``None``: another unit's or a cancelled one is not."""
    if not code.strip():
        return None
    return (
        Appointment.objects.filter(
            one_stop_unit=unit, code=code.strip().upper(), status=AppointmentStatus.BOOKED
        )
        .select_related("procedure", "user__applicant")
        .first()
    )


def booked_personal_id(appointment: Appointment | None) -> str:
    """The personal ID of the citizen who booked (from their VNeID login), or ``""``."""
    if appointment is None:
        return ""
    applicant = getattr(appointment.user, "applicant", None)
    return applicant.personal_id if applicant is not None else ""
