"""The audit list costs the same number of queries for 1 event and for 20."""

from __future__ import annotations

import pytest

from audit.models import AuditAction
from audit.services import audit_record

pytestmark = pytest.mark.django_db

BUDGET = 15
ACTORS = ("kg_investigator", "kz_investigator", "kg_coordinator", "kz_prosecutor")


def add_events(personas, count: int, start: int) -> None:
    for n in range(start, start + count):
        audit_record(
            actor=personas[ACTORS[n % len(ACTORS)]],
            action=AuditAction.UPDATE,
            object_type="treaties.instrument",
            object_id=str(n),
            object_repr=f"Событие №{n}",
            changes={"notes": ["", f"примечание {n}"]},
        )


def _count(django_assert_max_num_queries, client, last: str) -> int:
    with django_assert_max_num_queries(BUDGET) as captured:
        response = client.get("/audit/")
    assert response.status_code == 200
    assert last in response.content.decode()
    return len(captured)


def test_audit_list_costs_the_same_for_1_and_20_events(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas["auditor"])
    add_events(personas, 1, 1)
    one = _count(django_assert_max_num_queries, client, "Событие №1")
    add_events(personas, 19, 2)
    twenty = _count(django_assert_max_num_queries, client, "Событие №20")
    assert twenty == one
