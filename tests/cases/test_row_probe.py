"""Visibility on records that point at a case: a probe per row read when a page is read.

PostgreSQL may turn a correlated EXISTS into a hash of its whole subquery, and it decides before
the page's LIMIT: a page of 50 requests then built the set of every case visible to the officer.
``core.db.RowProbe`` fences the subquery (``OFFSET 0``) when the outer query reads a page, and
leaves the planner its choice when every row is read (a count).
"""

from __future__ import annotations

import pytest
from django.db import connection

from cases.models import Case
from cases.querysets import case_access_q, case_access_terms
from deadlines.models import Deadline
from requests_mla.models import MLARequest

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fence is PostgreSQL's planner's business"
)


def _sql(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return sql % tuple(repr(p) for p in params)


@on_postgresql
@pytest.mark.parametrize("model", [MLARequest, Deadline])
def test_a_page_probes_the_case_row_a_count_lets_the_planner_choose(personas, model):
    user = personas["kg_investigator"]
    page = model.objects.visible_to(user)[:50]
    count = model.objects.visible_to(user).values("pk")[:10_001]
    assert "OFFSET 0)" in _sql(page)
    assert "OFFSET 0)" not in _sql(count)


def test_grant_terms_read_the_records_own_case_column(personas):
    # On a record that points at a case, a grant is "case_id = ANY(grants)": no case row read.
    user = personas["kg_investigator"]
    terms = case_access_terms(user, "view", prefix="case__")
    sql = _sql(MLARequest.objects.filter(terms[0]))
    assert '"requests_mla_mlarequest"."case_id"' in sql
    assert "cases_case" not in sql.split("cases_caseuserobjectpermission")[0]


def test_the_terms_are_the_rule(personas, kg_case):
    # ORing the terms is the rule itself: each persona sees the same cases either way.
    from cases.querysets import case_access_q

    for user in personas.values():
        for action in ("view", "change", "view_protected", "share"):
            by_rule = set(Case.objects.filter(case_access_q(user, action)).values_list("pk"))
            by_terms = set()
            for term in case_access_terms(user, action):
                by_terms |= set(Case.objects.filter(term).values_list("pk"))
            assert by_rule == by_terms, (user.username, action)


@pytest.mark.parametrize("to_agency", [False, True])
def test_a_grant_made_after_the_rule_was_built_counts_at_once(personas, kz_case, to_agency):
    # The rule's terms are kept on the user object for its request; they are SQL that reads the
    # grants when the query runs, not ids read when the terms were built.
    from cases import services

    user = personas["kg_investigator"]
    assert not Case.objects.visible_to(user).filter(pk=kz_case.pk).exists()
    assert not Deadline.objects.visible_to(user).filter(case=kz_case).exists()
    services.case_grant(
        case=kz_case,
        actor=personas["kz_coordinator"],
        levels=["view"],
        **({"agency": user.agency} if to_agency else {"user": user}),
    )
    assert Case.objects.visible_to(user).filter(pk=kz_case.pk).exists()
    assert not Case.objects.visible_to(user, "change").filter(pk=kz_case.pk).exists()
    services.case_revoke(
        case=kz_case,
        actor=personas["kz_coordinator"],
        **({"agency": user.agency} if to_agency else {"user": user}),
    )
    assert not Case.objects.visible_to(user).filter(pk=kz_case.pk).exists()


def test_the_rule_is_sql_text_not_subqueries_to_compile(personas):
    # Every list and workflow rule asks the rule's terms: they carry no Query of their own.
    from django.db.models.sql import Query

    user = personas["kg_investigator"]
    for prefix in ("", "case__"):
        for action in ("view", "change", "view_protected"):
            queryset = MLARequest.objects if prefix else Case.objects
            query = queryset.filter(case_access_q(user, action, prefix=prefix)).query
            stack = list(query.where.children)
            while stack:
                node = stack.pop()
                assert not isinstance(node, Query), (prefix, action, node)
                stack.extend(getattr(node, "children", []))
                stack.extend(
                    node.get_source_expressions() if hasattr(node, "get_source_expressions") else []
                )


@pytest.mark.parametrize("persona", ["kg_investigator", "kg_coordinator", "kz_prosecutor"])
@pytest.mark.parametrize("action", ["view", "change", "view_protected"])
def test_the_rule_tries_its_cheapest_terms_first(personas, persona, action):
    """PostgreSQL tries an OR's arms in the order written. On a case, its own columns first
    (they hold for most visible cases; a search of the granted ids is a scan of an array); on a
    record that points at a case, the granted ids first (the case row is another table's)."""
    user = personas[persona]
    on_case = _sql(Case.objects.filter(case_access_q(user, action)))
    on_record = _sql(MLARequest.objects.filter(case_access_q(user, action, prefix="case__")))
    where = on_case[on_case.index(" WHERE ") :]
    assert where.index('"owning_agency_id"') < where.index("SELECT vis_g")
    where = on_record[on_record.index(" WHERE ") :]
    assert where.index("SELECT vis_g") < where.index('FROM "cases_case" vis_c')
