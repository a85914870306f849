"""Operating norms (định mức) and the workload they give over a period."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count

from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier, DossierChannel, DossierStatus, ReturnMethod
from motcua.reform.models import (
    NormActivity,
    OperatingNorm,
)


@dataclass
class Workload:
    """One one-stop unit's activities over a period, valued by the year's norms."""

    unit: str
    activities: dict[str, int]
    minutes: int
    cost: int
    online_saving_minutes: int
    online_saving_cost: int


#: Pages digitized per document received at the counter, where no page count is recorded.
PAGES_PER_DOCUMENT = 2


def workload(*, start: date, end: date, year: int) -> list[Workload]:
    """Workload and operating cost of each one-stop unit for dossiers received in [start, end).

    What online filing saves: for each online dossier, what the counter would have spent to guide,
    receive and digitize it, less what receiving it online costs.
    """
    norms = {n.activity: n for n in OperatingNorm.objects.filter(year=year)}

    def minutes(activity: str, n: int) -> int:
        norm = norms.get(activity)
        return norm.minutes * n if norm else 0

    def cost(activity: str, n: int) -> int:
        norm = norms.get(activity)
        return norm.cost * n if norm else 0

    dossiers = (
        Dossier.objects.filter(
            received_at__gte=datetime.combine(start, time(), LOCAL_TZ),
            received_at__lt=datetime.combine(end, time(), LOCAL_TZ),
        )
        .select_related("receiving_unit", "receiving_agency")
        .annotate(n_documents=Count("documents"))
    )
    units: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in dossiers:
        name = d.receiving_unit.name if d.receiving_unit else d.receiving_agency.name
        a = units[name]
        if d.channel == DossierChannel.ONLINE:
            a[NormActivity.RECEIVE_ONLINE] += 1
            a["online_dossiers"] += 1
            a["online_pages"] += d.n_documents * PAGES_PER_DOCUMENT
        else:
            a[NormActivity.GUIDE] += 1
            a[NormActivity.RECEIVE_COUNTER] += 1
            a[NormActivity.DIGITIZE_PAGE] += max(d.n_documents, 1) * PAGES_PER_DOCUMENT
        if d.status == DossierStatus.RETURNED:
            returns: dict[str, str] = {
                ReturnMethod.POST: NormActivity.RETURN_POST,
                ReturnMethod.ONLINE: NormActivity.RETURN_ONLINE,
            }
            key = returns.get(d.return_method, NormActivity.RETURN_COUNTER)
            a[key] += 1
    out = []
    for name, a in sorted(units.items()):
        acts = {k: v for k, v in a.items() if k in NormActivity.values}
        online = a["online_dossiers"]
        pages = a["online_pages"]
        saved_minutes = (
            minutes(NormActivity.GUIDE, online)
            + minutes(NormActivity.RECEIVE_COUNTER, online)
            + minutes(NormActivity.DIGITIZE_PAGE, pages)
            - minutes(NormActivity.RECEIVE_ONLINE, online)
        )
        saved_cost = (
            cost(NormActivity.GUIDE, online)
            + cost(NormActivity.RECEIVE_COUNTER, online)
            + cost(NormActivity.DIGITIZE_PAGE, pages)
            - cost(NormActivity.RECEIVE_ONLINE, online)
        )
        out.append(
            Workload(
                unit=name,
                activities=acts,
                minutes=sum(minutes(k, v) for k, v in acts.items()),
                cost=sum(cost(k, v) for k, v in acts.items()),
                online_saving_minutes=saved_minutes,
                online_saving_cost=saved_cost,
            )
        )
    return out


def norms_of(year: int) -> list[OperatingNorm]:
    return list(OperatingNorm.objects.filter(year=year))
