"""Public pages of the Decision 766 index (no login): ranking, one agency, definitions, exports.

No personal data and no drill-down to a dossier: only tallies are read. Counts below
``MOTCUA_REPORTING_MIN_COUNT`` are shown as "dưới N", and their rates hidden.
"""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.portal.page_cache import cached_public_page
from motcua.reporting.definitions import MEASURES, index_groups
from motcua.reporting.exports import index_rows, rows_csv, rows_xlsx
from motcua.reporting.presenters import (
    FIRST_YEAR,
    NOT_ENOUGH_DATA,
    group_cells,
    indicator_rows,
    period_from,
    points_text,
    province_from,
    trend_axes,
    trend_rows,
)
from motcua.reporting.selectors import (
    agency_index,
    agency_indexes,
    minimum_public_count,
    overall_of,
    province_choices,
    ranking,
)

RANKING_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


@cached_public_page(seconds=lambda: settings.MOTCUA_REPORTING_STALE_SECONDS)
def index_home(request: HttpRequest) -> HttpResponse:
    period, year = period_from(request.GET.get("nam", ""))
    province = province_from(request.GET.get("tinh", ""))
    today = timezone.localdate()
    minimum = minimum_public_count()
    values = agency_indexes(period, on=today, province=province)
    overall = overall_of(values)
    # Ranks are counted over every agency with enough dossiers; a page shows RANKING_PAGE rows.
    page = Paginator(ranking(values, minimum=minimum), RANKING_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "rank": rank,
            "code": value.agency.code if value.agency else "",
            "name": value.agency.name if value.agency else "",
            "total": points_text(value.total),
            "groups": [points_text(g.points) for g in value.groups],
            "received": value.counts["received"],
        }
        for rank, value in page
    ]
    context = {
        "year": year,
        "years": _years(),
        "province": province,
        "provinces": province_choices(period, on=today),
        "ranking": rows,
        "minimum": minimum,
        "not_enough": NOT_ENOUGH_DATA,
        "page": page,
        "group_names": [g.name for g in index_groups()],
        "overall_total": points_text(overall.total),
        "overall_groups": group_cells(overall),
        "overall_rows": indicator_rows(overall, minimum=minimum),
        "trend": (trend := trend_rows(period, minimum=minimum, province=province)),
        "trend_axes": trend_axes(trend),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/index_home.html", context)


def index_agency(request: HttpRequest, code: str) -> HttpResponse:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    period, year = period_from(request.GET.get("nam", ""))
    minimum = minimum_public_count()
    value = agency_index(agency, period, on=timezone.localdate())
    context = {
        "agency": agency,
        "year": year,
        "years": _years(),
        "total": points_text(value.total),
        "groups": group_cells(value),
        "rows": indicator_rows(value, minimum=minimum),
        "trend": (trend := trend_rows(period, minimum=minimum, agency_ids=(agency.pk,))),
        "trend_axes": trend_axes(trend),
    }
    return render(request, "portal/index_agency.html", context)


def index_definitions(request: HttpRequest) -> HttpResponse:
    groups = [
        {
            "code": g.code,
            "name": g.name,
            "points": points_text(g.points),
            "indicators": [
                {
                    "code": i.code,
                    "anchor": f"chi-tieu-{i.code}",
                    "name": i.name,
                    "points": points_text(i.points),
                    "definition": i.definition,
                    "numerator": [(m, MEASURES.get(m, m)) for m in i.numerator],
                    "denominator": [(m, MEASURES.get(m, m)) for m in i.denominator],
                    "confirmed": i.confirmed,
                }
                for i in g.indicators
            ],
        }
        for g in index_groups()
    ]
    return render(
        request,
        "portal/index_definitions.html",
        {"groups": groups, "minimum": minimum_public_count()},
    )


def index_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    period, year = period_from(request.GET.get("nam", ""))
    province = province_from(request.GET.get("tinh", ""))
    values = agency_indexes(period, on=timezone.localdate(), province=province)
    rows = index_rows(values, minimum=minimum_public_count())
    name = f"chi-so-766-{year}{'-' + province if province else ''}"
    if fmt == "xlsx":
        response = HttpResponse(rows_xlsx(rows, title=f"Chi so 766 {year}"), content_type=XLSX)
    else:
        response = HttpResponse(rows_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def month_label(month: date) -> str:
    return f"{month:%m/%Y}"
