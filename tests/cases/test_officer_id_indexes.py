"""The rule's sets of one officer's ids are read from an index that holds them: the user first,
then the id the rule reads (cases 0013, deadlines 0010). The tables are the ones Django makes
for many-to-many fields, so the indexes are SQL of their own; these tests keep them in place."""

from __future__ import annotations

import pytest
from django.db import connection

from cases.models import Case
from deadlines.models import Deadline

pytestmark = pytest.mark.django_db


def index_column_lists(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"]]


@pytest.mark.parametrize(
    ("through", "read"),
    [
        (Case.investigators.through, "case"),
        (Deadline.responsible.through, "deadline"),
        (Deadline.escalation.through, "deadline"),
    ],
    ids=["assigned cases", "addressed clocks", "escalated clocks"],
)
def test_an_officers_ids_are_read_from_an_index_that_holds_them(through, read):
    user = through._meta.get_field("user").column
    column = through._meta.get_field(read).column
    assert [user, column] in index_column_lists(through._meta.db_table)


def test_the_rule_reads_the_assigned_cases_by_user():
    """The index serves what the rule's SQL asks: the case ids of one user's rows."""
    from cases.querysets import _assigned_sql

    sql = _assigned_sql(connection, '"cases_case"."id"')
    qn = connection.ops.quote_name
    assert f"SELECT vis_i.{qn('case_id')}" in sql
    assert f"WHERE vis_i.{qn('user_id')} = %s" in sql
