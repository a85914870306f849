"""Writes of the working-day calendar. Each is one transaction that writes its audit row and
changes the calendar's revision token, so every process rebuilds its cached calendars."""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.calendar.models import (
    CalendarRevision,
    DayEntry,
    DayKind,
    DayOrigin,
    WorkingHours,
    WorkWeekRule,
)
from motcua.calendar.rules import CalendarRuleError, format_periods, parse_periods, parse_weekdays
from motcua.calendar.selectors import working_calendar_changed
from motcua.calendar.sources import PACKAGE_VERSION, official_schedules, seed_days
from motcua.core.errors import FieldProblem, NotFound, ValidationFailed
from motcua.core.services import audit_append
from motcua.core.text import nfc

_AGENCY_CODE = re.compile(r"^[0-9A-Z]+(\.[0-9A-Z]+)*$")
#: Years the ``holidays`` package and the official data are asked about; outside it is a typo.
MIN_YEAR, MAX_YEAR = 2000, 2100
NATIONAL = "VN"


# ---------------------------------------------------------------------------------------------
# Validation shared by the services and the admin forms: each problem names its field.


def agency_code_problems(agency_code: str, *, path: str = "agency_code") -> list[FieldProblem]:
    if agency_code and (len(agency_code) > 30 or not _AGENCY_CODE.match(agency_code)):
        return [
            FieldProblem(
                path,
                _(
                    "Mã định danh cơ quan không hợp lệ: chỉ gồm chữ in hoa, chữ số và dấu chấm, "
                    "tối đa 30 ký tự (ví dụ 000.00.12.H38)."
                ),
            )
        ]
    return []


def day_entry_problems(
    *, agency_code: str, kind: str, name: str, source: str
) -> list[FieldProblem]:
    problems = agency_code_problems(agency_code)
    if kind not in DayKind.values:
        problems.append(FieldProblem("kind", _("Loại ngày không hợp lệ.")))
    if not name.strip():
        problems.append(FieldProblem("name", _("Tên ngày không được để trống.")))
    elif len(name) > 200:
        problems.append(FieldProblem("name", _("Tên ngày dài quá 200 ký tự.")))
    if not source.strip():
        problems.append(FieldProblem("source", _("Cần ghi nguồn (văn bản căn cứ).")))
    elif len(source) > 300:
        problems.append(FieldProblem("source", _("Nguồn dài quá 300 ký tự.")))
    return problems


def working_hours_problems(*, agency_code: str, periods: str) -> list[FieldProblem]:
    problems = agency_code_problems(agency_code)
    try:
        parse_periods(periods)
    except CalendarRuleError:
        problems.append(
            FieldProblem(
                "periods",
                _(
                    "Giờ làm việc không hợp lệ: dùng các khoảng HH:MM-HH:MM tăng dần, "
                    "không chồng nhau, cách nhau bởi dấu phẩy (ví dụ 07:30-11:30,13:00-17:00)."
                ),
            )
        )
    return problems


def work_week_problems(
    *, agency_code: str, weekdays: str, valid_from: date, valid_to: date | None
) -> list[FieldProblem]:
    problems = agency_code_problems(agency_code)
    if not agency_code:
        problems.append(
            FieldProblem("agency_code", _("Cần mã định danh của cơ quan áp dụng lịch riêng."))
        )
    try:
        parse_weekdays(weekdays)
    except CalendarRuleError:
        problems.append(
            FieldProblem(
                "weekdays",
                _(
                    "Ngày làm việc trong tuần không hợp lệ: các số từ 1 (Thứ Hai) đến 7 (Chủ nhật), "
                    "không lặp, cách nhau bởi dấu phẩy (ví dụ 1,2,3,4,5,6)."
                ),
            )
        )
    if valid_to is not None and valid_to <= valid_from:
        problems.append(FieldProblem("valid_to", _("Ngày kết thúc phải sau ngày bắt đầu.")))
    return problems


def _raise_if(problems: list[FieldProblem]) -> None:
    if problems:
        raise ValidationFailed(_("Dữ liệu lịch làm việc không hợp lệ."), problems=problems)


def _touch_revision(*, at: datetime) -> None:
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": at}
    )
    # This process sees the change at once; the others within the selectors' REVISION_TTL.
    working_calendar_changed()


def _day_object_id(agency_code: str, day: date) -> str:
    return f"{agency_code or NATIONAL}:{day.isoformat()}"


# ---------------------------------------------------------------------------------------------
# Manual edits (the admin, or another app's administrator screen).


def calendar_day_set(
    *,
    day: date,
    kind: str,
    name: str,
    source: str,
    at: datetime,
    actor: str,
    agency_code: str = "",
) -> DayEntry:
    """Create or replace the entry of ``day`` in one scope (blank ``agency_code``: national).

    A manual entry is kept by later seeding: an administrator's correction wins over the data.
    """
    agency_code, name, source = nfc(agency_code.strip()), nfc(name.strip()), nfc(source.strip())
    _raise_if(day_entry_problems(agency_code=agency_code, kind=kind, name=name, source=source))
    with transaction.atomic():
        entry, created = DayEntry.objects.update_or_create(
            agency_code=agency_code,
            date=day,
            defaults={
                "kind": kind,
                "name": name,
                "source": source,
                "origin": DayOrigin.MANUAL,
                "changed_at": at,
            },
        )
        audit_append(
            actor=actor,
            action="calendar.day_created" if created else "calendar.day_changed",
            object_type="calendar.day",
            object_id=_day_object_id(agency_code, day),
            at=at,
            data={"kind": kind, "name": name, "source": source, "origin": DayOrigin.MANUAL},
        )
        _touch_revision(at=at)
    return entry


def calendar_day_delete(*, day: date, at: datetime, actor: str, agency_code: str = "") -> None:
    """Remove the entry of ``day`` in one scope: the day follows the weekly rule again."""
    with transaction.atomic():
        entry = (
            DayEntry.objects.select_for_update().filter(agency_code=agency_code, date=day).first()
        )
        if entry is None:
            raise NotFound(
                _("Không có ngày đặc biệt này trong lịch."),
                problems=[FieldProblem("date", _("Ngày không có trong lịch."))],
            )
        data = {"kind": entry.kind, "name": entry.name, "source": entry.source}
        entry.delete()
        audit_append(
            actor=actor,
            action="calendar.day_deleted",
            object_type="calendar.day",
            object_id=_day_object_id(agency_code, day),
            at=at,
            data=data,
        )
        _touch_revision(at=at)


def agency_working_hours_set(
    *, agency_code: str, periods: str, at: datetime, actor: str
) -> WorkingHours:
    """Set the working hours of an agency (blank code: the national default over the setting)."""
    agency_code = agency_code.strip()
    _raise_if(working_hours_problems(agency_code=agency_code, periods=periods))
    normalized = format_periods(parse_periods(periods))
    with transaction.atomic():
        hours, _created = WorkingHours.objects.update_or_create(
            agency_code=agency_code, defaults={"periods": normalized, "changed_at": at}
        )
        audit_append(
            actor=actor,
            action="calendar.working_hours_set",
            object_type="calendar.working_hours",
            object_id=agency_code or NATIONAL,
            at=at,
            data={"periods": normalized},
        )
        _touch_revision(at=at)
    return hours


def agency_work_week_set(
    *,
    agency_code: str,
    weekdays: str,
    valid_from: date,
    at: datetime,
    actor: str,
    valid_to: date | None = None,
) -> WorkWeekRule:
    """Set the weekdays an agency works from ``valid_from`` (e.g. ``1,2,3,4,5,6``: also Saturdays).

    The rule starting on ``valid_from`` is replaced; a period that overlaps another rule of the
    same agency is refused, so exactly one rule (or none: Monday to Friday) applies to any day.
    """
    agency_code = agency_code.strip()
    _raise_if(
        work_week_problems(
            agency_code=agency_code, weekdays=weekdays, valid_from=valid_from, valid_to=valid_to
        )
    )
    normalized = ",".join(str(d) for d in sorted(parse_weekdays(weekdays)))
    with transaction.atomic():
        others = WorkWeekRule.objects.select_for_update().filter(agency_code=agency_code)
        for other in others.exclude(valid_from=valid_from):
            if (valid_to is None or other.valid_from < valid_to) and (
                other.valid_to is None or valid_from < other.valid_to
            ):
                _raise_if(
                    [
                        FieldProblem(
                            "valid_from",
                            _("Thời gian áp dụng trùng với lịch tuần từ ngày %(day)s.")
                            % {"day": other.valid_from.strftime("%d/%m/%Y")},
                        )
                    ]
                )
        rule, _created = WorkWeekRule.objects.update_or_create(
            agency_code=agency_code,
            valid_from=valid_from,
            defaults={"weekdays": normalized, "valid_to": valid_to, "changed_at": at},
        )
        audit_append(
            actor=actor,
            action="calendar.work_week_set",
            object_type="calendar.work_week",
            object_id=f"{agency_code}:{valid_from.isoformat()}",
            at=at,
            data={
                "weekdays": normalized,
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
        _touch_revision(at=at)
    return rule


def agency_work_week_delete(*, rule_id: int, at: datetime, actor: str) -> None:
    with transaction.atomic():
        rule = WorkWeekRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise NotFound(
                _("Không có lịch tuần này."),
                problems=[FieldProblem("rule_id", _("Không tìm thấy lịch tuần."))],
            )
        object_id = f"{rule.agency_code}:{rule.valid_from.isoformat()}"
        rule.delete()
        audit_append(
            actor=actor,
            action="calendar.work_week_deleted",
            object_type="calendar.work_week",
            object_id=object_id,
            at=at,
        )
        _touch_revision(at=at)


# ---------------------------------------------------------------------------------------------
# Seeding a year from the holidays package, corrected by the official schedules.


@dataclass(frozen=True)
class SeedResult:
    year: int
    created: int
    updated: int
    deleted: int
    unchanged: int
    kept_manual: int
    official: bool


def calendar_seed_year(*, year: int, at: datetime, actor: str) -> SeedResult:
    """Bring the national entries of ``year`` in line with the package and the official data.

    The official schedule wins over the package on any date both list; the package's other dates
    are kept (with the package as their source). Manual entries are never touched. Entries seeded
    earlier that neither source lists any more are removed. Running it again changes nothing.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        _raise_if(
            [
                FieldProblem(
                    "year",
                    _("Năm phải trong khoảng %(low)s–%(high)s.")
                    % {"low": MIN_YEAR, "high": MAX_YEAR},
                )
            ]
        )
    official = official_schedules().get(year, {})
    wanted = seed_days(year)
    created = updated = deleted = unchanged = kept_manual = 0
    with transaction.atomic():
        existing = {
            e.date: e
            for e in DayEntry.objects.select_for_update().filter(agency_code="", date__year=year)
        }
        for day, seed in sorted(wanted.items()):
            entry = existing.get(day)
            if entry is None:
                DayEntry.objects.create(
                    agency_code="",
                    date=day,
                    kind=seed.kind,
                    name=seed.name,
                    source=seed.source,
                    origin=seed.origin,
                    changed_at=at,
                )
                created += 1
            elif entry.origin == DayOrigin.MANUAL:
                kept_manual += 1
            elif (entry.kind, entry.name, entry.source, entry.origin) == (
                seed.kind,
                seed.name,
                seed.source,
                seed.origin,
            ):
                unchanged += 1
            else:
                entry.kind, entry.name, entry.source = seed.kind, seed.name, seed.source
                entry.origin, entry.changed_at = seed.origin, at
                entry.save(update_fields=["kind", "name", "source", "origin", "changed_at"])
                updated += 1
        stale = [
            e.pk for d, e in existing.items() if d not in wanted and e.origin != DayOrigin.MANUAL
        ]
        if stale:
            deleted, _rows = DayEntry.objects.filter(pk__in=stale).delete()
        result = SeedResult(
            year=year,
            created=created,
            updated=updated,
            deleted=deleted,
            unchanged=unchanged,
            kept_manual=kept_manual,
            official=bool(official),
        )
        if created or updated or deleted:
            audit_append(
                actor=actor,
                action="calendar.year_seeded",
                object_type="calendar.year",
                object_id=str(year),
                at=at,
                data={
                    "created": created,
                    "updated": updated,
                    "deleted": deleted,
                    "official": bool(official),
                    "package": f"holidays {PACKAGE_VERSION}",
                },
            )
            _touch_revision(at=at)
    return result
