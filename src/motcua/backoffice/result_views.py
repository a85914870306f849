"""The result in the back-office: the specialist drafts it (lập dự thảo kết quả, with what the
template leaves to the officer, such as the record statement) and the signer looks at it before
signing; the signature is bound to the bytes shown (``dossiers.results.result_preview``)."""

from dataclasses import dataclass
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.results import result_draft_offer, result_preview
from motcua.dossiers.services import dossier_open_for


class ResultDraftForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("Nội dung do cán bộ ghi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "textarea"}),
        error_messages={"max_length": gettext_lazy("Nội dung không quá 2.000 ký tự.")},
    )


@dataclass(frozen=True)
class DraftSection:
    form: ResultDraftForm
    label: str
    signs: bool


def result_draft_section(dossier: Dossier, *, user: User) -> DraftSection | None:
    """The drafting form on the dossier page, for the holder of a step up to the signature."""
    offer = result_draft_offer(dossier=dossier, user=user, on=timezone.localdate())
    if offer is None:
        return None
    form = ResultDraftForm(initial={"statement": offer.statement})
    form.fields["statement"].label = offer.label or _("Nội dung do cán bộ ghi")
    if not offer.label:
        del form.fields["statement"]
    return DraftSection(form=form, label=offer.label, signs=offer.signs)


@login_required
@require_POST
def result_draft(request: HttpRequest, code: str) -> HttpResponse:
    user = cast(User, request.user)
    try:
        dossier = dossier_open_for(user=user, code=code, at=timezone.now(), purpose="result_draft")
    except NotFound as error:
        raise Http404(error.message) from error
    form = ResultDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("statement", [])))
        return redirect("backoffice:dossier", code=code)
    try:
        result = result_preview(
            dossier=dossier,
            actor=user,
            at=timezone.now(),
            statement=form.cleaned_data.get("statement") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã lập “%(title)s”; mở tệp PDF để xem trước văn bản sẽ được ký.")
            % {"title": result.title},
        )
    return redirect(reverse("backoffice:dossier", args=[code]) + "#ket-qua")
