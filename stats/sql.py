"""SQL pieces of the figures: day differences, ages and percentiles, per database vendor.

Every figure is computed by the database (GROUP BY, window functions, ordered-set aggregates);
Python only shapes the few aggregated rows into a table.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction
from django.db.models import Func

# The settings of a figure's queries (PostgreSQL). Parallel workers: the portal's connections run
# without them (config/settings.py: many small list queries, where a worker's start-up is
# overhead); a figure is one large aggregation over up to every case, which PostgreSQL splits
# between workers only when a table is large enough to pay for them. Memory per sort or hash:
# the routes group 50,000 steps of the visible cases, which spilled to disk at the default 4 MB.
AGGREGATION_SETTINGS = {"max_parallel_workers_per_gather": "2", "work_mem": "32MB"}


@contextmanager
def aggregation_session(using: str = "default"):
    """Run a figure's queries with ``AGGREGATION_SETTINGS`` (PostgreSQL; a no-op elsewhere).

    The settings are local to the transaction (``set_config(…, true)``): in autocommit mode the
    block is its own transaction and the settings end with it; inside a caller's transaction the
    previous values are put back once the figure is computed.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    names = list(AGGREGATION_SETTINGS)
    reads = ", ".join("current_setting(%s)" for _ in names)
    writes = ", ".join("set_config(%s, %s, true)" for _ in names)
    inside_a_transaction = connection.in_atomic_block
    with transaction.atomic(using=using, savepoint=False):
        with connection.cursor() as cursor:
            # The previous values are read before the new ones are set (left to right).
            cursor.execute(
                f"SELECT {reads}, {writes}",
                [*names, *(x for n in names for x in (n, AGGREGATION_SETTINGS[n]))],
            )
            previous = cursor.fetchone()[: len(names)]
        yield
        if inside_a_transaction:
            restore = [x for n, v in zip(names, previous, strict=True) for x in (n, v)]
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {writes}", restore)


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
    queryset: models.QuerySet,
    columns: tuple[str, ...] = ("val",),
    fractions: tuple[float, ...] = (0.5, 0.9),
) -> dict[object, list[tuple[int, list[float | None]]]]:
    """Per group and per value column: the number of values and their continuous percentiles
    (as ``percentile_cont``) — several columns in one pass over the rows.

    ``queryset`` selects a column named ``grp`` and the value ``columns``
    (``.values("grp", *columns)``); a column's NULLs are left out of its count and
    percentiles, and a group with no value in any column is left out. PostgreSQL computes
    ``percentile_cont(f) WITHIN GROUP (ORDER BY column)`` per group; SQLite, which has no
    ordered-set aggregates, ranks each column's values with window functions and interpolates
    between the two ranks around ``f * (n - 1)`` — the same definition, still one query in the
    database.
    """
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a user who may see nothing
        return {}
    # SECURITY: only our own compiled SQL, our own column names and float literals are
    # formatted in; values are bound parameters of the inner query.
    some = " OR ".join(f"t.{c} IS NOT NULL" for c in columns)
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        aggregates = []
        for c in columns:
            aggregates.append(f"COUNT(t.{c})")
            aggregates += [
                f"percentile_cont({float(f)}) WITHIN GROUP (ORDER BY t.{c})" for f in fractions
            ]
        query = (
            f"SELECT t.grp, {', '.join(aggregates)} FROM ({sql}) t"  # noqa: S608
            f" WHERE {some} GROUP BY t.grp"
        )
    else:
        windows, aggregates = [], []
        for i, c in enumerate(columns):
            windows.append(
                f"ROW_NUMBER() OVER (PARTITION BY t.grp, t.{c} IS NULL ORDER BY t.{c}) - 1"
                f" AS rn{i}, COUNT(t.{c}) OVER (PARTITION BY t.grp) AS n{i}"
            )
            aggregates.append(f"MAX(r.n{i})")
            for f in fractions:
                pos = f"({float(f)} * (r.n{i} - 1))"
                low = f"CAST({pos} AS integer)"
                aggregates.append(
                    f"CASE WHEN MAX(r.n{i}) > 0 THEN SUM(CASE WHEN r.{c} IS NULL THEN 0"
                    f" WHEN r.rn{i} = {low} THEN r.{c} * (1 - ({pos} - {low}))"
                    f" WHEN r.rn{i} = {low} + 1 THEN r.{c} * ({pos} - {low}) ELSE 0 END) END"
                )
        values = ", ".join(f"t.{c}" for c in columns)
        ranked = f"SELECT t.grp, {values}, {', '.join(windows)} FROM ({sql}) t WHERE {some}"  # noqa: S608
        query = f"SELECT r.grp, {', '.join(aggregates)} FROM ({ranked}) r GROUP BY r.grp"  # noqa: S608
    step = 1 + len(fractions)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, params)
        return {
            row[0]: [
                (row[1 + i * step], list(row[2 + i * step : 1 + (i + 1) * step]))
                for i in range(len(columns))
            ]
            for row in cursor.fetchall()
        }


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
    outer = ", ".join(f"u.{k}" for k in keys)
    condition = f"WHERE {where}" if where else ""
    tail = f" LIMIT {int(limit)}" if limit else ""
    # The distinct pairs first (GROUP BY, hashed), then a plain count per group: the same
    # figure as COUNT(DISTINCT …), which PostgreSQL can only compute by sorting every row.
    query = (
        f"SELECT {outer}, COUNT(*) AS n FROM (SELECT {columns}, t.{distinct} FROM ({sql}) t"  # noqa: S608
        f" {condition} GROUP BY {columns}, t.{distinct}) u"
        f" GROUP BY {outer} ORDER BY n DESC, {outer}{tail}"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, params)
        return [tuple(row) for row in cursor.fetchall()]
