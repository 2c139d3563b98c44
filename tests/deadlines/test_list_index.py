"""The list of open clocks is counted from one index: it holds every column the rule reads.

"My deadlines" reads open clocks by time left through ``deadline_open_due_idx`` (open states
only). The index carries the clock's case, the one column of the clock the visibility rule
reads; were the rule to read another, the count would fetch every open clock's row again.
"""

from __future__ import annotations

import re

import pytest

from deadlines.models import Deadline

pytestmark = pytest.mark.django_db

TABLE = Deadline._meta.db_table
INDEX = "deadline_open_due_idx"


def index_columns() -> set[str]:
    index = next(index for index in Deadline._meta.indexes if index.name == INDEX)
    fields = [field.lstrip("-") for field in (*index.fields, *index.include)]
    # The partial index's own condition (the open states) is true of every row it holds.
    fields += [lookup.split("__")[0] for lookup, _value in index.condition.children]
    return {Deadline._meta.get_field(field).column for field in fields}


def columns_read(queryset) -> set[str]:
    sql, _params = queryset.order_by().values("pk").query.sql_with_params()
    return set(re.findall(rf'"{TABLE}"\."(\w+)"', sql))


@pytest.mark.parametrize(
    "persona",
    ["kg_investigator", "kg_coordinator", "kz_prosecutor", "auditor", "outsider"],
)
def test_the_open_list_needs_no_column_outside_the_index(personas, persona):
    listed = Deadline.objects.visible_to(personas[persona]).open()
    read = columns_read(listed)
    assert {"state", "id"} <= read  # the list's own condition and the recipients' subqueries
    assert read <= index_columns()


def test_a_column_outside_the_index_is_caught(personas):
    """The check above can fail: a condition on a column outside the index is seen."""
    listed = Deadline.objects.visible_to(personas["kg_investigator"]).open().filter(kind="x")
    assert "kind" in columns_read(listed) - index_columns()
