"""SQL pieces of the figures: day differences, ages and percentiles, per database vendor.

Every figure is computed by the database (GROUP BY, window functions, ordered-set aggregates);
Python only shapes the few aggregated rows into a table.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Func


class DaysBetween(Func):
    """Days (fractional) from one moment to a later one: ``DaysBetween(start, end)``."""

    output_field = models.FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "postgresql":
            sql = f"(EXTRACT(EPOCH FROM ({end[0]}) - ({start[0]})) / 86400.0)"
        else:
            sql = f"(julianday({end[0]}) - julianday({start[0]}))"
        return sql, (*end[1], *start[1])  # in the order they appear in the SQL


class AgeYears(Func):
    """Whole years of age on a date: ``AgeYears(birth_date, on_date)`` (NULL when unknown)."""

    output_field = models.IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        birth, on = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "postgresql":
            sql = f"CAST(EXTRACT(YEAR FROM AGE({on[0]}, {birth[0]})) AS integer)"
            params = (*on[1], *birth[1])
        else:
            # Years between the dates, less one when the birthday has not come yet that year.
            sql = (
                f"(CAST(strftime('%%Y', {on[0]}) AS integer)"
                f" - CAST(strftime('%%Y', {birth[0]}) AS integer)"
                f" - (strftime('%%m-%%d', {on[0]}) < strftime('%%m-%%d', {birth[0]})))"
            )
            params = (*on[1], *birth[1], *on[1], *birth[1])
        return sql, params


def percentiles(
    queryset: models.QuerySet, fractions: tuple[float, ...] = (0.5, 0.9)
) -> dict[object, tuple[int, list[float | None]]]:
    """Per group, the number of values and their continuous percentiles (as ``percentile_cont``).

    ``queryset`` selects two columns named ``grp`` and ``val`` (``.values("grp", "val")``).
    PostgreSQL computes ``percentile_cont(f) WITHIN GROUP (ORDER BY val)`` per group; SQLite,
    which has no ordered-set aggregates, ranks the values with window functions and
    interpolates between the two ranks around ``f * (n - 1)`` — the same definition, still
    one query in the database.
    """
    inner = queryset.exclude(val__isnull=True)
    compiler = inner.query.get_compiler(inner.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a user who may see nothing
        return {}
    vendor = connections[inner.db].vendor
    if vendor == "postgresql":
        columns = ", ".join(
            f"percentile_cont({float(f)}) WITHIN GROUP (ORDER BY t.val)" for f in fractions
        )
        # SECURITY: only our own compiled SQL and float literals are formatted in; values are
        # bound parameters of the inner query.
        query = f"SELECT t.grp, COUNT(*), {columns} FROM ({sql}) t GROUP BY t.grp"  # noqa: S608
    else:
        columns = []
        for f in fractions:
            pos = f"({float(f)} * (r.n - 1))"
            low = f"CAST({pos} AS integer)"
            columns.append(
                f"SUM(CASE WHEN r.rn = {low} THEN r.val * (1 - ({pos} - {low}))"
                f" WHEN r.rn = {low} + 1 THEN r.val * ({pos} - {low}) ELSE 0 END)"
            )
        window = "PARTITION BY t.grp"
        ranked = f"SELECT t.grp, t.val, ROW_NUMBER() OVER ({window} ORDER BY t.val) - 1 AS rn, COUNT(*) OVER ({window}) AS n FROM ({sql}) t"  # noqa: E501, S608
        aggregates = ", ".join(columns)
        query = f"SELECT r.grp, MAX(r.n), {aggregates} FROM ({ranked}) r GROUP BY r.grp"  # noqa: S608
    with connections[inner.db].cursor() as cursor:
        cursor.execute(query, params)
        return {row[0]: (row[1], list(row[2:])) for row in cursor.fetchall()}


def grouped_counts(
    queryset: models.QuerySet,
    *,
    keys: tuple[str, ...],
    distinct: str,
    where: str = "",
    limit: int = 0,
) -> list[tuple]:
    """``COUNT(DISTINCT distinct)`` per ``keys`` over a queryset's rows — for rows that carry
    window functions, which Django does not aggregate over — most frequent first.

    ``keys``, ``distinct`` and ``where`` name columns of ``queryset.values(...)``: our own
    identifiers, never user input; values stay bound parameters of the inner query.
    """
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a user who may see nothing
        return []
    columns = ", ".join(f"t.{k}" for k in keys)
    condition = f"WHERE {where}" if where else ""
    tail = f" LIMIT {int(limit)}" if limit else ""
    query = (
        f"SELECT {columns}, COUNT(DISTINCT t.{distinct}) AS n FROM ({sql}) t {condition}"  # noqa: S608
        f" GROUP BY {columns} ORDER BY n DESC, {columns}{tail}"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, params)
        return [tuple(row) for row in cursor.fetchall()]
