"""Once-only on the portal: consent and retrieval for an application, and "Dữ liệu của tôi"
(the personal data store, consents to withdraw, and who accessed the citizen's data)."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.actors import actor_for
from motcua.accounts.models import User
from motcua.catalog.selectors import procedure_version_current
from motcua.core.errors import NotFound
from motcua.dossiers.prefill import prefill_offer_build
from motcua.portal.account_views import citizen_required
from motcua.portal.prefill_forms import offer_store
from motcua.portal.schema_forms import KEY_FIELD
from motcua.portal.selectors import applicant_of
from motcua.registry.models import AccessChannel
from motcua.registry.selectors import access_log_for, consents_for, data_store_items_for
from motcua.registry.services import consent_withdraw


def _citizen(request: HttpRequest) -> tuple[User, str]:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    applicant = applicant_of(user=user)
    return user, applicant.personal_id if applicant else ""


@citizen_required
@require_POST
def apply_prefill(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen consents: ask the registries now and show the apply form with what came."""
    user, _subject = _citizen(request)
    try:
        version = procedure_version_current(code=code, on=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    applicant = applicant_of(user=user)
    if applicant is None:
        return redirect("portal:login")
    offer = prefill_offer_build(version=version, applicant=applicant, actor=user, at=timezone.now())
    key = uuid.uuid4().hex
    offer_store(user=user, key=key, offer=offer, at=timezone.now())
    return redirect(f"{reverse('portal:apply', kwargs={'code': code})}?{KEY_FIELD}={key}")


@citizen_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    _user, subject = _citizen(request)
    return render(
        request,
        "portal/my_data.html",
        {
            "items": list(data_store_items_for(owner=subject)[:100]),
            "consents": list(consents_for(subject=subject)[:100]),
            "accesses": list(access_log_for(subject=subject)[:200]),
            "channels": dict(AccessChannel.choices),
        },
    )


@citizen_required
@require_POST
def my_consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, subject = _citizen(request)
    try:
        consent_withdraw(consent_id=pk, subject=subject, actor=actor_for(user), at=timezone.now())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect(f"{reverse('portal:my_data')}#dong-y")
