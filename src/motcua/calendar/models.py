"""The working-day calendar as data (lịch làm việc): the Prime Minister announces it each year.

Nothing here is derived from rules: a year's days off and make-up days are rows, seeded from the
``holidays`` package and corrected by the official schedules, then editable by an administrator.
An agency is referred to by its electronic identifier code (``Agency.code``); a blank code means
the national schedule. Writes go through :mod:`motcua.calendar.services` only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ngày lễ, Tết")
    COMPENSATORY = "compensatory", _("Ngày nghỉ bù")
    SWAPPED = "swapped", _("Ngày nghỉ hoán đổi")
    MAKE_UP = "make_up", _("Ngày làm bù")


#: Kinds on which nobody works; ``MAKE_UP`` is the one kind that makes a day a working day.
DAY_OFF_KINDS = frozenset({DayKind.HOLIDAY, DayKind.COMPENSATORY, DayKind.SWAPPED})


class DayOrigin(models.TextChoices):
    PACKAGE = "package", _("Gói holidays")
    OFFICIAL = "official", _("Lịch chính thức")
    MANUAL = "manual", _("Nhập tay")


class DayEntry(models.Model):
    """One day that differs from the weekly rule: a day off, or a make-up working day (ngày làm bù)."""

    agency_code = models.CharField(
        _("mã định danh cơ quan"),
        max_length=30,
        blank=True,
        default="",
        help_text=_("Để trống: lịch chung toàn quốc."),
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại ngày"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(
        _("nguồn"), max_length=300, help_text=_("Văn bản căn cứ, ví dụ: VPCP 2450/VPCP-KGVX.")
    )
    origin = models.CharField(
        _("nguồn nhập"), max_length=20, choices=DayOrigin.choices, default=DayOrigin.MANUAL
    )
    changed_at = models.DateTimeField(_("thời điểm thay đổi"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "date"], name="calendar_day_agency_date_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in DayKind]),
                name="calendar_day_kind_valid",
            ),
        ]
        ordering = ["date", "agency_code"]
        verbose_name = _("ngày đặc biệt")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        scope = self.agency_code or "VN"
        return f"{self.date.isoformat()} {scope} {self.get_kind_display()}: {self.name}"


class WorkWeekRule(models.Model):
    """The weekdays an agency works in a period; without a rule an agency works Monday to Friday.

    ``weekdays`` holds ISO weekday numbers (1 = Monday … 7 = Sunday), e.g. ``1,2,3,4,5,6`` for an
    agency that also receives on Saturdays. ``valid_to`` is exclusive and may be empty.
    """

    agency_code = models.CharField(_("mã định danh cơ quan"), max_length=30)
    weekdays = models.CharField(
        _("ngày làm việc trong tuần"),
        max_length=13,
        help_text=_("Số thứ tự ngày, cách nhau bởi dấu phẩy: 1 = Thứ Hai … 7 = Chủ nhật."),
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(
        _("áp dụng đến trước ngày"), null=True, blank=True, help_text=_("Để trống: không thời hạn.")
    )
    changed_at = models.DateTimeField(_("thời điểm thay đổi"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="calendar_week_rule_period_valid",
            ),
        ]
        ordering = ["agency_code", "valid_from"]
        verbose_name = _("lịch làm việc trong tuần")
        verbose_name_plural = _("lịch làm việc trong tuần của cơ quan")

    def __str__(self) -> str:
        return f"{self.agency_code} {self.weekdays} từ {self.valid_from.isoformat()}"


class WorkingHours(models.Model):
    """The working-hours periods of an agency (blank code: the national default), e.g. ``07:30-11:30,13:00-17:00``."""

    agency_code = models.CharField(
        _("mã định danh cơ quan"), max_length=30, blank=True, default="", unique=True
    )
    periods = models.CharField(
        _("giờ làm việc"),
        max_length=200,
        help_text=_("Các khoảng giờ HH:MM-HH:MM cách nhau bởi dấu phẩy."),
    )
    changed_at = models.DateTimeField(_("thời điểm thay đổi"))

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc của cơ quan")

    def __str__(self) -> str:
        return f"{self.agency_code or 'VN'} {self.periods}"


class CalendarRevision(models.Model):
    """One row whose token every calendar write changes, so each process knows when its cache is stale."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.token
