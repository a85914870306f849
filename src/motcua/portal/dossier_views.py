"""My dossiers (hồ sơ của tôi), supplementing when asked, and the public lookup by code."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_public_status
from motcua.dossiers.services import dossier_transition
from motcua.portal.account_views import citizen_required
from motcua.portal.dossier_presenters import dossier_row, dossier_view, lookup_view
from motcua.portal.selectors import my_dossiers

PAGE_SIZE = 20


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã hồ sơ"),
        max_length=60,
        help_text=gettext_lazy("Mã in trên giấy tiếp nhận, ví dụ 000.02.31.H26-260302-0001"),
        error_messages={"required": gettext_lazy("Vui lòng nhập mã hồ sơ.")},
    )


class SupplementForm(forms.Form):
    ghi_chu = forms.CharField(
        label=gettext_lazy("Nội dung bổ sung"),
        help_text=gettext_lazy(
            "Trả lời yêu cầu của cơ quan: thông tin đã sửa, giấy tờ đã bổ sung."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Vui lòng nhập nội dung bổ sung.")},
    )


def _mine(request: HttpRequest, code: str) -> Dossier:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    dossier = my_dossiers(user=user).filter(code=code).first()
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    return dossier


@citizen_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    page = Paginator(my_dossiers(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [dossier_row(d) for d in page.object_list]
    return render(request, "portal/my_dossiers.html", {"page": page, "rows": rows})


@citizen_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    return render(
        request,
        "portal/my_dossier.html",
        {"dossier": dossier_view(dossier), "form": SupplementForm(), "version": dossier.version},
    )


@citizen_required
def dossier_submitted(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    return render(request, "portal/apply_done.html", {"dossier": dossier_view(dossier)})


@citizen_required
@require_POST
def dossier_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - citizen_required
    form = SupplementForm(request.POST)
    error = ""
    if form.is_valid():
        # The page was read at this version: if the dossier moved since, say so rather than act.
        if request.POST.get("phien_ban") != str(dossier.version):
            error = _("Hồ sơ vừa được cập nhật, vui lòng xem lại trước khi bổ sung.")
        else:
            try:
                dossier_transition(
                    dossier=dossier,
                    action="supplement",
                    actor=user,
                    at=timezone.now(),
                    note=form.cleaned_data["ghi_chu"],
                )
            except (Conflict, DomainError) as exc:
                error = exc.message
            else:
                return redirect(
                    reverse("portal:my_dossier", kwargs={"code": code}) + "?da_bo_sung=1"
                )
    if error:
        form.add_error(None, error)
    return render(
        request,
        "portal/my_dossier.html",
        {"dossier": dossier_view(dossier), "form": form, "version": dossier.version},
        status=400,
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Tra cứu hồ sơ: a field for the code; a valid code goes to its page."""
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("portal:lookup_result", code=form.cleaned_data["ma"].strip())
    return render(request, "portal/lookup.html", {"form": form}, status=400 if form.errors else 200)


def lookup_result(request: HttpRequest, code: str) -> HttpResponse:
    """What anyone may know of a dossier from its code (the QR code on the receipt opens this)."""
    try:
        status = dossier_public_status(code=code)
    except NotFound:
        form = LookupForm({"ma": code})
        form.is_valid()
        form.add_error(
            "ma",
            _("Không tìm thấy hồ sơ có mã %(code)s. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.")
            % {"code": code},
        )
        return render(request, "portal/lookup.html", {"form": form}, status=404)
    return render(request, "portal/lookup_result.html", {"dossier": lookup_view(status)})
