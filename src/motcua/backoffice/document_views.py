"""Back-office pages of digitization: scan at the counter, read and confirm, search, the rate.

Views translate the request, make one domain call and render plain data.
"""

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.models import User
from motcua.accounts.selectors import officer_roles
from motcua.backoffice.document_forms import ConfirmFieldsForm, DigitizeForm
from motcua.backoffice.selectors import officer_one_stop_unit
from motcua.core.errors import DomainError, NotFound, ValidationFailed
from motcua.documents.models import OcrStatus, StoredDocument
from motcua.documents.selectors import documents_recent_scans, documents_search, snippet
from motcua.documents.services import document_digitize, document_fields_confirm, document_open_for
from motcua.dossiers.selectors import digitization_rates
from motcua.dossiers.services import dossier_open_for

#: Results shown on the search page.
SEARCH_LIMIT = 50


def _officer(request: HttpRequest) -> User:
    return cast(User, request.user)


def _not_one_stop(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/forbidden.html",
        {"message": _("Chỉ cán bộ một cửa đang được phân công mới số hóa hồ sơ giấy tại quầy.")},
        status=403,
    )


@login_required
@require_http_methods(["GET", "POST"])
def digitize(request: HttpRequest) -> HttpResponse:
    """Số hóa hồ sơ giấy: the officer uploads a scan; it is checked and kept, and the worker
    reads it (OCR) after the answer: the request never waits for Tesseract."""
    now = timezone.now()
    officer = _officer(request)
    unit = officer_one_stop_unit(user=officer, on=timezone.localdate(now))
    if unit is None:
        return _not_one_stop(request)
    status = 200
    if request.method == "POST":
        form = DigitizeForm(request.POST, request.FILES)
        if form.is_valid():
            reference = form.cleaned_data["reference"].strip()
            upload = form.cleaned_data["file"]
            try:
                if reference:
                    # The code must name a dossier this officer may see (the read is audited).
                    dossier_open_for(user=officer, code=reference, at=now, purpose="digitize")
                document = document_digitize(
                    agency=unit.agency,
                    reference=reference,
                    document_type=form.cleaned_data["document_type"],
                    name=upload.name or "",
                    data=b"".join(upload.chunks()),
                    actor=officer,
                    at=now,
                )
            except NotFound:
                form.add_error(
                    "reference", _("Không tìm thấy hồ sơ có mã này trong cơ quan của bạn.")
                )
            except ValidationFailed as error:
                form.add_problems(list(error.problems))
                if not error.problems:
                    form.add_error(None, error.message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Đã số hóa và lưu bản quét; văn bản đang được nhận dạng.")
                )
                return redirect("backoffice:digitized_document", pk=document.pk)
        status = 400
    else:
        form = DigitizeForm(initial={"reference": request.GET.get("ho_so", "")})
    recent = documents_recent_scans(user=officer, on=timezone.localdate(now))
    return render(
        request,
        "backoffice/digitize.html",
        {"form": form, "unit": unit, "recent": recent},
        status=status,
    )


def _initial(document: StoredDocument) -> dict[str, str]:
    initial: dict[str, str] = {}
    for field, value in document.confirmed_fields.items():
        initial[field] = str(value.get("value", ""))
    ids = document.extracted.get("personal_id") or []
    dates = document.extracted.get("dates") or []
    initial.setdefault("personal_id", ids[0] if ids else "")
    if dates and "document_date" not in initial:
        initial["document_date"] = date.fromisoformat(dates[0]).strftime("%d/%m/%Y")
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def digitized_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan's text and the fields read from it; the officer confirms or corrects them."""
    now = timezone.now()
    officer = _officer(request)
    try:
        document = document_open_for(user=officer, pk=pk, at=now, purpose="digitized_document")
    except NotFound as error:
        raise Http404(error.message) from error
    status = 200
    if request.method == "POST":
        form = ConfirmFieldsForm(request.POST)
        if form.is_valid():
            try:
                document = document_fields_confirm(
                    document=document, values=form.cleaned_data, actor=officer, at=now
                )
            except ValidationFailed as error:
                form.add_problems(list(error.problems))
            else:
                messages.success(request, _("Đã xác nhận thông tin từ bản quét."))
                return redirect("backoffice:digitized_document", pk=document.pk)
        status = 400
    else:
        form = ConfirmFieldsForm(initial=_initial(document))
    confirmed = [
        {"label": form.fields[name].label, **value}
        for name, value in document.confirmed_fields.items()
        if name in form.fields
    ]
    return render(
        request,
        "backoffice/digitized_document.html",
        {
            "document": document,
            "form": form,
            "confirmed": confirmed,
            "ocr_pending": document.ocr_status == OcrStatus.PENDING,
            "ocr_failed": document.ocr_status == OcrStatus.FAILED,
        },
        status=status,
    )


@login_required
@require_GET
def digitized_file(request: HttpRequest, pk: int) -> FileResponse:
    """The searchable PDF of a scan (or the original when there is none), scoped and audited."""
    try:
        document = document_open_for(
            user=_officer(request), pk=pk, at=timezone.now(), purpose="file"
        )
    except NotFound as error:
        raise Http404(error.message) from error
    if document.searchable_file:
        name, content_type = document.searchable_file.name, "application/pdf"
        filename = f"{document.original_name.rsplit('.', 1)[0]}-ocr.pdf"
    else:
        name, content_type = document.file.name, document.content_type
        filename = document.original_name
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )


@login_required
@require_GET
def document_search(request: HttpRequest) -> HttpResponse:
    """Tìm giấy tờ đã số hóa by a word of its text; accents may be left out."""
    query = request.GET.get("q", "").strip()
    found = (
        documents_search(user=_officer(request), query=query, on=timezone.localdate())[
            :SEARCH_LIMIT
        ]
        if query
        else []
    )
    results = [{"document": d, "snippet": snippet(d.ocr_text, query)} for d in found]
    return render(request, "backoffice/document_search.html", {"query": query, "results": results})


@login_required
@require_GET
def digitization_rate(request: HttpRequest) -> HttpResponse:
    """Tỷ lệ số hóa of the officer's agencies, per month, this year."""
    today = timezone.localdate()
    agency_ids = sorted({a.agency_id for a in officer_roles(user=_officer(request), on=today)})
    rates = digitization_rates(agency_ids=agency_ids, since=date(today.year, 1, 1), until=today)
    return render(
        request, "backoffice/digitization_rate.html", {"rates": rates, "year": today.year}
    )
