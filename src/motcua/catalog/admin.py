"""Admin for the catalogue: drafts are edited with inlines, published versions are read-only.

Saving a draft goes through :func:`procedure_draft_update`, so the admin validates exactly as
the import does and every change is audited.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.catalog.form_schema import (
    choice_labels,
    group_rows,
    is_group,
    properties_of,
    sections_of,
    source_of,
)
from motcua.catalog.models import (
    Component,
    ComponentKind,
    FeeRule,
    Field,
    LegalBasis,
    LocalFeePolicy,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
    to_hours,
)
from motcua.catalog.payload import MINUTES_PER_HOUR, validate_form_schema, version_payload
from motcua.catalog.services import (
    catalog_changed,
    procedure_draft_update,
    procedure_version_new_draft,
    procedure_version_publish,
)
from motcua.core.errors import DomainError


def _actor(request: HttpRequest) -> str:
    # The admin site lets only signed-in staff through.
    return actor_for(cast(User, request.user))


def _is_draft(obj: ProcedureVersion | None) -> bool:
    return obj is None or obj.status == VersionStatus.DRAFT


def _preview_question(prop: str, spec: dict[str, Any], required: bool) -> dict[str, Any]:
    columns = properties_of(spec["items"]) if is_group(spec) else {}
    return {
        "name": prop,
        "title": spec.get("title") or prop,
        "hint": spec.get("description") or "",
        "required": required,
        "kind": "group" if columns else spec.get("type", "string"),
        "choices": [label for _v, label in choice_labels(spec)],
        "columns": [sub.get("title") or name for name, sub in columns.items()],
        "rows": group_rows(spec) if columns else 0,
    }


class _DraftOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class ComponentForm(forms.ModelForm):  # type: ignore[type-arg]
    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("kind") == ComponentKind.FORM:
            reason = validate_form_schema(cleaned.get("schema"))
            if reason:
                self.add_error("schema", reason)
        elif cleaned.get("schema") is not None:
            self.add_error("schema", _("Chỉ tờ khai (loại tờ khai) mới có JSON Schema."))
        return cleaned


class StepFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        version: ProcedureVersion = self.instance
        total = sum(
            form.cleaned_data.get("minutes") or 0
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        hours = version.processing_hours
        limit = hours * MINUTES_PER_HOUR if hours is not None else None
        if limit is not None and total > limit:
            raise ValidationError(
                _(
                    "Tổng thời gian các bước (%(total)s phút) vượt thời hạn giải quyết (%(limit)s phút)."
                )
                % {"total": total, "limit": limit}
            )


class VersionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProcedureVersion
        fields = (
            "name",
            "decision_number",
            "levels",
            "procedure_type",
            "field",
            "implementing_agency",
            "competent_agency_kind",
            "agencies",
            "processing_time_value",
            "processing_time_unit",
            "service_norm_value",
            "service_norm_unit",
            "online_level",
            "applicant_types",
            "conditions",
            "channels",
            "results",
            "note",
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        value, unit = cleaned.get("processing_time_value"), cleaned.get("processing_time_unit")
        norm, norm_unit = cleaned.get("service_norm_value"), cleaned.get("service_norm_unit")
        norm_hours = to_hours(norm, norm_unit or unit or "")
        statutory = to_hours(value, unit or "")
        if norm_hours is not None and statutory is not None and norm_hours > statutory:
            self.add_error(
                "service_norm_value",
                _("Định mức nội bộ dài hơn thời hạn giải quyết."),
            )
        return cleaned


class LegalBasisInline(_DraftOnlyInline):
    model = LegalBasis


class ComponentInline(_DraftOnlyInline):
    model = Component
    form = ComponentForm


class FeeRuleInline(_DraftOnlyInline):
    model = FeeRule


class ProcessStepInline(_DraftOnlyInline):
    model = ProcessStep
    formset = StepFormSet


class _ChangesCatalogue(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows the admin writes without a service: each write is still a change of the public
    catalogue pages (:func:`motcua.catalog.services.catalog_changed`)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        catalog_changed(at=timezone.now())

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        catalog_changed(at=timezone.now())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        catalog_changed(at=timezone.now())


@admin.register(Field)
class FieldAdmin(_ChangesCatalogue):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Procedure)
class ProcedureAdmin(_ChangesCatalogue):
    list_display = ("national_code", "local_suffix")
    search_fields = ("national_code",)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "status", "valid_from", "valid_to", "online_level")
    list_filter = ("status", "online_level", "field")
    search_fields = ("search_text",)
    form = VersionForm
    inlines = (LegalBasisInline, ComponentInline, FeeRuleInline, ProcessStepInline)
    readonly_fields = (
        "status",
        "valid_from",
        "valid_to",
        "number",
        "procedure",
        "form_previews",
    )
    actions = ("publish", "new_draft")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New procedures and drafts come from the services (import, new draft), not a blank form.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if not _is_draft(obj):
            return [f.name for f in ProcedureVersion._meta.fields] + [
                "agencies",
                "form_previews",
            ]
        return super().get_readonly_fields(request, obj)

    @admin.display(description=gettext_lazy("Xem trước tờ khai"))
    def form_previews(self, obj: ProcedureVersion | None) -> str:
        """A link to the preview of each form of the version, as the citizen will read it."""
        if obj is None or obj.pk is None:
            return "—"
        forms_of = obj.components.filter(kind=ComponentKind.FORM).order_by("order")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:catalog_form_preview", args=[obj.pk, c.code]), c.name)
                    for c in forms_of
                ),
            )
            or "—"
        )

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "<int:version_id>/to-khai/<str:component>/xem-truoc/",
            self.admin_site.admin_view(self.form_preview),
            name="catalog_form_preview",
        )
        return [preview, *super().get_urls()]

    def form_preview(self, request: HttpRequest, version_id: int, component: str) -> HttpResponse:
        """The form laid out as its template: headings, questions, choices, repeating groups,
        which questions are required; a draft's as it will be published."""
        version = ProcedureVersion.objects.filter(pk=version_id).first()
        if version is None or not self.has_view_permission(request, version):
            raise Http404
        form = version.components.filter(code=component, kind=ComponentKind.FORM).first()
        if form is None:
            raise Http404
        schema = form.schema or {}
        required = set(schema.get("required") or [])
        properties = properties_of(schema)
        sections = [
            {
                "title": section.title,
                "questions": [
                    _preview_question(prop, properties[prop] or {}, prop in required)
                    for prop in section.properties
                ],
            }
            for section in sections_of(schema)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Xem trước: %(name)s") % {"name": form.name},
            "version": version,
            "component": form,
            "source": source_of(schema),
            "form_title": schema.get("title") or form.name,
            "sections": sections,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/form_preview.html", context)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        version: ProcedureVersion = form.instance
        try:
            # Re-validates the whole version and refreshes its search text, in the request's
            # transaction (ATOMIC_REQUESTS or the admin's own), so a refusal writes nothing.
            procedure_draft_update(
                version=version,
                changes=version_payload(version),
                at=timezone.now(),
                actor=_actor(request),
            )
        except DomainError as error:
            details = "; ".join(f"{p.path}: {p.message}" for p in error.problems)
            raise ValidationError(f"{error.message} {details}") from error

    @admin.action(description=gettext_lazy("Tạo phiên bản dự thảo mới để sửa"))
    def new_draft(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        """A published version is never edited: a change starts a new draft copied from it."""
        for version in queryset.select_related("procedure"):
            try:
                draft = procedure_version_new_draft(
                    procedure=version.procedure, at=timezone.now(), actor=_actor(request)
                )
            except DomainError as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Đã tạo phiên bản dự thảo %(version)s.") % {"version": draft},
                    messages.SUCCESS,
                )

    @admin.action(description=gettext_lazy("Công bố các phiên bản dự thảo đã chọn"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.filter(status=VersionStatus.DRAFT):
            try:
                procedure_version_publish(version=version, at=timezone.now(), actor=_actor(request))
            except DomainError as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(
                    request, _("Đã công bố %(version)s.") % {"version": version}, messages.SUCCESS
                )


@admin.register(LocalFeePolicy)
class LocalFeePolicyAdmin(_ChangesCatalogue):
    list_display = (
        "administrative_unit_code",
        "procedure",
        "amount",
        "decision_number",
        "valid_from",
        "valid_to",
    )
    list_filter = ("administrative_unit_code",)
