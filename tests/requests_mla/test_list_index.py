"""The request list's count is read from one index: it holds every column the rule reads.

Both directions of the list (requests to agencies of one country, or of the other) start from
the requested agency, so PostgreSQL reads them from ``mla_requested_status_idx``. The index
carries the columns the visibility rule tests; were the rule to read one more column, every
count would fetch its rows from the table again (at 20,000 requests, 8,000 pages per count).
"""

from __future__ import annotations

import re

import pytest

from accounts.models import Agency
from requests_mla.models import MLARequest

pytestmark = pytest.mark.django_db

TABLE = MLARequest._meta.db_table


def index_columns(name: str) -> set[str]:
    index = next(index for index in MLARequest._meta.indexes if index.name == name)
    fields = [field.lstrip("-") for field in (*index.fields, *index.include)]
    return {MLARequest._meta.get_field(field).column for field in fields}


def columns_read(queryset) -> set[str]:
    sql, _params = queryset.order_by().values("pk").query.sql_with_params()
    return set(re.findall(rf'"{TABLE}"\."(\w+)"', sql))


@pytest.mark.parametrize(
    "persona",
    ["kg_investigator", "kg_coordinator", "kg_prosecutor", "kz_investigator", "kz_prosecutor"],
)
@pytest.mark.parametrize("direction", ["incoming", "outgoing"])
def test_the_list_count_needs_no_column_outside_the_index(personas, persona, direction):
    user = personas[persona]
    own = Agency.objects.filter(country=user.agency.country)
    visible = MLARequest.objects.visible_to(user)
    listed = (
        visible.filter(requested_agency__in=own)
        if direction == "incoming"
        else visible.exclude(requested_agency__in=own)
    )
    read = columns_read(listed)
    assert {"requested_agency_id", "case_id"} <= read  # the rule is in the SQL at all
    assert read - {"id"} <= index_columns("mla_requested_status_idx")


def test_the_index_misses_a_column_the_rule_would_read(personas):
    """The check above can fail: a condition on a column outside the index is caught."""
    visible = MLARequest.objects.visible_to(personas["kg_coordinator"])
    read = columns_read(visible.filter(urgent=True))
    assert "urgent" in read - index_columns("mla_requested_status_idx")
