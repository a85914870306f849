"""Nộp hồ sơ trực tuyến: the generated form, "check your answers", then ``dossier_submit``."""

import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.accounts.selectors import communes_by_province
from motcua.catalog.fees import rules_of
from motcua.catalog.models import Component, OnlineLevel, ProcedureVersion
from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import Conflict, NotFound, ValidationFailed
from motcua.dossiers.fees import dossier_fee_quote
from motcua.dossiers.models import DossierChannel
from motcua.dossiers.postal import return_address_prefill
from motcua.dossiers.prefill import prefill_provenance, prefill_sources
from motcua.dossiers.services import dossier_submit
from motcua.portal.account_views import citizen_required
from motcua.portal.drafts import (
    Draft,
    draft_discard,
    draft_from_row,
    draft_key_usable,
    draft_row,
    draft_save,
    valid_key,
)
from motcua.portal.fee_forms import fee_answers, fee_attach, fee_fields, fee_inputs
from motcua.portal.models import ApplicationDraft
from motcua.portal.prefill_forms import (
    offer_attach,
    offer_choices,
    offer_clean,
    offer_of,
    offer_rows,
    offered_field_names,
    state_documents,
)
from motcua.portal.return_forms import (
    return_arguments,
    return_attach,
    return_clean,
    return_put_problems,
    return_section,
    return_summary,
)
from motcua.portal.schema_forms import (
    COMMUNE_FIELD,
    KEY_FIELD,
    ApplicationForm,
    answers,
    document_field_name,
)
from motcua.portal.selectors import (
    Competent,
    applicant_of,
    commune_name,
    competent_for,
    draft_latest,
    place_suggested,
    places_for,
    submitted_dossier_code,
)

ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


def _version(code: str) -> ProcedureVersion:
    try:
        version = procedure_version_current(code=code, on=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if version.online_level not in ONLINE_LEVELS:
        raise Http404(_("Thủ tục này không cung cấp dịch vụ công trực tuyến."))
    return version


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    return user


def _form(
    request: HttpRequest,
    version: ProcedureVersion,
    row: ApplicationDraft | None,
    draft: Draft | None,
    *,
    bind: bool,
) -> ApplicationForm:
    user = _citizen(request)
    on = timezone.localdate()
    places = places_for(version=version, on=on)
    applicant = applicant_of(user=user)
    offer = offer_of(row)
    address = return_address_prefill(applicant=applicant, offer=offer)
    kwargs: dict[str, Any] = {
        "components": list(Component.objects.filter(version=version).order_by("order")),
        "communes": places.groups,
        "province_level": places.province_level,
        "applicant": applicant,
        "files_held": {c: name for c, (name, _s) in draft.files.items()} if draft else {},
    }
    if request.method == "POST" and bind:
        form = ApplicationForm(request.POST, request.FILES, **kwargs)
    elif draft is not None:
        form = ApplicationForm(draft.query(), **kwargs)
    else:
        initial = {
            KEY_FIELD: row.key if row else uuid.uuid4().hex,
            COMMUNE_FIELD: place_suggested(
                places=places, residence_commune=str(address.address.get("commune_code") or "")
            ),
        }
        form = ApplicationForm(initial=initial, **kwargs)
    offer_attach(form, offer)
    return_attach(form, prefill=address, communes=communes_by_province(on=on))
    fee_attach(form, rules_of(version))
    return form


def _place_context(version: ProcedureVersion, form: ApplicationForm) -> Competent | None:
    """The competent agency of the place chosen (or suggested), named beside the picker."""
    field = form[COMMUNE_FIELD]
    code = str(field.value() or "")
    return competent_for(version=version, unit_code=code, on=timezone.localdate()) if code else None


def _render_form(
    request: HttpRequest, version: ProcedureVersion, form: ApplicationForm
) -> HttpResponse:
    in_panel = offered_field_names(form)
    sections = [
        (section, shown)
        for section, fields in form.bound_sections()
        if (shown := [f for f in fields if f.name not in in_panel])
    ]
    return render(
        request,
        "portal/apply_form.html",
        {
            "procedure": {"code": version.procedure.code, "name": version.name},
            "form": form,
            "sections": sections,
            "commune": form[COMMUNE_FIELD],
            "competent": _place_context(version, form),
            "prefill": offer_rows(form),
            "prefill_sources": prefill_sources(form.components),
            "returns": return_section(form),
            "fee_fields": fee_fields(form),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _draft_for(request: HttpRequest, code: str) -> tuple[str, ApplicationDraft | None]:
    """The draft the request names by its key; without a key, the account's latest draft of this
    procedure (the form reopened from a bookmark, another tab or another device)."""
    user = _citizen(request)
    key = request.POST.get(KEY_FIELD) or request.GET.get(KEY_FIELD, "")
    if key:
        return key, draft_row(user=user, key=key, procedure=code)
    row = draft_latest(user=user, procedure=code)
    return (row.key, row) if row is not None else ("", None)


@citizen_required
def apply(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    user = _citizen(request)
    key, row = _draft_for(request, code)
    draft = draft_from_row(row) if row is not None else None
    form = _form(request, version, row, draft, bind=True)
    if request.method == "POST":
        if not draft_key_usable(user=user, key=key):
            form.add_error(None, _("Phiên nộp hồ sơ không hợp lệ, vui lòng tải lại trang."))
        elif all([form.is_valid(), return_clean(form, at=timezone.now())]) and offer_clean(
            form, getattr(form, "prefill_offer", None), set(draft.files) if draft else set()
        ):
            uploads = {
                c.code: upload
                for c in form.components
                if isinstance(
                    upload := form.cleaned_data.get(document_field_name(c.code)), UploadedFile
                )
            }
            draft_save(
                user=user,
                key=key,
                procedure=code,
                data=request.POST,
                uploads=uploads,
                previous=draft,
                at=timezone.now(),
            )
            url = reverse("portal:apply_check", kwargs={"code": code})
            return redirect(f"{url}?{KEY_FIELD}={key}")
    return _render_form(request, version, form)


@citizen_required
def apply_check(request: HttpRequest, code: str) -> HttpResponse:
    """Kiểm tra thông tin trước khi gửi (GET) and gửi hồ sơ (POST)."""
    version = _version(code)
    user = _citizen(request)
    key = request.POST.get(KEY_FIELD) or request.GET.get(KEY_FIELD, "")
    if request.method == "POST" and valid_key(key):
        # A second click, or a retry after a timeout: the dossier already exists.
        done = submitted_dossier_code(user=user, key=key)
        if done is not None:
            return redirect("portal:dossier_submitted", code=done)
    row = draft_row(user=user, key=key, procedure=code)
    draft = draft_from_row(row) if row is not None else None
    if draft is None:
        return redirect("portal:apply", code=code)
    form = _form(request, version, row, draft, bind=False)
    if not all([form.is_valid(), return_clean(form, at=timezone.now())]):
        return _render_form(request, version, form)
    if request.method == "POST":
        applicant = applicant_of(user=user)
        if applicant is None:  # citizen_required let them in; the row went away since
            return redirect("portal:login")
        documents = draft.documents()
        offer = getattr(form, "prefill_offer", None)
        form_data = form.form_data()
        try:
            result = dossier_submit(
                version=version,
                applicant=applicant,
                channel=DossierChannel.ONLINE,
                form_data=form_data,
                documents=documents,
                administrative_unit_code=form.cleaned_data[COMMUNE_FIELD],
                actor=user,
                at=timezone.now(),
                idempotency_key=key,
                client_id=actor_for(user),
                form_provenance=prefill_provenance(
                    offer=offer,
                    form_data=form_data,
                    choices=offer_choices(form, offer),
                    at=timezone.now(),
                ),
                fee_inputs=fee_inputs(form) if fee_fields(form) else None,
                language=get_language(),
                **return_arguments(form),
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
            others = return_put_problems(form, exc.problems)
            form.put_problems(others, [d[0] for d in documents])
            return _render_form(request, version, form)
        except Conflict as exc:
            form.add_error(None, exc.message)
            return _render_form(request, version, form)
        draft_discard(user=user, draft=draft)
        return redirect("portal:dossier_submitted", code=result.dossier.code)
    change = f"{reverse('portal:apply', kwargs={'code': code})}?{KEY_FIELD}={key}"
    return render(
        request,
        "portal/apply_check.html",
        {
            "procedure": {"code": version.procedure.code, "name": version.name},
            "answers": answers(form),
            "files": [
                (c.name, draft.files[c.code][0]) for c in form.components if c.code in draft.files
            ]
            + state_documents(form),
            "commune": commune_name(code=form.cleaned_data[COMMUNE_FIELD]),
            "competent": _place_context(version, form),
            "province_level": form.province_level,
            "fee": dossier_fee_quote(
                version=version,
                administrative_unit_code=form.cleaned_data[COMMUNE_FIELD],
                on=timezone.localdate(),
                channel=DossierChannel.ONLINE,
                inputs=fee_inputs(form),
            ),
            "fee_answers": fee_answers(form),
            "returns": return_summary(form),
            "key": key,
            "change_url": change,
        },
    )
