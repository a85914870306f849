"""Reads made of branches, each answered by one range of an index, in one round trip.

An OR across columns (the officer's agencies, their consultations, their own filings) leaves
PostgreSQL no index to follow in the list's order: it reads every candidate row and sorts them.
Asked one at a time, each branch is a short ordered index range; these helpers send the branches
as one statement, each one wrapped as a derived table so that its own ORDER BY and LIMIT hold
(SQLite, like PostgreSQL, accepts that form).

Each helper comes in two forms: the rows themselves, and the :class:`~motcua.core.shapes.Statement`
that reads them, for a caller that compiles it once per shape (:class:`~motcua.core.shapes.ShapedQuery`).
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from motcua.core.rows import converters_of
from motcua.core.shapes import Statement, statement_rows


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]] | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def union_all_statement(
    querysets: Sequence[QuerySet[Any]], *, using: str = "default"
) -> Statement | None:
    """The statement of :func:`union_all_rows`; ``None`` when no queryset can match anything."""
    parts = [part for part in map(_sql, querysets) if part is not None]
    if not parts:
        return None
    # The ORM's own SQL with its placeholders; the values stay parameters.
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) AS branch_{index}"  # noqa: S608 - compiled querysets
        for index, (sql, _params) in enumerate(parts)
    )
    params = tuple(value for _sql_text, values in parts for value in values)
    # Read back through the fields' converters, as the queryset itself would (SQLite keeps
    # moments as text).
    compiler = querysets[0].query.get_compiler(using=using)
    compiler.setup_query()
    return Statement(sql, params, converters_of(compiler))


def union_all_rows(querysets: Sequence[QuerySet[Any]], *, using: str = "default") -> list[Any]:
    """The rows of every ``values_list`` queryset of ``querysets``, one after another, in one query.

    The querysets must select the same columns; each keeps its own order and slice. A queryset
    that can match nothing (an empty ``__in``) is left out.
    """
    statement = union_all_statement(querysets, using=using)
    return [] if statement is None else statement_rows(statement, using=using)


def counts_capped_statement(ids: Sequence[Sequence[QuerySet[Any]]], *, cap: int) -> Statement:
    """The statement of :func:`counts_capped`: one row, a count per group."""
    selects: list[str] = []
    params: list[Any] = []
    for group in ids:
        parts = [part for part in (_sql(queryset[: cap + 1]) for queryset in group) if part]
        if not parts:
            selects.append("0")
            continue
        union = " UNION ".join(
            f"SELECT * FROM ({sql}) AS part_{i}"  # noqa: S608 - compiled querysets
            for i, (sql, _p) in enumerate(parts)
        )
        limit = int(cap) + 1
        selects.append(f"(SELECT COUNT(*) FROM ({union} LIMIT {limit}) AS counted)")  # noqa: S608
        params += [value for _sql_text, values in parts for value in values]
    return Statement("SELECT " + ", ".join(selects), tuple(params))


def counts_capped(
    ids: Sequence[Sequence[QuerySet[Any]]], *, cap: int, using: str = "default"
) -> list[int]:
    """For each group of ``values_list("pk")`` querysets, how many distinct rows they hold, up to
    ``cap + 1``, all in one query.

    Each queryset is cut at ``cap + 1`` rows before the union, so no branch reads further: give
    it the order of its index and it reads one short range. A result over ``cap`` means "more".
    """
    rows = statement_rows(counts_capped_statement(ids, cap=cap), using=using)
    return [int(value) for value in rows[0]] if rows else [0] * len(ids)
