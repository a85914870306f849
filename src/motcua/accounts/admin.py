"""Admin for agencies, units, officers and applicants.

New objects go through the services (validation and audit in one transaction); edits and
deletions write their own audit row. A form checks identifiers first so the admin shows the
Vietnamese reason beside the field instead of failing in the service.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.actors import actor_for
from motcua.accounts.identifiers import (
    check_agency_code,
    check_mobile_phone,
    check_personal_id,
    check_tax_code,
)
from motcua.accounts.models import (
    AdministrativeUnit,
    Agency,
    Applicant,
    Counter,
    OneStopUnit,
    RoleAssignment,
    User,
)
from motcua.accounts.services import (
    agency_create,
    applicant_create,
    counter_create,
    one_stop_unit_create,
    role_assign,
)
from motcua.core.errors import ValidationFailed
from motcua.core.services import audit_append


def _actor(request: HttpRequest) -> str:
    user = request.user
    return actor_for(user) if isinstance(user, User) else "anonymous"


def _jsonable(value: object) -> object:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str | int | bool | type(None)):
        return value
    return str(value)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Edits and deletions through the admin write an audit row in the same transaction."""

    audit_type = ""

    def _audit(
        self, request: HttpRequest, obj: models.Model, action: str, data: dict[str, Any]
    ) -> None:
        audit_append(
            actor=_actor(request),
            action=f"{self.audit_type}.{action}",
            object_type=self.audit_type,
            object_id=str(obj.pk),
            at=timezone.now(),
            data=data,
        )

    def create_through_service(self, request: HttpRequest, obj: Any, form: forms.ModelForm) -> Any:  # type: ignore[type-arg]
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            created = self.create_through_service(request, obj, form)
            obj.pk = created.pk
            obj._state.adding = False
            obj._state.db = created._state.db
            return
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed = {name: _jsonable(form.cleaned_data.get(name)) for name in form.changed_data}
            self._audit(request, obj, "admin_update", changed)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # A rule only the service knows (an overlapping role, a duplicate) surfaces here, after the
        # form passed; the whole request is rolled back and the reasons are shown.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationFailed as error:
            for problem in error.problems:
                messages.error(request, f"{problem.path}: {problem.message}")
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, obj, "admin_delete", {"repr": str(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "admin_delete", {"repr": str(obj)})
            super().delete_queryset(request, queryset)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Units come from the official list (``import-units``); the admin only reads them."""

    list_display = ("code", "name", "level", "division_type", "parent", "valid_from", "valid_to")
    list_filter = ("level", "division_type", "valid_from", "valid_to")
    search_fields = ("code", "name", "search_text")
    list_select_related = ("parent",)
    readonly_fields = ("search_text",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgencyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = ("code", "name", "kind", "parent", "administrative_unit", "valid_from", "valid_to")

    def clean_code(self) -> str:
        result = check_agency_code(self.cleaned_data["code"])
        if not result.valid:
            raise forms.ValidationError(result.reason, code=result.code)
        return result.value


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    audit_type = "agency"
    form = AgencyForm
    list_display = (
        "code",
        "name",
        "kind",
        "administrative_unit",
        "parent",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind", "valid_from", "valid_to")
    search_fields = ("code", "name")
    list_select_related = ("administrative_unit", "parent")
    autocomplete_fields = ("administrative_unit", "parent")

    def create_through_service(self, request: HttpRequest, obj: Any, form: Any) -> Agency:
        return agency_create(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            administrative_unit=obj.administrative_unit,
            parent=obj.parent,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            at=timezone.now(),
            actor=_actor(request),
        )


class CounterInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Counter
    extra = 0


@admin.register(OneStopUnit)
class OneStopUnitAdmin(AuditedAdmin):
    audit_type = "one_stop_unit"
    list_display = ("name", "agency", "valid_from", "valid_to")
    list_filter = ("valid_from", "valid_to")
    search_fields = ("name", "agency__name", "agency__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)

    def create_through_service(self, request: HttpRequest, obj: Any, form: Any) -> OneStopUnit:
        return one_stop_unit_create(
            agency=obj.agency,
            name=obj.name,
            address=obj.address,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            at=timezone.now(),
            actor=_actor(request),
        )


@admin.register(Counter)
class CounterAdmin(AuditedAdmin):
    audit_type = "counter"
    list_display = ("one_stop_unit", "number", "label")
    search_fields = ("one_stop_unit__name", "label")
    list_select_related = ("one_stop_unit",)

    def create_through_service(self, request: HttpRequest, obj: Any, form: Any) -> Counter:
        return counter_create(
            one_stop_unit=obj.one_stop_unit,
            number=obj.number,
            label=obj.label,
            at=timezone.now(),
            actor=_actor(request),
        )


@admin.register(User)
class OfficerAdmin(UserAdmin, AuditedAdmin):  # type: ignore[type-arg]
    """Officers' logins. The add form is Django's (it checks the password twice); audited here."""

    audit_type = "user"
    list_display = ("username", "full_name", "email", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (gettext_lazy("Thông tin cán bộ"), {"fields": ("full_name", "preferred_language")}),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            admin.ModelAdmin.save_model(self, request, obj, form, change)
            changed = [name for name in form.changed_data if "password" not in name]
            self._audit(
                request,
                obj,
                "admin_update" if change else "admin_create",
                {"fields": changed, "username": obj.username},
            )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    audit_type = "role_assignment"
    list_display = ("user", "role", "agency", "one_stop_unit", "valid_from", "valid_to")
    list_filter = ("role", "valid_from", "valid_to")
    search_fields = ("user__username", "user__full_name", "agency__name", "agency__code")
    list_select_related = ("user", "agency", "one_stop_unit")
    autocomplete_fields = ("user", "agency", "one_stop_unit")

    def create_through_service(self, request: HttpRequest, obj: Any, form: Any) -> RoleAssignment:
        return role_assign(
            user=obj.user,
            agency=obj.agency,
            role=obj.role,
            one_stop_unit=obj.one_stop_unit,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            at=timezone.now(),
            actor=_actor(request),
        )


class ApplicantForm(forms.ModelForm):  # type: ignore[type-arg]
    """Checks every identifier with the same functions the service uses, so errors sit by their field."""

    class Meta:
        model = Applicant
        fields = (
            "kind",
            "name",
            "personal_id",
            "tax_code",
            "birth_date",
            "sex",
            "phone",
            "email",
            "address",
            "user",
        )

    def clean_tax_code(self) -> str:
        value: str = self.cleaned_data["tax_code"]
        if not value:
            return value
        result = check_tax_code(value)
        if not result.valid:
            raise forms.ValidationError(result.reason, code=result.code)
        return result.value

    def clean_phone(self) -> str:
        value: str = self.cleaned_data["phone"]
        if not value:
            return value
        result = check_mobile_phone(value)
        if not result.valid:
            raise forms.ValidationError(result.reason, code=result.code)
        return result.value

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        personal_id = cleaned.get("personal_id") or ""
        if personal_id:
            result = check_personal_id(
                personal_id,
                today=timezone.localdate(),
                birth_date=cleaned.get("birth_date"),
                sex=cleaned.get("sex") or None,
            )
            if result.valid:
                cleaned["personal_id"] = result.value
            else:
                self.add_error("personal_id", result.reason)
        return cleaned


@admin.register(Applicant)
class ApplicantAdmin(AuditedAdmin):
    audit_type = "applicant"
    form = ApplicantForm
    list_display = ("name", "kind", "personal_id", "tax_code", "phone", "email")
    list_filter = ("kind",)
    search_fields = ("name", "personal_id", "tax_code", "phone", "email")
    raw_id_fields = ("user",)

    def create_through_service(self, request: HttpRequest, obj: Any, form: Any) -> Applicant:
        return applicant_create(
            kind=obj.kind,
            name=obj.name,
            personal_id=obj.personal_id,
            tax_code=obj.tax_code,
            birth_date=obj.birth_date,
            sex=obj.sex,
            phone=obj.phone,
            email=obj.email,
            address=obj.address,
            user=obj.user,
            at=timezone.now(),
            actor=_actor(request),
        )


class SecondFactorDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An officer's second-factor device: an administrator sees it and can remove a lost one, but
    never its secret. django-otp's own admin shows the key as a QR code, which would let an
    administrator copy an officer's second factor; it is replaced by this one."""

    list_display = ["user", "name", "created_at", "last_used_at", "confirmed"]
    list_filter = ["confirmed"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an officer enrols their own device, from the back office

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, SecondFactorDeviceAdmin)
