"""The list of open clocks is counted from one index: it holds every column the rule reads.

"My deadlines" reads open clocks by time left through ``deadline_open_due_idx`` (open states
only). The index carries the clock's case, the one column of the clock the visibility rule
reads; were the rule to read another, the count would fetch every open clock's row again.
"""

from __future__ import annotations

import pytest

from deadlines.models import Deadline
from tests.indexes import columns_read, index_columns

pytestmark = pytest.mark.django_db

INDEX = "deadline_open_due_idx"


@pytest.mark.parametrize(
    "persona",
    ["kg_investigator", "kg_coordinator", "kz_prosecutor", "auditor", "outsider"],
)
def test_the_open_list_needs_no_column_outside_the_index(personas, persona):
    listed = Deadline.objects.visible_to(personas[persona]).open()
    read = columns_read(listed)
    assert {"state", "id"} <= read  # the list's own condition and the recipients' subqueries
    assert read <= index_columns(Deadline, INDEX)


def test_a_column_outside_the_index_is_caught(personas):
    """The check above can fail: a condition on a column outside the index is seen."""
    listed = Deadline.objects.visible_to(personas["kg_investigator"]).open().filter(kind="x")
    assert "kind" in columns_read(listed) - index_columns(Deadline, INDEX)
