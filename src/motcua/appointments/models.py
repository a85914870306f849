"""Counter appointments (đặt lịch hẹn): a unit's booking capacity and the citizens' bookings.

A slot is one hour of a one-stop unit on a working day. Its capacity is the unit's counters open
for bookings times the people one counter receives in an hour; each booking holds one numbered
seat of its slot, and the database refuses a second live booking of the same seat, so two
citizens booking at the same instant can never both get the last place.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OneStopUnit
from motcua.catalog.models import Procedure


class BookingCapacity(models.Model):
    """How many people a one-stop unit receives by appointment, and in which hours."""

    one_stop_unit = models.OneToOneField(
        OneStopUnit, on_delete=models.CASCADE, related_name="booking_capacity"
    )
    counters = models.PositiveSmallIntegerField(_("số quầy nhận lịch hẹn"))
    people_per_hour = models.PositiveSmallIntegerField(_("số người mỗi quầy mỗi giờ"))
    #: Slots start at each whole hour from ``opens_hour`` to ``closes_hour`` (exclusive), except
    #: the lunch break ``[break_from, break_to)``.
    opens_hour = models.PositiveSmallIntegerField(default=7)
    closes_hour = models.PositiveSmallIntegerField(default=17)
    break_from = models.PositiveSmallIntegerField(default=11)
    break_to = models.PositiveSmallIntegerField(default=13)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(counters__gte=1) & Q(people_per_hour__gte=1),
                name="booking_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(opens_hour__lt=F("closes_hour"))
                & Q(closes_hour__lte=24)
                & Q(break_from__lte=F("break_to")),
                name="booking_capacity_hours",
            ),
        ]
        verbose_name = _("sức chứa lịch hẹn")
        verbose_name_plural = _("sức chứa lịch hẹn")

    def __str__(self) -> str:
        return f"{self.one_stop_unit}: {self.counters} × {self.people_per_hour}"

    @property
    def per_slot(self) -> int:
        return self.counters * self.people_per_hour

    def hours(self) -> list[int]:
        return [
            h
            for h in range(self.opens_hour, self.closes_hour)
            if not self.break_from <= h < self.break_to
        ]


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Đã đặt")
    CANCELLED = "cancelled", _("Đã huỷ")


class Appointment(models.Model):
    """One citizen's booking of one seat of a slot."""

    code = models.CharField(max_length=12, unique=True)
    one_stop_unit = models.ForeignKey(
        OneStopUnit, on_delete=models.PROTECT, related_name="appointments"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    seat = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # The seat is the unit of capacity: one live booking per seat of a slot.
            models.UniqueConstraint(
                fields=["one_stop_unit", "starts_at", "seat"],
                condition=Q(status="booked"),
                name="appointment_seat_once",
            ),
            models.UniqueConstraint(
                fields=["user", "starts_at"],
                condition=Q(status="booked"),
                name="appointment_user_slot_once",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="appointment_seat_positive"),
        ]
        indexes = [models.Index(fields=["one_stop_unit", "starts_at"], name="appointment_day")]
        verbose_name = _("lịch hẹn")
        verbose_name_plural = _("lịch hẹn")

    def __str__(self) -> str:
        return self.code
