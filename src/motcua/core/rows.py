"""Single-row statements for the hot write paths, each built once per model and database.

Every dossier action locks the dossier row, updates it, and appends a history row, an audit entry
and an outbox row. Through the ORM each statement costs a query compilation of about half a
millisecond of CPU, more than the database spends on the row. Here the statement text is made
once, from the model's own metadata (quoted table and column names only) or by the ORM's own
compiler, and each call binds its values: prepared by each field as ``Model.save`` prepares them,
and read back through the same converters as a queryset.
"""

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.db.models.fields import AutoFieldMixin

# Not in the type stubs: the ORM's own maker of the related rows, as its iterator uses it.
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError

_FAST_VENDORS = frozenset({"postgresql", "sqlite"})

_cursors: "weakref.WeakKeyDictionary[BaseDatabaseWrapper, tuple[bool, CursorWrapper]]" = (
    weakref.WeakKeyDictionary()
)


def statement_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor of ``connection`` kept for the one-statement reads and writes of the hot paths.

    Making a cursor costs about a third of running a short statement, and a dossier action runs
    several of them. The cursor is made again when the connection was opened again, or when its
    query logging was switched (a test capturing queries, ``DEBUG``), so that every statement
    still goes through Django's wrappers and error translation. Statements run one at a time and
    each result is read before the next, so the kept cursor holds nothing between them.
    """
    connection = connections[connection.alias]  # the thread's own wrapper, not a proxy to it
    connection.ensure_connection()
    logged = connection.queries_logged
    known = _cursors.get(connection)
    if known is not None:
        was_logged, cursor = known
        if was_logged == logged and cursor.cursor.connection is connection.connection:
            return cursor
    cursor = connection.cursor()
    _cursors[connection] = (logged, cursor)
    return cursor


@dataclass(frozen=True)
class _Statement:
    sql: str
    fields: "tuple[models.Field[Any, Any], ...]"
    #: Per field: its ``pre_save`` only reads the attribute (no ``auto_now``, no file to commit).
    plain: tuple[bool, ...] = ()

    def values(self, instance: models.Model, *, add: bool, connection: Any) -> list[Any]:
        """The field values of ``instance`` as ``save`` prepares them for this database."""
        return [
            field.get_db_prep_save(
                getattr(instance, field.attname) if plain else field.pre_save(instance, add),
                connection,
            )
            for field, plain in zip(self.fields, self.plain, strict=True)
        ]


def _plain(fields: "Sequence[models.Field[Any, Any]]") -> tuple[bool, ...]:
    return tuple(
        not (field.auto_now or field.auto_now_add)
        if isinstance(field, models.DateField)
        else type(field).pre_save is models.Field.pre_save
        for field in fields
    )


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
    statement = _Statement(sql=sql, fields=fields, plain=_plain(fields))
    with _lock:
        _statements[key] = statement
    return statement


@dataclass(frozen=True)
class Write:
    """A write carried along another (``row_insert``'s ``along``): its SQL and parameters, and,
    for an ``INSERT`` of :func:`row_insert_write`, the instance that is given the new row's key
    (``RETURNING``) once the write ran; its key stays ``None`` when ``unless_exists`` left an
    existing row alone."""

    sql: str
    params: Sequence[Any]
    inserted: models.Model | None = None


def row_insert_write(
    instance: models.Model, *, unless_exists: Sequence[str] = (), using: str = "default"
) -> Write | None:
    """The ``INSERT`` of :func:`row_insert` as a :class:`Write`, not run: to be carried ``along``
    another insert, which gives ``instance`` its key as :func:`row_insert` would. ``None`` on a
    database without the one-statement writes."""
    connection = connections[using]
    if connection.vendor not in _FAST_VENDORS:
        return None
    statement = _statement(type(instance), using, tuple(unless_exists))
    params = statement.values(instance, add=True, connection=connection)
    return Write(statement.sql, params, inserted=instance)


def _keyed(instance: models.Model, pk: Any, using: str) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using


def _run_alone(cursor: CursorWrapper, write: Write, using: str) -> None:
    cursor.execute(write.sql, write.params)
    if write.inserted is not None:
        row = cursor.fetchone()
        if row is not None:
            _keyed(write.inserted, row[0], using)


def along_execute(
    sql: str, params: Sequence[Any], *, along: Sequence[Write], using: str = "default"
) -> tuple[Any, ...] | None:
    """Run ``sql`` (one statement that returns at most one row, ``RETURNING`` say) after the
    ``along`` writes and return its row, or ``None``; each along ``INSERT`` gives its instance its
    key (:class:`Write`).

    On PostgreSQL all go in one statement, the writes as ``WITH`` queries (PostgreSQL runs each
    once and to completion); when an along ``INSERT`` is to give a key, the statement ends in a
    ``SELECT`` of ``sql``'s row beside those keys, one row even when ``sql`` returned none. On
    another database the writes run first, one after another."""
    connection = connections[using]
    cursor = statement_cursor(connection)
    if connection.vendor != "postgresql" or not along:
        for write in along:
            _run_alone(cursor, write, using)
        cursor.execute(sql, params)
        found = cursor.fetchone()
        return tuple(found) if found is not None else None
    writes = [
        f"along{i}(key) AS ({w.sql})" if w.inserted is not None else f"along{i} AS ({w.sql})"
        for i, w in enumerate(along)
    ]
    keyed = [i for i, w in enumerate(along) if w.inserted is not None]
    values = [value for write in along for value in write.params]
    if not keyed:
        cursor.execute(f"WITH {', '.join(writes)} {sql}", [*values, *params])
        found = cursor.fetchone()
        return tuple(found) if found is not None else None
    # Only the caller's statements and names made here are formatted in; values are bound.
    keys = ", ".join(f"(SELECT key FROM along{i})" for i in keyed)  # noqa: S608
    cursor.execute(
        f"WITH {', '.join(writes)}, main AS ({sql}) "  # noqa: S608
        f"SELECT {keys}, main.* FROM (SELECT 1) AS one LEFT JOIN main ON TRUE",
        [*values, *params],
    )
    row = cursor.fetchone()
    for i, pk in zip(keyed, row[: len(keyed)], strict=True):
        made = along[i].inserted
        if pk is not None and made is not None:
            _keyed(made, pk, using)
    rest = tuple(row[len(keyed) :])
    return None if all(value is None for value in rest) else rest


def row_insert(
    instance: models.Model,
    *,
    unless_exists: Sequence[str] = (),
    using: str = "default",
    along: Sequence[Write] = (),
) -> bool:
    """INSERT ``instance`` (a model with an automatic primary key) and give it its new key.

    With ``unless_exists`` (the fields of a unique constraint), a row already holding those values
    is left alone and ``False`` is returned, without an error and without a savepoint.
    PostgreSQL and SQLite (3.35 and later: ``RETURNING``) run the one statement; any other
    database goes through the ORM.

    ``along``: other writes (an ``UPDATE`` or ``INSERT`` of another table:
    :func:`row_update_write`, :func:`row_insert_write`), run first; on PostgreSQL in the same
    statement, as ``WITH`` queries (PostgreSQL runs each such write once and to completion),
    which saves a round trip to the server per write. An along ``INSERT`` gives its instance
    its key, as this insert does.
    """
    connection = connections[using]
    if connection.vendor not in _FAST_VENDORS:
        for write in along:
            _run_alone(statement_cursor(connection), write, using)
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
    params = statement.values(instance, add=True, connection=connection)
    row = along_execute(statement.sql, params, along=along, using=using)
    if row is None:
        return False
    _keyed(instance, row[0], using)
    return True


@dataclass(frozen=True)
class _Compiled:
    sql: str
    #: The compiled parameters, the key's place among them, and whether the rows are locked.
    params: tuple[Any, ...]
    position: int
    locks: bool
    #: (position, converters, expression) of each column whose value the backend or the field
    #: converts, as the compiler's ``apply_converters`` does.
    converters: "Converters"
    #: For a queryset of model instances: what the compiler tells the ORM's iterator of the
    #: columns (the model's own, then those of each relation ``select_related`` joins).
    klass_info: dict[str, Any] | None = None
    select: tuple[Any, ...] = ()


#: The key a statement is compiled with, bound to the real one at each call: in the range of every
#: integer column, and unlike any value a query is written with.
_NO_KEY = 2_147_480_647
#: The same for a text key (a dossier code, a token): no code or token has a control character.
NO_TEXT_KEY = "\x1fkeyed-query-stand-in\x1f"

M = TypeVar("M", bound=models.Model)


class KeyedQuery:
    """A read that varies by one key only (an integer, or a text with ``stand_in=NO_TEXT_KEY``),
    compiled once per database by the ORM.

    ``build(key)`` returns the queryset; it is compiled once with the stand-in key, and each call
    of :meth:`rows` (a ``values_list`` queryset) or :meth:`instances` (a queryset of model
    instances, ``select_related`` included) runs that SQL with the real key bound in its place (the
    query's other values stay as compiled) and converts the values as the queryset would. A
    queryset whose SQL does not bind the key exactly once is run through the ORM.
    """

    def __init__(
        self, build: "Callable[[Any], QuerySet[Any, Any]]", *, stand_in: int | str = _NO_KEY
    ) -> None:
        self.build = build
        self.stand_in = stand_in
        self._compiled: dict[str, _Compiled | None] = {}
        self._populators: dict[str, Populators] = {}

    def compiled(self, using: str) -> _Compiled | None:
        vendor = connections[using].vendor
        with _lock:
            if vendor in self._compiled:
                return self._compiled[vendor]
        compiled: _Compiled | None = None
        if vendor in _FAST_VENDORS:
            queryset = self.build(self.stand_in)
            compiler = queryset.query.get_compiler(using=using)
            try:
                sql, params = compiler.as_sql()
            except (EmptyResultSet, FullResultSet):
                sql, params = "", ()
            positions = [
                i
                for i, value in enumerate(params)
                # an integer may come wrapped for the backend (a subclass of int)
                if isinstance(value, type(self.stand_in)) and value == self.stand_in
            ]
            if len(positions) == 1:
                converters = converters_of(compiler)
                locks = bool(compiler.query.select_for_update)
                compiled = _Compiled(
                    sql,
                    tuple(params),
                    positions[0],
                    locks,
                    converters,
                    compiler.klass_info if queryset._iterable_class is ModelIterable else None,
                    tuple(compiler.select),
                )
        with _lock:
            self._compiled[vendor] = compiled
        return compiled

    def rows(self, key: Any, *, using: str = "default") -> list[tuple[Any, ...]]:
        """The rows for ``key``: tuples of the selected columns, converted."""
        compiled = self.compiled(using)
        if compiled is None:
            return [tuple(row) for row in self.build(key).using(using)]
        return self._run(compiled, key, using)

    def instances(self, key: Any, *, using: str = "default") -> list[Any]:
        """The model instances for ``key``, with the related rows ``select_related`` reads, as
        the ORM's iterator makes them."""
        compiled = self.compiled(using)
        if compiled is None or compiled.klass_info is None:
            return list(self.build(key).using(using))
        fetched = self._run(compiled, key, using)
        with _lock:
            populators = self._populators.get(using)
        if populators is None:
            populators = populators_of(compiled.klass_info, compiled.select, using)
            with _lock:
                self._populators[using] = populators
        return instances_of(fetched, populators, using)

    def _run(self, compiled: _Compiled, key: Any, using: str) -> list[tuple[Any, ...]]:
        connection = connections[using]
        if (
            compiled.locks
            and connection.get_autocommit()
            and connection.features.has_select_for_update
        ):
            message = "select_for_update cannot be used outside of a transaction."
            raise TransactionManagementError(message)
        params = list(compiled.params)
        params[compiled.position] = key
        cursor = statement_cursor(connection)
        cursor.execute(compiled.sql, params)
        return converted(cursor.fetchall(), compiled.converters, connection)


#: How the ORM's iterator makes a model instance and its ``select_related`` relations from a row:
#: the model, the attributes of its columns, where they are in the row, the relations' makers.
Populators = tuple[Any, list[str], int, int, list[Any]]


def populators_of(klass_info: dict[str, Any], select: Sequence[Any], using: str) -> Populators:
    """The :data:`Populators` of a compiled model query (its ``klass_info`` and ``select``)."""
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, list(select), using)
    return (klass_info["model"], init_list, start, end, populators)


def instances_of(fetched: Sequence[Sequence[Any]], populators: Populators, using: str) -> list[Any]:
    """The model instances of ``fetched`` (converted rows), as the ORM's iterator makes them."""
    model, init_list, start, end, related = populators
    made = []
    for row in fetched:
        instance = model.from_db(using, init_list, row[start:end])
        for populator in related:
            populator.populate(row, instance)
        made.append(instance)
    return made


#: (position, converter functions, expression) of each selected column that the backend or its
#: field converts, as the compiler's ``apply_converters`` reads them.
Converters = tuple[tuple[int, list[Any], Any], ...]


def converters_of(compiler: Any) -> Converters:
    """The converters of the columns ``compiler`` (already set up) selects."""
    columns = [column for column, _, _ in compiler.select]
    return tuple(
        (position, list(functions), expression)
        for position, (functions, expression) in compiler.get_converters(columns).items()
    )


def converted(
    fetched: Sequence[Sequence[Any]], converters: Converters, connection: BaseDatabaseWrapper
) -> list[tuple[Any, ...]]:
    """``fetched`` read back through ``converters``, with this thread's ``connection`` (not the
    one the statement was compiled with)."""
    if not converters:
        return [tuple(row) for row in fetched]
    rows = []
    for row in fetched:
        values = list(row)
        for position, functions, expression in converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        rows.append(tuple(values))
    return rows


_lock_queries: dict[type[models.Model], KeyedQuery] = {}


def row_lock(model: type[M], pk: int, *, using: str = "default") -> M | None:
    """The row of ``model`` with the integer key ``pk``, read and locked until the transaction
    ends (``select_for_update().filter(pk=pk).first()``, without compiling the query again), or
    ``None``. Only the row's own columns are read: no relation is joined or cached."""
    with _lock:
        query = _lock_queries.get(model)
        if query is None:
            query = _lock_queries[model] = KeyedQuery(
                lambda key: model._default_manager.select_for_update().filter(pk=key)
            )
    if query.compiled(using) is None:
        return model._default_manager.using(using).select_for_update().filter(pk=pk).first()
    rows = query.rows(pk, using=using)
    if not rows:
        return None
    attnames = [f.attname for f in model._meta.concrete_fields]
    return model.from_db(using, attnames, rows[0])


_updates: dict[tuple[type[models.Model], str, tuple[str, ...]], _Statement] = {}


def _update_statement(model: type[models.Model], alias: str, names: tuple[str, ...]) -> _Statement:
    key = (model, connections[alias].vendor, names)
    with _lock:
        known = _updates.get(key)
    if known is not None:
        return known
    quote = connections[alias].ops.quote_name
    meta = model._meta
    fields = []
    for name in names:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.concrete or field.primary_key:
            raise TypeError(name)
        fields.append(field)
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Only quoted names of the model's own table and columns are formatted in; values are bound.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    statement = _Statement(sql=sql, fields=tuple(fields), plain=_plain(fields))
    with _lock:
        _updates[key] = statement
    return statement


def row_update_write(
    instance: models.Model, fields: Sequence[str], *, using: str = "default"
) -> Write | None:
    """The ``UPDATE`` of :func:`row_update` as a :class:`Write`, not run: to be carried
    ``along`` another write by :func:`row_insert` (one round trip for both). ``None`` on a
    database without the one-statement writes: there the caller runs :func:`row_update`."""
    connection = connections[using]
    if connection.vendor not in _FAST_VENDORS:
        return None
    statement = _update_statement(type(instance), using, tuple(fields))
    params = statement.values(instance, add=False, connection=connection)
    params.append(instance._meta.pk.get_db_prep_value(instance.pk, connection))
    return Write(statement.sql, params)


def row_update(instance: models.Model, fields: Sequence[str], *, using: str = "default") -> int:
    """Write the ``fields`` (attribute names) of ``instance`` to its row, as
    ``save(update_fields=...)`` does, in one statement built once; the number of rows written."""
    write = row_update_write(instance, fields, using=using)
    if write is None:
        instance.save(update_fields=fields, using=using)
        return 1
    cursor = statement_cursor(connections[using])
    cursor.execute(write.sql, write.params)
    return int(cursor.rowcount)
