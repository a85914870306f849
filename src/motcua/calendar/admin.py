"""The calendar in the Django admin: every save and delete goes through the services (audited)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from motcua.calendar.models import DayEntry, WorkingHours, WorkWeekRule
from motcua.calendar.services import (
    agency_work_week_delete,
    agency_work_week_set,
    agency_working_hours_set,
    calendar_day_delete,
    calendar_day_set,
    day_entry_problems,
    work_week_problems,
    working_hours_problems,
)
from motcua.core.errors import FieldProblem
from motcua.core.services import user_audit_label

if TYPE_CHECKING:
    DayEntryFormBase = forms.ModelForm[DayEntry]
    WorkWeekRuleFormBase = forms.ModelForm[WorkWeekRule]
    WorkingHoursFormBase = forms.ModelForm[WorkingHours]
    DayEntryAdminBase = admin.ModelAdmin[DayEntry]
    WorkWeekRuleAdminBase = admin.ModelAdmin[WorkWeekRule]
    WorkingHoursAdminBase = admin.ModelAdmin[WorkingHours]
    AnyModelForm = forms.ModelForm[Any]
else:
    # The generic parameters exist only for the type checker (no django-stubs-ext at run time).
    DayEntryFormBase = WorkWeekRuleFormBase = WorkingHoursFormBase = AnyModelForm = forms.ModelForm
    DayEntryAdminBase = WorkWeekRuleAdminBase = WorkingHoursAdminBase = admin.ModelAdmin


def _actor(request: HttpRequest) -> str:
    return user_audit_label(request.user.pk)


def _add_problems(form: "AnyModelForm", problems: list[FieldProblem]) -> None:
    for problem in problems:
        field = problem.path if problem.path in form.fields else None
        form.add_error(field, problem.message)


class DayEntryForm(DayEntryFormBase):
    class Meta:
        model = DayEntry
        fields = ["agency_code", "date", "kind", "name", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"kind", "name", "source"} <= data.keys():
            _add_problems(
                self,
                day_entry_problems(
                    agency_code=(data.get("agency_code") or "").strip(),
                    kind=data["kind"],
                    name=data["name"],
                    source=data["source"],
                ),
            )
        return data


@admin.register(DayEntry)
class DayEntryAdmin(DayEntryAdminBase):
    form = DayEntryForm
    list_display = ["date", "kind", "name", "agency_code", "origin", "source"]
    list_filter = ["kind", "origin"]
    search_fields = ["name", "agency_code", "source"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request: HttpRequest, obj: DayEntry | None = None) -> list[str]:
        # The date and scope identify the entry; to move it, delete it and add another.
        return ["agency_code", "date"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: DayEntry, form: Any, change: bool) -> None:
        saved = calendar_day_set(
            day=obj.date,
            kind=obj.kind,
            name=obj.name,
            source=obj.source,
            agency_code=obj.agency_code,
            at=timezone.now(),
            actor=_actor(request),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: DayEntry) -> None:
        calendar_day_delete(
            day=obj.date, agency_code=obj.agency_code, at=timezone.now(), actor=_actor(request)
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DayEntry]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class WorkWeekRuleForm(WorkWeekRuleFormBase):
    class Meta:
        model = WorkWeekRule
        fields = ["agency_code", "weekdays", "valid_from", "valid_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"agency_code", "weekdays", "valid_from"} <= data.keys():
            _add_problems(
                self,
                work_week_problems(
                    agency_code=data["agency_code"].strip(),
                    weekdays=data["weekdays"],
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                ),
            )
        return data


@admin.register(WorkWeekRule)
class WorkWeekRuleAdmin(WorkWeekRuleAdminBase):
    form = WorkWeekRuleForm
    list_display = ["agency_code", "weekdays", "valid_from", "valid_to"]
    search_fields = ["agency_code"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: WorkWeekRule | None = None
    ) -> list[str]:
        return ["agency_code", "valid_from"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: WorkWeekRule, form: Any, change: bool) -> None:
        saved = agency_work_week_set(
            agency_code=obj.agency_code,
            weekdays=obj.weekdays,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            at=timezone.now(),
            actor=_actor(request),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: WorkWeekRule) -> None:
        agency_work_week_delete(rule_id=obj.pk, at=timezone.now(), actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WorkWeekRule]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class WorkingHoursForm(WorkingHoursFormBase):
    class Meta:
        model = WorkingHours
        fields = ["agency_code", "periods"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "periods" in data:
            _add_problems(
                self,
                working_hours_problems(
                    agency_code=(data.get("agency_code") or "").strip(), periods=data["periods"]
                ),
            )
        return data


@admin.register(WorkingHours)
class WorkingHoursAdmin(WorkingHoursAdminBase):
    form = WorkingHoursForm
    list_display = ["agency_code", "periods", "changed_at"]
    search_fields = ["agency_code"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: WorkingHours | None = None
    ) -> list[str]:
        return ["agency_code"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: WorkingHours, form: Any, change: bool) -> None:
        saved = agency_working_hours_set(
            agency_code=obj.agency_code,
            periods=obj.periods,
            at=timezone.now(),
            actor=_actor(request),
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: WorkingHours | None = None) -> bool:
        # Deleting would bypass the audit; set the default periods instead.
        return False
