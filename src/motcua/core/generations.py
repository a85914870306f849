"""Generations of public content (:class:`motcua.core.models.Generation`): bumped by the services
that write the content, read by the page cache on every cached request (one primary-key read)."""

from dataclasses import dataclass
from datetime import datetime

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


def generation_current(*, name: str) -> Current:
    """The value of ``name`` and when it last changed; 0 and None before its first change.

    Read on every cached public page, so written as the one primary-key SELECT it is: building it
    through the ORM cost as much CPU as the rest of a cached answer."""
    connection = connections[router.db_for_read(Generation) or "default"]
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL, [name])
        row = cursor.fetchone()
    if row is None:
        return Current(0, None)
    # SQLite hands the timestamp back as text: its backend converts it as the ORM would.
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return Current(row[0], row[1] if convert is None else convert(row[1], None, connection))


_CURRENT_SQL = f"SELECT value, changed_at FROM {Generation._meta.db_table} WHERE name = %s"  # noqa: S608 (the model's own table name, no input)


def generation_mark(*, name: str) -> tuple[int, str]:
    """The value of ``name`` and the moment of its change, as the database holds them ((0, "")
    before the first change), for the per-process caches that check it on every request: one
    statement, its text made once, without the ORM's compilation (which costs several times the
    database's read of the row). The moment tells a committed change from a rolled-back one that
    a process saw with the same value inside its transaction."""
    cursor = statement_cursor(connection)
    cursor.execute(_MARK_SQL, [name])
    row = cursor.fetchone()
    return (0, "") if row is None else (int(row[0]), str(row[1]))


_MARK_SQL = "SELECT {value}, {changed} FROM {table} WHERE {name} = %s".format(  # noqa: S608
    value=connection.ops.quote_name(Generation._meta.get_field("value").column),
    changed=connection.ops.quote_name(Generation._meta.get_field("changed_at").column),
    table=connection.ops.quote_name(Generation._meta.db_table),
    name=connection.ops.quote_name(Generation._meta.get_field("name").column),
)
