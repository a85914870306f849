"""The year's labour-cost rate and operating norms, set by an administrator; every change through
the services (create) or audited (edit, delete)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.actors import actor_for
from motcua.accounts.admin import AuditedAdmin
from motcua.accounts.models import User
from motcua.reform.models import LabourCostRate, OperatingNorm
from motcua.reform.services import labour_rate_set, norm_set


def _actor(request: HttpRequest) -> str:
    user = request.user
    return actor_for(user) if isinstance(user, User) else "admin"


@admin.register(LabourCostRate)
class LabourCostRateAdmin(AuditedAdmin):
    audit_type = "reform_rate"
    list_display = ("year", "hourly_rate", "basis")

    def create_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> Any:
        data = form.cleaned_data
        labour_rate_set(
            year=data["year"],
            hourly_rate=data["hourly_rate"],
            basis=data.get("basis") or "",
            actor=_actor(request),
            at=timezone.now(),
        )
        return LabourCostRate.objects.get(year=data["year"])


@admin.register(OperatingNorm)
class OperatingNormAdmin(AuditedAdmin):
    audit_type = "reform_norm"
    list_display = ("year", "activity", "minutes", "cost")
    list_filter = ("year",)

    def create_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> Any:
        data = form.cleaned_data
        norm_set(
            year=data["year"],
            activity=data["activity"],
            minutes=data["minutes"],
            cost=data["cost"],
            actor=_actor(request),
            at=timezone.now(),
        )
        return OperatingNorm.objects.get(year=data["year"], activity=data["activity"])
