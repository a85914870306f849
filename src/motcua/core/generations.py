"""Generations of public content (:class:`motcua.core.models.Generation`): bumped by the services
that write the content, read by the page cache on every cached request (one primary-key read)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, connections, router
from django.db.models import F

from motcua.core.models import Generation
from motcua.core.rows import statement_cursor


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


def _generation_row(name: str, *, using: str) -> tuple[Any, Any] | None:
    """The stored value and moment of change of ``name``, as the database hands them back: one
    statement, its text made once and run on a kept cursor, since building it through the ORM
    cost several times the database's read of the row (on every cached page and submission)."""
    cursor = statement_cursor(connections[using])
    cursor.execute(_ROW_SQL, [name])
    row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def generation_current(*, name: str) -> Current:
    """The value of ``name`` and when it last changed; 0 and None before its first change (read
    where the router sends reads of the model, as the pages it guards are)."""
    using = router.db_for_read(Generation) or "default"
    row = _generation_row(name, using=using)
    if row is None:
        return Current(0, None)
    value, changed_at = row
    # SQLite hands the timestamp back as text: its backend converts it as the ORM would.
    db = connections[using]
    convert = getattr(db.ops, "convert_datetimefield_value", None)
    moment = changed_at if convert is None else convert(changed_at, None, db)
    return Current(int(value), moment)


def generation_mark(*, name: str) -> tuple[int, str]:
    """The value of ``name`` and the moment of its change as the primary holds them ((0, "")
    before the first change), for the per-process caches that check it on every request. The
    moment tells a committed change from a rolled-back one that a process saw with the same
    value inside its transaction."""
    row = _generation_row(name, using="default")
    return (0, "") if row is None else (int(row[0]), str(row[1]))


_ROW_SQL = "SELECT {value}, {changed} FROM {table} WHERE {name} = %s".format(  # noqa: S608
    value=connection.ops.quote_name(Generation._meta.get_field("value").column),
    changed=connection.ops.quote_name(Generation._meta.get_field("changed_at").column),
    table=connection.ops.quote_name(Generation._meta.db_table),
    name=connection.ops.quote_name(Generation._meta.get_field("name").column),
)
