"""The request list's count is read from one index: it holds every column the rule reads.

Both directions of the list (requests to agencies of one country, or of the other) start from
the requested agency, so PostgreSQL reads them from ``mla_requested_status_idx``. The index
carries the columns the visibility rule tests; were the rule to read one more column, every
count would fetch its rows from the table again (at 20,000 requests, 8,000 pages per count).
"""

from __future__ import annotations

import pytest

from requests_mla.models import MLARequest
from requests_mla.querysets import agencies_of
from tests.indexes import columns_read, index_columns

pytestmark = pytest.mark.django_db

INDEX = "mla_requested_status_idx"


@pytest.mark.parametrize(
    "persona",
    ["kg_investigator", "kg_coordinator", "kg_prosecutor", "kz_investigator", "kz_prosecutor"],
)
@pytest.mark.parametrize("direction", ["incoming", "outgoing"])
def test_the_list_count_needs_no_column_outside_the_index(personas, persona, direction):
    user = personas[persona]
    # As the list page selects a direction (``RequestListView``).
    listed = MLARequest.objects.visible_to(user).filter(
        requested_agency_id__in=agencies_of(user.agency.country, other=direction == "outgoing")
    )
    read = columns_read(listed)
    assert {"requested_agency_id", "case_id"} <= read  # the rule is in the SQL at all
    assert read - {"id"} <= index_columns(MLARequest, INDEX)


def test_the_index_misses_a_column_the_rule_would_read(personas):
    """The check above can fail: a condition on a column outside the index is caught."""
    visible = MLARequest.objects.visible_to(personas["kg_coordinator"])
    read = columns_read(visible.filter(urgent=True))
    assert "urgent" in read - index_columns(MLARequest, INDEX)
