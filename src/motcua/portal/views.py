"""Public pages: translate the request, make one catalogue call, render plain data."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.fees import local_fee_texts
from motcua.catalog.models import ComponentKind
from motcua.catalog.selectors import (
    fields_list,
    procedure_search,
    procedure_version_current,
    procedure_version_detail,
)
from motcua.core.errors import NotFound
from motcua.portal.forms import ProcedureSearchForm
from motcua.portal.page_cache import cached_public_page
from motcua.portal.presenters import procedure_page, procedure_summary
from motcua.portal.selectors import offices


def home(request: HttpRequest) -> HttpResponse:
    fields = [{"code": f.code, "name": f.name} for f in fields_list()]
    return render(request, "portal/home.html", {"fields": fields})


@cached_public_page()
def procedure_list(request: HttpRequest) -> HttpResponse:
    """Tra cứu thủ tục hành chính: search text and filters, paginated."""
    on = timezone.localdate()
    form = ProcedureSearchForm(request.GET or None)
    # An unknown filter value (an old link, a hand-edited URL) is shown as an error next to its
    # field, and the list falls back to every procedure rather than to nothing.
    versions = procedure_search(on=on, **form.filters())
    paginator = Paginator(versions, settings.MOTCUA_PUBLIC_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # One query for every result's fee rules and legal basis, not one per result.
    prefetch_related_objects(list(page.object_list), "fees", "legal_basis")
    results = [procedure_summary(version, on=on) for version in page.object_list]
    return render(
        request,
        "portal/procedure_list.html",
        {"form": form, "page": page, "results": results, "count": paginator.count},
    )


@cached_public_page()
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    on = timezone.localdate()
    try:
        version = procedure_version_current(code=code, on=on)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    page = procedure_page(version=procedure_version_detail(version=version), on=on)
    return render(
        request,
        "portal/procedure_detail.html",
        {"procedure": page, "local_fees": local_fee_texts(version=version, on=on)},
    )


def procedure_form_pdf(request: HttpRequest, code: str, component: str) -> HttpResponse:
    """The blank official template of one of the procedure's forms, for paper filing."""
    # reportlab is loaded by the first blank form asked for, not by every web worker at start.
    from motcua.dossiers.paper.blank_form import blank_form_pdf

    try:
        version = procedure_version_current(code=code, on=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = version.components.filter(code=component, kind=ComponentKind.FORM).first()
    if form is None or not form.schema:
        raise Http404(_("Thủ tục này không có tờ khai mã %(code)s.") % {"code": component})
    pdf = blank_form_pdf(
        schema=form.schema,
        title=str(form.schema.get("title") or form.name),
        procedure_code=version.code,
        procedure_name=version.name,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{version.code}-{form.code}.pdf"'
    return response


def office_list(request: HttpRequest) -> HttpResponse:
    """Nơi nộp hồ sơ: every one-stop unit with its address, hours, phone and a map link."""
    query = request.GET.get("q", "")[:100]
    found = offices(on=timezone.localdate(), query=query)
    return render(request, "portal/offices.html", {"offices": found, "query": query})
