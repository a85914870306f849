"""Single-row INSERTs for the hot write paths: one statement, built once per model and database.

Every dossier action appends a history row, an audit entry and an outbox row. Through the ORM
each costs a query compilation of about half a millisecond of CPU, more than the database spends
on the row; here the statement text is made once from the model's own metadata (quoted table and
column names only) and the values are prepared by each field, as ``Model.save`` prepares them.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models.fields import AutoFieldMixin


@dataclass(frozen=True)
class _Statement:
    sql: str
    fields: "tuple[models.Field[Any, Any], ...]"


_lock = threading.Lock()
_statements: dict[tuple[type[models.Model], str, tuple[str, ...]], _Statement] = {}


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(name)
    return field.column


def _statement(model: type[models.Model], alias: str, conflict: tuple[str, ...]) -> _Statement:
    key = (model, connections[alias].vendor, conflict)
    with _lock:
        known = _statements.get(key)
    if known is not None:
        return known
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Only quoted names of the model's own table and columns are formatted in; values are bound.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    if conflict:
        targets = ", ".join(quote(_column(model, name)) for name in conflict)
        sql += f" ON CONFLICT ({targets}) DO NOTHING"
    if not isinstance(meta.pk, AutoFieldMixin):
        # Its key is not made by the database: nothing to return, and the key must be inserted.
        message = f"{meta.label} has no automatic primary key"
        raise TypeError(message)
    sql += f" RETURNING {quote(meta.pk.column)}"
    statement = _Statement(sql=sql, fields=fields)
    with _lock:
        _statements[key] = statement
    return statement


def row_insert(
    instance: models.Model, *, unless_exists: Sequence[str] = (), using: str = "default"
) -> bool:
    """INSERT ``instance`` (a model with an automatic primary key) and give it its new key.

    With ``unless_exists`` (the fields of a unique constraint), a row already holding those values
    is left alone and ``False`` is returned, without an error and without a savepoint.
    PostgreSQL and SQLite (3.35 and later: ``RETURNING``) run the one statement; any other
    database goes through the ORM.
    """
    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        if unless_exists:
            created = (
                type(instance)
                ._default_manager.using(using)
                .bulk_create([instance], ignore_conflicts=True)
            )
            return bool(created and created[0].pk is not None)
        instance.save(force_insert=True, using=using)
        return True
    statement = _statement(type(instance), using, tuple(unless_exists))
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in statement.fields]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = using
    return True
