"""Which columns a list's SQL reads, and which an index holds: for tests that keep a list's
visibility rule within the index its count walks."""

from __future__ import annotations

import re


def index_columns(model, name: str) -> set[str]:
    """The columns of ``model``'s index ``name``: its key, its INCLUDE, and the columns of its
    condition (a partial index's condition is true of every row it holds)."""
    index = next(index for index in model._meta.indexes if index.name == name)
    fields = [field.lstrip("-") for field in (*index.fields, *index.include)]
    if index.condition is not None:
        fields += [lookup.split("__")[0] for lookup, _value in index.condition.children]
    return {model._meta.get_field(field).column for field in fields}


def columns_read(queryset) -> set[str]:
    """The columns of the queryset's own table that its count (ids, no order) reads."""
    table = queryset.model._meta.db_table
    sql, _params = queryset.order_by().values("pk").query.sql_with_params()
    return set(re.findall(rf'"{table}"\."(\w+)"', sql))
