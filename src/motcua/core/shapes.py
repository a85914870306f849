"""Reads whose SQL depends on a few choices (their shape) and otherwise only on values, compiled
once per shape in each process.

An officer's list is a handful of statements whose text follows from who asks (the queues they
hold, their agencies) and which filters are set; the moment, the filter values and the cursor
are parameters. The ORM compiles such a statement anew on every request, and compiling costs
more CPU than PostgreSQL spends answering it. :class:`ShapedQuery` builds the statement for a
shape once with stand-in values, finds where each value went among the parameters, and binds the
real values there on every later call, as :class:`motcua.core.rows.KeyedQuery` does for one key.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from motcua.core.rows import (
    Converters,
    Populators,
    converted,
    converters_of,
    instances_of,
    populators_of,
    statement_cursor,
)


@dataclass(frozen=True)
class Statement:
    """SQL with its parameters, and how to read its columns back as the ORM would."""

    sql: str
    params: tuple[Any, ...]
    converters: Converters = ()
    #: For a queryset of model instances: what its compiler tells the ORM's iterator.
    klass_info: dict[str, Any] | None = None
    select: tuple[Any, ...] = ()


def queryset_statement(queryset: QuerySet[Any, Any], *, using: str = "default") -> Statement | None:
    """The statement of a queryset (of ``values_list`` tuples, or of model instances);
    ``None`` when it can match nothing."""
    compiler = queryset.query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    models = queryset._iterable_class is ModelIterable
    return Statement(
        sql,
        tuple(params),
        converters_of(compiler),
        compiler.klass_info if models else None,
        tuple(compiler.select) if models else (),
    )


def statement_rows(statement: Statement, *, using: str = "default") -> list[tuple[Any, ...]]:
    """The rows of ``statement``, converted."""
    connection = connections[using]
    cursor = statement_cursor(connection)
    cursor.execute(statement.sql, statement.params)
    return converted(cursor.fetchall(), statement.converters, connection)


#: Builds the statement of one shape from its values (real ones, or stand-ins).
Build = Callable[[tuple[Any, ...]], Statement | None]


@dataclass(frozen=True)
class _Shaped:
    statement: Statement | None  # None: the shape reads nothing
    #: (position among the parameters, index of the value bound there)
    slots: tuple[tuple[int, int], ...]
    populators: Populators | None = None
    #: How many values the shape takes: a call with another count is a shape left out of the key.
    arity: int = -1


#: A shape whose values do not land in its parameters as given (a value formatted into a LIKE
#: pattern, say): built with the real values on every call.
_UNSHAPED = _Shaped(statement=None, slots=((-1, -1),))

#: Stand-ins: in the range of an integer column, and unlike any value a list is asked with.
_INT_BASE = 2_147_400_000
_MOMENT_BASE = datetime(1901, 1, 1, tzinfo=UTC)
_DAY_BASE = date(1901, 1, 1)


def _stand_in(value: Any, index: int, turn: int) -> Any:
    step = 2 * index + turn
    if isinstance(value, bool) or value is None:
        # True and False, like None, change a statement's text: they belong to its shape.
        message = f"value {index} of a shape is {value!r}: put it in the shape"
        raise TypeError(message)
    if isinstance(value, int):
        return _INT_BASE + step
    if isinstance(value, str):
        return f"\x1fshape-stand-in-{step}\x1f"
    if isinstance(value, datetime):
        return _MOMENT_BASE + timedelta(seconds=step)
    if isinstance(value, date):
        return _DAY_BASE + timedelta(days=step)
    message = f"value {index} of a shape is a {type(value).__name__}"
    raise TypeError(message)


def _prepared(value: Any, connection: BaseDatabaseWrapper) -> Any:
    """``value`` as the ORM binds it for a column of its type (SQLite keeps moments as text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _slot(param: Any, marks: Sequence[Any]) -> int | None:
    for index, mark in enumerate(marks):
        if isinstance(param, type(mark)) and not isinstance(param, bool) and param == mark:
            return index
    return None


def _shaped(build: Build, values: Sequence[Any], connection: BaseDatabaseWrapper) -> _Shaped:
    """The statement of a shape and the places of its values, from two builds with two sets of
    stand-ins: every parameter either carries a value in both at the same place, or is the same
    in both. Anything else (a value transformed on its way in) leaves the shape unshaped."""
    turns = [[_stand_in(value, i, turn) for i, value in enumerate(values)] for turn in (0, 1)]
    first, second = (build(tuple(stand_ins)) for stand_ins in turns)
    if first is None and second is None:
        return _Shaped(statement=None, slots=(), arity=len(values))
    if (
        first is None
        or second is None
        or first.sql != second.sql
        or len(first.params) != len(second.params)
    ):
        return _UNSHAPED
    marks = [[_prepared(v, connection) for v in stand_ins] for stand_ins in turns]
    slots = []
    for position, (one, other) in enumerate(zip(first.params, second.params, strict=True)):
        index = _slot(one, marks[0])
        if index is not None and index == _slot(other, marks[1]):
            slots.append((position, index))
        elif index is not None or _slot(other, marks[1]) is not None or one != other:
            return _UNSHAPED
    populators = (
        populators_of(first.klass_info, first.select, connection.alias)
        if first.klass_info is not None
        else None
    )
    return _Shaped(statement=first, slots=tuple(slots), populators=populators, arity=len(values))


class ShapedQuery:
    """A read compiled once per shape (and database), its values bound at each call.

    :meth:`rows` takes the shape (hashable: everything that changes the statement's text, such
    as the ids written into it, which filters are set, whether a cursor is given and of which
    kind), the values (integers, texts, moments and days only) and ``build``, which makes the
    statement from values. The last ``shapes`` shapes used are kept.
    """

    def __init__(self, *, shapes: int = 256) -> None:
        self.size = shapes
        self._lock = threading.Lock()
        self._known: OrderedDict[tuple[str, Hashable], _Shaped] = OrderedDict()

    def _known_shape(
        self, shape: Hashable, values: Sequence[Any], build: Build, using: str
    ) -> _Shaped:
        key = (using, shape)
        with self._lock:
            known = self._known.get(key)
            if known is not None:
                self._known.move_to_end(key)
        if known is None:
            known = _shaped(build, values, connections[using])
            with self._lock:
                self._known[key] = known
                while len(self._known) > self.size:
                    self._known.popitem(last=False)
        return known

    def statement(
        self, shape: Hashable, values: Sequence[Any], build: Build, *, using: str = "default"
    ) -> Statement | None:
        """The statement of ``shape`` with ``values`` bound; ``None`` when it reads nothing."""
        known = self._known_shape(shape, values, build, using)
        if known is _UNSHAPED:
            return build(tuple(values))
        if len(values) != known.arity:
            # The count of values changes the statement: it belongs in the shape.
            message = f"shape {shape!r} took {known.arity} values, now {len(values)}"
            raise ValueError(message)
        if known.statement is None:
            return None
        connection = connections[using]
        params = list(known.statement.params)
        # A value may be bound in many places (the moment in every branch): prepared once.
        prepared = [_prepared(value, connection) for value in values]
        for position, index in known.slots:
            params[position] = prepared[index]
        return replace(known.statement, params=tuple(params))

    def instances(
        self, shape: Hashable, values: Sequence[Any], build: Build, *, using: str = "default"
    ) -> list[Any]:
        """The model instances ``shape``'s statement reads with ``values`` (``build`` makes a
        queryset of model instances, ``select_related`` included), as the ORM's iterator makes
        them."""
        statement = self.statement(shape, values, build, using=using)
        if statement is None:
            return []
        known = self._known_shape(shape, values, build, using)
        populators = known.populators or populators_of(
            statement.klass_info or {}, statement.select, using
        )
        return instances_of(statement_rows(statement, using=using), populators, using)

    def rows(
        self, shape: Hashable, values: Sequence[Any], build: Build, *, using: str = "default"
    ) -> list[tuple[Any, ...]]:
        """The rows of ``shape``'s statement with ``values``, converted."""
        statement = self.statement(shape, values, build, using=using)
        return [] if statement is None else statement_rows(statement, using=using)

    def shapes_known(self) -> int:
        with self._lock:
            return len(self._known)
