"""Run inside the cluster's environment after the kill test's load (``python -m
tests.cluster.check``, its question as JSON on stdin): drain the outbox as a worker that comes after
the dead one's lease would, then print, as one JSON line, what the test asserts.

The dead worker's claimed rows stay ``running`` for :data:`motcua.core.outbox.LEASE` (5 minutes);
rather than wait, the drain moves its clock past the lease, as the sweeper will."""

import json
import os
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import django


def _tallies() -> list[tuple[Any, ...]]:
    from motcua.reporting.models import ReportRollup, ReportStepTally, ReportTally

    rows: list[tuple[Any, ...]] = []
    for model, fields in (
        (ReportTally, ("agency_id", "procedure_code", "month", "measure", "count")),
        (ReportStepTally, ("agency_id", "officer_id", "month", "outcome", "count")),
        (ReportRollup, ("province", "procedure_code", "month", "measure", "count")),
    ):
        rows += [
            (model.__name__, *(str(v) for v in row)) for row in model.objects.values_list(*fields)
        ]
    return sorted(rows)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.production")
    django.setup()
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from motcua.core.models import OutboxDelivery, OutboxMessage, OutboxStatus
    from motcua.core.outbox import LEASE, outbox_run_due, outbox_sweep, registered_handlers
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.workflow import Action
    from motcua.reporting.aggregates import reporting_rebuild

    question = json.load(sys.stdin)
    since = datetime.fromisoformat(question["since"])
    later = timezone.now() + LEASE + timedelta(seconds=1)
    swept = outbox_sweep(now=later)
    messages = OutboxMessage.objects.filter(created_at__gte=since)
    for _try in range(120):  # the live worker may still be running its last rows
        outbox_run_due(now=later, limit=500)
        if not messages.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.RUNNING]).exists():
            break
        time.sleep(0.5)
    deliveries = OutboxDelivery.objects.filter(message__in=messages)
    expected_deliveries = sum(
        len(registered_handlers(topic)) for topic in messages.values_list("topic", flat=True)
    )
    moved = Counter(
        DossierEvent.objects.filter(
            dossier__code__in=question["transitioned"],
            action=Action.COMPLETE_STEP,
            at__gte=since,
        ).values_list("dossier__code", flat=True)
    )
    incremental = _tallies()
    with transaction.atomic():
        reporting_rebuild()
        rebuilt = _tallies()
        transaction.set_rollback(True)
    print(  # noqa: T201 - the parent test reads it
        json.dumps(
            {
                "new_codes": list(
                    Dossier.objects.filter(pk__gt=question["highest_pk"]).values_list(
                        "code", flat=True
                    )
                ),
                "all_codes": list(Dossier.objects.values_list("code", flat=True)),
                "moved": moved,
                "swept": swept,
                "messages": dict(
                    Counter(
                        f"{topic} {status}"
                        for topic, status in messages.values_list("topic", "status")
                    )
                ),
                "deliveries": dict(Counter(deliveries.values_list("status", flat=True))),
                "expected_deliveries": expected_deliveries,
                "delivery_doubles": deliveries.values("message", "handler")
                .annotate(n=Count("id"))
                .filter(n__gt=1)
                .count(),
                "tallies_agree": incremental == rebuilt,
                "tallies": len(incremental),
            }
        )
    )


if __name__ == "__main__":
    main()
