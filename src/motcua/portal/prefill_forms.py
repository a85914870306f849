"""The once-only part of the application form: values the state holds, each to use or decline.

The offer (what the registries answered, with source, time and evidence) is kept with the
account's draft (:class:`motcua.portal.models.ApplicationDraft`); the applicant's choices travel with the form (``p__<component>__<field>``,
``pd__<component>``) and so are kept in the draft like every other answer.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.catalog.models import DataSource
from motcua.dossiers.prefill import DECLINE, USE, PrefillOffer
from motcua.portal.drafts import draft_touch
from motcua.portal.models import ApplicationDraft
from motcua.portal.schema_forms import (
    ApplicationForm,
    document_field_name,
    form_field_name,
)

MISSING_REASONS = {
    "unavailable": gettext_lazy("không kết nối được, vui lòng tự nhập"),
    "refused": gettext_lazy(
        "dữ liệu trả về không xác thực được chữ ký nên đã bị từ chối, vui lòng tự nhập"
    ),
    "not_found": gettext_lazy("không có dữ liệu của bạn"),
}


def choice_name(key: str) -> str:
    """``"phieu.full_name"`` -> ``p__phieu__full_name``; ``"documents.can_cuoc"`` -> ``pd__can_cuoc``."""
    component, _dot, prop = key.partition(".")
    if component == "documents":
        return f"pd__{prop}"
    return f"p__{component}__{prop}"


def offer_store(*, user: User, key: str, offer: PrefillOffer, at: datetime) -> None:
    """Keep what the registries answered with the draft ``key`` of ``user``'s account."""
    row = draft_touch(user=user, key=key, procedure=offer.procedure, at=at)
    row.offer = offer.as_dict()
    row.updated_at = at
    row.save(update_fields=["offer", "updated_at"])


def offer_of(row: ApplicationDraft | None) -> PrefillOffer | None:
    if row is None or not row.offer:
        return None
    return PrefillOffer.from_dict(row.offer)


def _choice_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(USE, _("Dùng dữ liệu này")), (DECLINE, _("Tôi tự nhập"))],
        initial=USE,
        required=False,
        widget=forms.RadioSelect,
    )


def offer_attach(form: ApplicationForm, offer: PrefillOffer | None) -> None:
    """Fill the form with the offered values and add a use/decline choice for each."""
    form.prefill_offer = offer  # type: ignore[attr-defined]
    if offer is None:
        return
    for value in offer.values:
        component, _dot, prop = value.key.partition(".")
        name = form_field_name(component, prop)
        if name in form.fields:
            shown = value.value
            if isinstance(form.fields[name], forms.DateField) and isinstance(shown, str):
                shown = date.fromisoformat(shown)
            form.fields[name].initial = shown
        form.fields[choice_name(value.key)] = _choice_field(value.label)
    for document in offer.documents:
        name = document_field_name(document.component)
        if name in form.fields:
            form.fields[name].required = False
            form.fields[name].help_text = _(
                "Không cần tải lên nếu bạn dùng dữ liệu nhà nước đã có ở trên."
            )
        form.fields[choice_name(f"documents.{document.component}")] = _choice_field(document.name)


def offer_clean(form: ApplicationForm, offer: PrefillOffer | None, held: set[str]) -> bool:
    """After ``is_valid``: a declined document must then be uploaded."""
    if offer is None:
        return True
    ok = True
    for document in offer.documents:
        choice = form.cleaned_data.get(choice_name(f"documents.{document.component}")) or USE
        name = document_field_name(document.component)
        upload = form.cleaned_data.get(name)
        component = next((c for c in form.components if c.code == document.component), None)
        if (
            choice == DECLINE
            and component is not None
            and component.required
            and not isinstance(upload, UploadedFile)
            and document.component not in held
        ):
            form.add_error(name, _("Vui lòng tải lên %(name)s.") % {"name": document.name})
            ok = False
    return ok


def offer_choices(form: ApplicationForm, offer: PrefillOffer | None) -> dict[str, str]:
    if offer is None:
        return {}
    keys = [v.key for v in offer.values] + [f"documents.{d.component}" for d in offer.documents]
    return {key: form.cleaned_data.get(choice_name(key)) or USE for key in keys}


@dataclass(frozen=True)
class OfferRow:
    label: str
    value: str
    source: str
    at: datetime | None
    field: forms.BoundField
    #: The form's own field for this item, shown only when the citizen types it themselves.
    own: forms.BoundField | None


def offered_field_names(form: ApplicationForm) -> set[str]:
    """The form fields the offer stands for: shown once, beside their offered value."""
    offer: PrefillOffer | None = getattr(form, "prefill_offer", None)
    if offer is None:
        return set()
    names = {form_field_name(*v.key.split(".", 1)) for v in offer.values}
    names |= {document_field_name(d.component) for d in offer.documents}
    return names & set(form.fields)


def offer_rows(form: ApplicationForm) -> dict[str, Any] | None:
    """What the apply page shows of the offer: values as they came, source, time, choice, and
    the field to type into when the citizen declines."""
    offer: PrefillOffer | None = getattr(form, "prefill_offer", None)
    if offer is None:
        return None
    held = offered_field_names(form)

    def own(name: str) -> forms.BoundField | None:
        return form[name] if name in held else None

    rows = [
        OfferRow(
            label=v.label,
            value=_shown(v.value, form.fields.get(form_field_name(*v.key.split(".", 1)))),
            source=str(DataSource(v.source).label),
            at=parse_datetime(v.at),
            field=form[choice_name(v.key)],
            own=own(form_field_name(*v.key.split(".", 1))),
        )
        for v in offer.values
    ] + [
        OfferRow(
            label=d.name,
            value=d.title,
            source=str(DataSource(d.source).label),
            at=parse_datetime(d.at),
            field=form[choice_name(f"documents.{d.component}")],
            own=own(document_field_name(d.component)),
        )
        for d in offer.documents
    ]
    missing = [(str(DataSource(s).label), str(MISSING_REASONS.get(r, r))) for s, r in offer.missing]
    return {"rows": rows, "missing": missing}


def _shown(value: Any, field: forms.Field | None = None) -> str:
    """A value as the citizen reads it: a date as dd/mm/yyyy, a choice by its wording."""
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(str(value), value))  # type: ignore[arg-type]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def state_documents(form: ApplicationForm) -> list[tuple[str, str]]:
    """(component name, what stands in for it) of each document taken from the state."""
    offer: PrefillOffer | None = getattr(form, "prefill_offer", None)
    if offer is None:
        return []
    choices = offer_choices(form, offer)
    return [
        (d.name, _state_document_line(title=d.title, source=str(DataSource(d.source).label)))
        for d in offer.documents
        if choices.get(f"documents.{d.component}") == USE
    ]


def _state_document_line(*, title: str, source: str) -> str:
    # A registry's record is named after the registry itself: say the source once.
    if title.strip().casefold() == source.strip().casefold():
        return _("Lấy từ %(source)s") % {"source": source}
    return _("%(title)s, lấy từ %(source)s") % {"title": title, "source": source}
