"""The back office's "Gửi lại": the result sent by post again after the post returned it."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.backoffice.delivery_section import ResendForm
from motcua.backoffice.views import _dossier_page
from motcua.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from motcua.dossiers.postal import dossier_return_resend
from motcua.dossiers.services import dossier_open_for


@login_required
@require_POST
def dossier_post_resend(request: HttpRequest, code: str) -> HttpResponse:
    """Gửi lại: a new consignment after the post returned the result."""
    user = cast(User, request.user)
    try:
        dossier = dossier_open_for(user=user, code=code, at=timezone.now(), purpose="action")
    except NotFound as error:
        raise Http404(error.message) from error
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _dossier_page(request, dossier, resend_form=form, status=400)
    dossier.version = form.cleaned_data["version"]
    try:
        consignment = dossier_return_resend(
            dossier=dossier, actor=user, at=timezone.now(), address=form.address()
        )
    except ValidationFailed as error:
        for problem in error.problems:
            field = problem.path.removeprefix("return_address.")
            form.add_error(field if field in form.fields else None, problem.message)
        return _dossier_page(request, dossier, resend_form=form, status=400)
    except (Conflict, Forbidden) as error:
        fresh = dossier_open_for(user=user, code=code, at=timezone.now(), purpose="action")
        return _dossier_page(request, fresh, problem=error.message, status=409)
    messages.success(
        request,
        _("Đã gửi lại kết quả qua bưu chính (lần %(attempt)s).") % {"attempt": consignment.attempt},
    )
    return redirect("backoffice:dossier", code=code)
