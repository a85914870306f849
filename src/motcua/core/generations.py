"""Generations of public content (:class:`motcua.core.models.Generation`): bumped by the services
that write the content, read by the page cache on every cached request (one primary-key read)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F

from motcua.core.models import Generation


@dataclass(frozen=True)
class Current:
    value: int
    changed_at: datetime | None


def generation_bump(*, name: str, at: datetime) -> None:
    """Count one change of ``name``, inside the caller's transaction (its row stays locked until
    the change commits, so two changes never share a value)."""
    if not Generation.objects.filter(name=name).update(value=F("value") + 1, changed_at=at):
        Generation.objects.bulk_create(
            [Generation(name=name, value=0, changed_at=at)], ignore_conflicts=True
        )
        Generation.objects.filter(name=name).update(value=F("value") + 1, changed_at=at)


def generation_current(*, name: str) -> Current:
    """The value of ``name`` and when it last changed; 0 and None before its first change."""
    row = Generation.objects.filter(name=name).values_list("value", "changed_at").first()
    return Current(0, None) if row is None else Current(row[0], row[1])
