"""My dossiers (hồ sơ của tôi), supplementing when asked, and the public lookup by code."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog.models import Component, ComponentKind
from motcua.core.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from motcua.core.ratelimit import lookup_rate_hit
from motcua.dossiers import services as dossier_services
from motcua.dossiers.codes import dossier_code_canonical
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_public_status
from motcua.dossiers.services import DocumentInput
from motcua.portal.account_views import citizen_required
from motcua.portal.dossier_delivery import return_context
from motcua.portal.dossier_presenters import dossier_row, dossier_view, inbox_view, lookup_view
from motcua.portal.payment_views import fee_context
from motcua.portal.schema_forms import (
    ACCEPTED_FILES,
    document_field_name,
    problem_field,
    upload_problem,
)
from motcua.portal.selectors import my_dossiers, my_drafts, my_feedback, my_inbox

PAGE_SIZE = 20


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã hồ sơ"),
        max_length=60,
        help_text=gettext_lazy("Mã in trên giấy tiếp nhận, ví dụ 000.02.31.H26-260302-0001"),
        error_messages={"required": gettext_lazy("Vui lòng nhập mã hồ sơ.")},
        # A code is letters, digits, dots and hyphens; anything else (a "/" above all) could
        # not even be put into the address of the code's page.
        validators=[
            RegexValidator(
                r"\A[0-9A-Za-z.\-]+\Z",
                gettext_lazy("Mã hồ sơ chỉ gồm chữ cái, chữ số, dấu chấm và dấu gạch ngang."),
            )
        ],
    )

    def clean_ma(self) -> str:
        return dossier_code_canonical(self.cleaned_data["ma"])


class SupplementForm(forms.Form):
    """Bổ sung hồ sơ: the answer to the agency, and one file input per document component."""

    ghi_chu = forms.CharField(
        label=gettext_lazy("Nội dung bổ sung"),
        help_text=gettext_lazy(
            "Trả lời yêu cầu của cơ quan: thông tin đã sửa, giấy tờ đã bổ sung."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Vui lòng nhập nội dung bổ sung.")},
    )

    def __init__(self, *args: Any, components: Sequence[Component] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = [c for c in components if c.kind == ComponentKind.DOCUMENT]
        hint = _("Tệp PDF, JPEG hoặc PNG, tối đa %(size)s MB. Không bắt buộc.") % {
            "size": settings.MOTCUA_MAX_UPLOAD_BYTES // (1024 * 1024)
        }
        for component in self.documents:
            self.fields[document_field_name(component.code)] = forms.FileField(
                label=component.name,
                required=False,
                help_text=hint,
                widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for component in self.documents:
            name = document_field_name(component.code)
            upload = cleaned.get(name)
            if isinstance(upload, UploadedFile) and (problem := upload_problem(upload)):
                self.add_error(name, problem)
        return cleaned

    def file_fields(self) -> list[forms.BoundField]:
        return [self[document_field_name(c.code)] for c in self.documents]

    def uploads(self) -> list[DocumentInput]:
        """The files chosen, as ``dossier_supplement`` takes them, in the order of the page."""
        chosen: list[DocumentInput] = []
        for component in self.documents:
            upload = self.cleaned_data.get(document_field_name(component.code))
            if isinstance(upload, UploadedFile):
                chosen.append((component.code, upload.name or "", upload))
        return chosen

    def put_problems(self, problems: Sequence[FieldProblem], documents: Sequence[str]) -> None:
        """The service's problems next to the file inputs they name (else above the form)."""
        for problem in problems:
            target = problem_field(problem.path, documents, self.fields)
            if problem.path == "note":
                target = "ghi_chu"
            self.add_error(target, problem.message)


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
    first = page.number == 1
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "page": page,
            "rows": rows,
            "inbox": inbox_view(my_inbox(user=user, now=timezone.now())) if first else [],
            "drafts": my_drafts(user=user, on=timezone.localdate()) if first else [],
            "feedback": my_feedback(user=user) if first else [],
        },
    )


def _components(dossier: Dossier) -> list[Component]:
    return list(Component.objects.filter(version_id=dossier.procedure_version_id).order_by("pk"))


@citizen_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    form = SupplementForm(components=_components(dossier))
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier_view(dossier),
            "form": form,
            "version": dossier.version,
            **fee_context(dossier),
            **return_context(dossier),
        },
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
    form = SupplementForm(request.POST, request.FILES, components=_components(dossier))
    error = ""
    if form.is_valid():
        # The page was read at this version: if the dossier moved since, say so rather than act.
        if request.POST.get("phien_ban") != str(dossier.version):
            error = _("Hồ sơ vừa được cập nhật, vui lòng xem lại trước khi bổ sung.")
        else:
            uploads = form.uploads()
            try:
                dossier_services.dossier_supplement(
                    dossier=dossier,
                    actor=user,
                    at=timezone.now(),
                    note=form.cleaned_data["ghi_chu"],
                    documents=uploads,
                )
            except ValidationFailed as exc:
                error = exc.message
                form.put_problems(exc.problems, [code for code, _name, _file in uploads])
            except DomainError as exc:
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
        {
            "dossier": dossier_view(dossier),
            "form": form,
            "version": dossier.version,
            **return_context(dossier),
        },
        status=400,
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """Tra cứu hồ sơ: a field for the code; a valid code goes to its page."""
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("portal:lookup_result", code=form.cleaned_data["ma"])
    return render(request, "portal/lookup.html", {"form": form}, status=400 if form.errors else 200)


def lookup_result(request: HttpRequest, code: str) -> HttpResponse:
    """What anyone may know of a dossier from its code (the QR code on the receipt opens this).

    Limited per client address (``MOTCUA_LOOKUP_RATE``, shared with the API lookup), so codes
    cannot be enumerated; over the limit the answer says only when to come back.
    """
    limit = lookup_rate_hit(meta=request.META, now=timezone.now())
    if not limit.allowed:
        response = render(
            request, "portal/rate_limited.html", {"retry_after": limit.retry_after}, status=429
        )
        response["Retry-After"] = str(limit.retry_after)
        return response
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
