"""Database pieces that only PostgreSQL has, written so that SQLite simply goes without them."""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.core.exceptions import EmptyResultSet
from django.db import migrations
from django.db.models import (
    Aggregate,
    BooleanField,
    Exists,
    Expression,
    F,
    Field,
    Lookup,
    TextField,
    Value,
)


class PostgresOnlySQL(migrations.RunSQL):
    """SQL that runs on PostgreSQL and is skipped elsewhere (the embedded SQLite default)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_indexes(table: str, *columns: str) -> list[migrations.operations.base.Operation]:
    """pg_trgm GIN indexes that serve ``LIKE '%word%'`` (Django's ``contains``) on ``columns``.

    A B-tree cannot serve a substring search; without these every search reads the whole table.
    """
    operations: list = [TrigramExtension()]
    for column in columns:
        name = f"{table}_{column}_trgm"[:63]
        operations.append(
            PostgresOnlySQL(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ("{column}" gin_trgm_ops)',
                f'DROP INDEX IF EXISTS "{name}"',
            )
        )
    return operations


def among(connection, column: str, subquery: str) -> str:
    """SQL text: ``column`` is among the subquery's rows — an array PostgreSQL reads once and
    serves from the column's index, also as one branch of an OR (as ``AnyOf``); ``IN``
    elsewhere. For the rule's conditions written as text (``ColumnCondition``)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY({subquery}))"
    return f"{column} IN ({subquery})"


class AnyOf(Lookup):
    """``field = ANY(ARRAY(subquery))`` on PostgreSQL (``IN (subquery)`` elsewhere).

    Both mean "the value is among the subquery's rows". PostgreSQL evaluates the array once and
    can then serve the condition from the column's index — also as one branch of an OR (a
    BitmapOr) — where ``IN (subquery)`` inside an OR becomes a filter that reads every row.

    Given values rather than a subquery (ids already read), PostgreSQL gets them as one array,
    ``field = ANY(%s)``: planning ``IN (%s, %s, …)`` costs per element, and with 1,900 ids the
    same query took 39 ms against 8 ms with the array (a case search for a common surname at
    100,000 cases). Elsewhere it is ``IN (…)``.
    """

    lookup_name = "any_of"

    def get_prep_lookup(self):
        if isinstance(self.rhs, (list, tuple, set, frozenset)):
            field = self.lhs.output_field
            return [field.get_prep_value(value) for value in self.rhs if value is not None]
        return super().get_prep_lookup()

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, list):
            if not self.rhs:
                raise EmptyResultSet
            field = self.lhs.output_field
            values = list(
                dict.fromkeys(
                    field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs
                )
            )
            if connection.vendor == "postgresql":
                return f"{lhs} = ANY(%s)", (*lhs_params, values)
            marks = ", ".join(["%s"] * len(values))
            return f"{lhs} IN ({marks})", (*lhs_params, *values)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)


Field.register_lookup(AnyOf)


class JoinedText(Aggregate):
    """A group's values as one text, joined by ``separator``: ``string_agg`` on PostgreSQL,
    ``group_concat`` elsewhere (SQLite). No order is promised."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, separator: str = "\n", **extra):
        super().__init__(expression, Value(separator), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def reads_a_page(query) -> bool:
    """Whether ``query`` reads at most ``RowProbe.PAGE_ROWS`` rows (a page, not a count), or is
    marked to probe each of its rows whatever it reads (``probe_each_row``)."""
    if getattr(query, "probe_each_row", False):
        return True
    return query.high_mark is not None and query.high_mark - query.low_mark <= RowProbe.PAGE_ROWS


def probe_each_row(queryset):
    """``queryset`` with its probes of case rows kept as probes even when all its rows are read.

    For a table whose rows are few against the cases they point at, read whole as a subquery:
    the links of joint teams to their cases (666 at 100,000 cases). Left its choice, PostgreSQL
    hashed the 10,382 cases of the officer's agency to keep the links of the teams they may
    see (2.7 ms of every query on tasks and teams) where a probe per link row takes 0.7 ms.
    The mark is kept by the query's clones (``Query.clone`` copies its attributes).
    """
    queryset = queryset.all()
    queryset.query.probe_each_row = True
    return queryset


class ColumnCondition(Expression):
    """A condition written as SQL text around one column of the outer query.

    ``build(connection, column)`` returns the text, with the compiled column in it and ``%s``
    for each of ``params``; with ``probe``, ``{offset}`` in the text marks where ``OFFSET 0``
    goes when the outer query reads a page (see ``RowProbe``).

    For conditions asked many times a page — the terms of the case rule, in every list and in
    every workflow rule of the home page. Built with the ORM, each such subquery is a Query that
    is resolved, cloned with the outer query and compiled at every use: the home page compiled
    ninety of them per load, a third of its time. Here the text is a few string operations.
    """

    conditional = True

    def __init__(self, column, build, params=(), probe=False, values=None):
        super().__init__(output_field=BooleanField())
        self.column = column if hasattr(column, "resolve_expression") else F(column)
        self.build = build
        self.params = tuple(params)
        self.probe = probe
        # Values the text takes after ``params`` (see ``as_sql``), or None.
        self.values = tuple(values) if values is not None else None

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}({self.column!r}, {self.build.__name__}, {self.params!r}, "
            f"{self.values!r})"
        )

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.column)
        if column_params:
            raise ValueError("ColumnCondition needs a plain column")
        sql = self.build(connection, column)
        params = self.params
        if self.values is not None:
            # The values are one array on PostgreSQL (``= ANY(%s)``), one parameter each
            # elsewhere (``IN (%s, …)``).
            if connection.vendor == "postgresql":
                params = (*params, list(self.values))
            else:
                params = (*params, *self.values)
        if self.probe:
            probe_page = connection.vendor == "postgresql" and reads_a_page(compiler.query)
            sql = sql.replace("{offset}", " OFFSET 0" if probe_page else "")
        return sql, params


class RowProbe(Exists):
    """A correlated EXISTS that PostgreSQL evaluates per row when the outer query reads a page.

    PostgreSQL plans a correlated EXISTS two ways — a probe per outer row, or a hash of the whole
    subquery built once — and picks by the number of outer rows it expects. It counts them
    before the page's LIMIT, so a list of 50 requests hashed all 10,000 cases visible to the
    officer first (30–80 ms at 100,000 cases, where 51 probes take well under a millisecond).
    In a query that reads at most ``PAGE_ROWS`` rows, ``OFFSET 0`` goes into the subquery —
    PostgreSQL's documented optimisation fence: the subquery is no longer turned into a hashable
    ``IN``, so it stays a probe. A count or an unlimited read keeps the planner's choice (hashing
    is right when every row is read). Other databases get a plain EXISTS.
    """

    PAGE_ROWS = 1000

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        # Exists compiles its subquery with LIMIT 1 (Query.exists), closed by the template's ")".
        if reads_a_page(compiler.query) and sql.endswith(" LIMIT 1)"):
            sql = sql[:-1] + " OFFSET 0)"
        return sql, params


def linked_ids(links: dict[str, tuple], owner_ids: list[int]) -> dict[tuple[int, str], list[int]]:
    """Which rows each of ``owner_ids`` names through each link table, in the order linked.

    ``links`` maps a name to ``(link model, owner column, target column)``; all tables are read
    in one query (a UNION). A page of records that name the same few registry rows then reads
    each distinct row once (``in_bulk``) instead of prefetching one object per link.
    Returns ``{(owner id, name): [target id, …]}``.
    """
    named: dict[tuple[int, str], list[int]] = {}
    if not owner_ids:
        return named
    query = None
    for name, (model, owner, target) in links.items():
        side = (
            model._default_manager.filter(**{f"{owner}__in": owner_ids})
            .order_by()
            .values_list("id", owner, target, Value(name))
        )
        query = side if query is None else query.union(side, all=True)
    for _id, owner_id, target_id, name in sorted(query):
        named.setdefault((owner_id, name), []).append(target_id)
    return named
