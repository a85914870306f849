"""Figures read from the database at scrape time: the outbox's depth and age, and the replica's
lag. They are gauges of the shared state, the same whichever node is scraped."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Min
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.ops.replica import replica_state


class OutboxCollector(Collector):
    """Rows waiting, running and failed; the age of the oldest row due and not yet taken (the
    backlog a stopped or slow worker leaves)."""

    def __init__(self, *, now: datetime) -> None:
        self.now = now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        open_rows = OutboxMessage.objects.exclude(status=OutboxStatus.DONE)
        by_status = dict(
            open_rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        depth = GaugeMetricFamily(
            "motcua_outbox_rows", "Outbox rows not done, by status.", labels=["status"]
        )
        for status in (OutboxStatus.PENDING, OutboxStatus.RUNNING, OutboxStatus.FAILED):
            depth.add_metric([str(status)], by_status.get(status, 0))
        yield depth
        oldest = OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, available_at__lte=self.now
        ).aggregate(oldest=Min("available_at"))["oldest"]
        age = (self.now - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "motcua_outbox_oldest_due_seconds",
            "Seconds the oldest due outbox row has waited for a worker (0: none waiting).",
            value=max(age, 0.0),
        )


class ReplicaCollector(Collector):
    """The replica's lag, and whether it answers; nothing when no replica is configured."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        state = replica_state(fresh=True)
        if state is None:
            return
        yield GaugeMetricFamily(
            "motcua_replica_up", "1 when the read replica answers, else 0.", value=int(state.up)
        )
        if state.up:
            yield GaugeMetricFamily(
                "motcua_replica_lag_seconds",
                "Seconds of the primary's changes the read replica has not replayed yet.",
                value=state.lag_seconds,
            )
