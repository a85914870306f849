"""The statements the officers' lists sent before they read by branches, for the figures only.

Rebuilt from the querysets they used (one OR of the visibility rule or of the queue's three
sources, offset pages, exact counts), compiled to SQL with their values.
"""

from datetime import datetime, time, timedelta
from typing import Any, cast

from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import officer_roles
from motcua.dossiers.models import Dossier, DossierApology, DossierConsultation, DossierStatus
from motcua.dossiers.selectors import OPEN_STATUSES, dossiers_visible_to, work_queue


def _sql(queryset: QuerySet[Dossier, Any]) -> str:
    sql, params = queryset.query.sql_with_params()
    operations = cast(DatabaseOperations, connection.ops)  # the tests that use it are PostgreSQL's
    return str(operations.compose_sql(sql, params))


def _count(queryset: QuerySet[Dossier]) -> str:
    return f"SELECT COUNT(*) FROM ({_sql(queryset.order_by().values('pk'))}) AS counted"  # noqa: S608


def api_list(*, user: User, now: datetime) -> list[str]:
    dossiers = dossiers_visible_to(user=user, on=timezone.localdate(now))
    return [_count(dossiers), _sql(dossiers.order_by("-received_at", "code")[:20])]


def my_dossiers(*, user: User, now: datetime) -> list[str]:
    dossiers = dossiers_visible_to(user=user, on=timezone.localdate(now)).filter(
        applicant__user=user
    )
    return [_count(dossiers), _sql(dossiers.order_by("-received_at")[:20])]


def queue(*, user: User, now: datetime) -> list[str]:
    day = timezone.localdate(now)
    dossiers = work_queue(user=user, on=now)
    pending = Exists(
        DossierApology.objects.filter(dossier_id=OuterRef("pk"), approved_at__isnull=True)
    )
    roles = officer_roles(user=user, on=day)
    led = [a.agency_id for a in roles if a.role == Role.LEADER]
    if led:
        dossiers = dossiers | Dossier.objects.filter(
            pending, status__in=OPEN_STATUSES, competent_agency_id__in=led, rescheduled_once=False
        )
    held = [a.agency_id for a in roles]
    asked = Exists(
        DossierConsultation.objects.filter(
            dossier_id=OuterRef("pk"), agency_id__in=held, answered_at__isnull=True
        )
    )
    if held:
        dossiers = dossiers | Dossier.objects.filter(
            asked, status__in=[*OPEN_STATUSES, DossierStatus.SUPPLEMENT_REQUESTED]
        )
    dossiers = dossiers.annotate(apology_pending=pending, consultation_pending=asked)
    start = timezone.make_aware(datetime.combine(day, time.min))
    late_q = Q(due_at__lt=now) | Q(step_due_at__lt=now)
    due_today = dossiers.exclude(late_q).filter(
        due_at__gte=start, due_at__lt=start + timedelta(days=1)
    )
    return [
        _count(dossiers.filter(late_q)),
        _count(due_today),
        _count(dossiers),
        _sql(dossiers[:25]),
    ]
