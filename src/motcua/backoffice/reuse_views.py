"""The data-reuse rate per procedure, for the reform team (tổ công tác cải cách)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officer_roles
from motcua.reporting.reuse import reuse_rate_by_procedure


@login_required
@require_GET
def reuse_rate(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    roles = officer_roles(user=user, on=timezone.localdate())
    if not any(a.role == Role.REFORM_TEAM for a in roles):
        return render(
            request,
            "backoffice/forbidden.html",
            {"message": _("Chỉ tổ công tác cải cách mới xem được tỷ lệ tái sử dụng dữ liệu.")},
            status=403,
        )
    return render(request, "backoffice/reuse_rate.html", {"rows": reuse_rate_by_procedure()})
