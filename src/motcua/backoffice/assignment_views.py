"""Phân công xử lý on the officer's dossier page: who is named, and the form to name a specialist."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import assignable_specialists, may_assign
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.services import dossier_assign


@dataclass(frozen=True)
class AssignmentSection:
    assignee: str
    #: (user id, name) of the specialists one may name; empty when this officer may not assign.
    choices: list[tuple[int, str]]
    assignee_id: int | None


def assignment_section(dossier: Dossier, *, user: User) -> AssignmentSection:
    on = timezone.localdate()
    choices = (
        [(u.pk, str(u)) for u in assignable_specialists(dossier=dossier, on=on)]
        if may_assign(user=user, dossier=dossier, on=on)
        else []
    )
    assignee = dossier.assignee
    return AssignmentSection(
        assignee=str(assignee) if assignee is not None else "",
        choices=choices,
        assignee_id=dossier.assignee_id,
    )


@login_required
@require_POST
def dossier_assign_view(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required let only a signed-in user in
    now = timezone.now()
    dossier = dossiers_visible_to(user=user, on=timezone.localdate(now)).filter(code=code).first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    assignee = User.objects.filter(pk=request.POST.get("assignee", "0") or "0").first()
    if assignee is None:
        messages.error(request, _("Hãy chọn một chuyên viên trong danh sách."))
        return redirect("backoffice:dossier", code=code)
    try:
        dossier_assign(dossier=dossier, assignee=assignee, actor=user, at=now)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã phân công %(name)s xử lý hồ sơ.") % {"name": assignee})
    return redirect("backoffice:dossier", code=code)
