"""Writes of appointments: a unit's capacity, booking a seat, cancelling it.

No double booking: a booking takes the lowest free seat of its slot and the database's
``appointment_seat_once`` constraint refuses a seat already live. When a citizen booking at the
same instant took that seat first, the insert fails inside a savepoint and the next free seat is
tried with what is committed now; once no seat is left the slot is full. No lock is held across
slots, so bookings of different slots never wait on each other.
"""

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_audit
from motcua.accounts.models import OneStopUnit, User
from motcua.appointments.models import Appointment, AppointmentStatus, BookingCapacity
from motcua.appointments.selectors import capacity_of, seats_taken, slot_is_offered
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, FieldProblem, Forbidden, ValidationFailed
from motcua.core.services import audit_append

#: Booking codes: no 0/O, 1/I/L, read aloud at a counter or typed on a phone without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def capacity_set(
    *,
    unit: OneStopUnit,
    counters: int,
    people_per_hour: int,
    at: datetime,
    actor: str,
    opens_hour: int = 7,
    closes_hour: int = 17,
    break_from: int = 11,
    break_to: int = 13,
) -> BookingCapacity:
    """Set how many people ``unit`` receives by appointment: ``counters`` × ``people_per_hour``."""
    problems = []
    if counters < 1:
        problems.append(FieldProblem("counters", _("Số quầy phải là số nguyên dương, ví dụ 2.")))
    if people_per_hour < 1:
        problems.append(
            FieldProblem("people_per_hour", _("Số người mỗi giờ phải là số nguyên dương, ví dụ 4."))
        )
    if not 0 <= opens_hour < closes_hour <= 24 or not break_from <= break_to:
        problems.append(
            FieldProblem("opens_hour", _("Giờ mở cửa phải trước giờ đóng cửa, ví dụ 7 và 17."))
        )
    if problems:
        raise ValidationFailed(_("Không lưu được sức chứa lịch hẹn."), problems=problems)
    values = {
        "counters": counters,
        "people_per_hour": people_per_hour,
        "opens_hour": opens_hour,
        "closes_hour": closes_hour,
        "break_from": break_from,
        "break_to": break_to,
    }
    with transaction.atomic():
        capacity, _created = BookingCapacity.objects.update_or_create(
            one_stop_unit=unit, defaults=values
        )
        audit_append(
            actor=actor,
            action="appointment.capacity_set",
            object_type="one_stop_unit",
            object_id=str(unit.pk),
            at=at,
            data=values,
        )
    return capacity


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def appointment_book(
    *, user: User, unit: OneStopUnit, procedure: Procedure, starts_at: datetime, now: datetime
) -> Appointment:
    """Book a seat of the slot of ``unit`` starting at ``starts_at`` for ``user``.

    :class:`ValidationFailed` when the slot is not one the unit offers (past, a holiday, outside
    the opening hours); :class:`Conflict` when it is full or the citizen already holds it.
    """
    capacity = capacity_of(unit=unit)
    if (
        capacity is None
        or starts_at <= now
        or not slot_is_offered(unit=unit, capacity=capacity, at=starts_at)
    ):
        raise ValidationFailed(
            _("Khung giờ này không nhận lịch hẹn."),
            problems=[
                FieldProblem(
                    "slot",
                    _("Hãy chọn một khung giờ trong danh sách, ví dụ 08:00 ngày làm việc tới."),
                )
            ],
        )
    with transaction.atomic():
        if Appointment.objects.filter(
            user=user, starts_at=starts_at, status=AppointmentStatus.BOOKED
        ).exists():
            raise Conflict(_("Bạn đã có lịch hẹn vào khung giờ này."))
        while True:
            free = sorted(
                set(range(1, capacity.per_slot + 1)) - seats_taken(unit=unit, at=starts_at)
            )
            if not free:
                raise Conflict(_("Khung giờ này đã hết chỗ, hãy chọn khung giờ khác."))
            try:
                with transaction.atomic():
                    appointment = Appointment.objects.create(
                        code=_new_code(),
                        one_stop_unit=unit,
                        procedure=procedure,
                        user=user,
                        starts_at=starts_at,
                        seat=free[0],
                        booked_at=now,
                    )
                break
            except IntegrityError:
                # Another citizen took this seat (or the same citizen this slot) meanwhile:
                # read the committed seats again.
                if Appointment.objects.filter(
                    user=user, starts_at=starts_at, status=AppointmentStatus.BOOKED
                ).exists():
                    raise Conflict(_("Bạn đã có lịch hẹn vào khung giờ này.")) from None
        audit_append(
            actor=actor_audit(user),
            action="appointment.book",
            object_type="appointment",
            object_id=appointment.code,
            at=now,
            data={
                "one_stop_unit": unit.pk,
                "procedure": procedure.code,
                "starts_at": starts_at.isoformat(),
                "seat": appointment.seat,
            },
        )
    return appointment


def appointment_cancel(*, user: User, appointment: Appointment, now: datetime) -> Appointment:
    """The citizen cancels their booking before it starts; its seat is free again."""
    if appointment.user_id != user.pk:
        raise Forbidden(_("Lịch hẹn này không phải của bạn."))
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status != AppointmentStatus.BOOKED:
            raise Conflict(_("Lịch hẹn này đã được huỷ."))
        if locked.starts_at <= now:
            raise Conflict(_("Lịch hẹn đã đến giờ, không huỷ được nữa."))
        locked.status = AppointmentStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at"])
        audit_append(
            actor=actor_audit(user),
            action="appointment.cancel",
            object_type="appointment",
            object_id=locked.code,
            at=now,
        )
    return locked
