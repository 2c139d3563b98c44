"""Query budgets of the request lists (API and page) at 1 and at 20 rows: the same count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from requests_mla import services
from requests_mla.models import MLARequest
from requests_mla.workflow import MLA_WORKFLOW
from tests.conftest import api_as
from tests.requests_mla.conftest import complete_fields, complete_relations

pytestmark = pytest.mark.django_db

# What a list costs, whatever its length — never a query per row. API: the user's agency and
# roles, the count, the page of rows with the allowed steps as EXISTS columns. Page: the session
# and user besides, the legal bases of the page (prefetch), the filter's choices.
API_BUDGET = 5
PAGE_BUDGET = 10


def make_requests(personas, case, n: int) -> None:
    """``n`` requests of the case; every other one submitted, so rows differ in their steps."""
    for i in range(n):
        mla = services.mla_request_create(
            case=case,
            actor=personas["kg_investigator"],
            fields=complete_fields(personas),
            relations=complete_relations(case),
        )
        if i % 2:
            services.mla_request_submit(request=mla, actor=personas["kg_investigator"])


def api(user):
    """A client as a fresh copy of ``user``, as each real request loads it (nothing cached)."""
    return api_as(User.objects.get(pk=user.pk))


def count(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_api_request_list_costs_the_same_for_1_and_20_rows(personas, kr_case):
    make_requests(personas, kr_case, 1)
    one, response = count(api(personas["kg_investigator"]), "/api/mla-requests/")
    assert len(response.json()["results"]) == 1
    make_requests(personas, kr_case, 19)
    twenty, response = count(api(personas["kg_investigator"]), "/api/mla-requests/")
    rows = response.json()["results"]
    assert len(rows) == 20
    assert one == twenty <= API_BUDGET, (one, twenty)
    # The allowed steps are there, from the rows' annotations, and match the single check.
    for row in rows:
        mla = MLARequest.objects.get(pk=row["id"])
        expected = [
            s.replace("_", "-") for s in MLA_WORKFLOW.allowed(personas["kg_investigator"], mla)
        ]
        assert row["allowed_transitions"] == expected
    assert {tuple(row["allowed_transitions"]) for row in rows} == {
        ("submit", "withdraw"),
        ("withdraw",),
    }


def test_api_request_list_of_the_approver_costs_the_same_for_1_and_20_rows(personas, kr_case):
    make_requests(personas, kr_case, 2)  # one draft (invisible to him), one submitted
    one, response = count(api(personas["kg_prosecutor"]), "/api/mla-requests/")
    assert [r["allowed_transitions"] for r in response.json()["results"]] == [
        ["approve", "return", "withdraw"]
    ]
    make_requests(personas, kr_case, 38)
    twenty, response = count(api(personas["kg_prosecutor"]), "/api/mla-requests/")
    assert len(response.json()["results"]) == 20
    assert one == twenty <= API_BUDGET, (one, twenty)


def test_request_list_page_costs_the_same_for_1_and_20_rows(client, personas, kr_case):
    client.force_login(personas["kg_investigator"])
    make_requests(personas, kr_case, 1)
    one, response = count(client, "/requests/")
    assert len(response.context["requests"]) == 1
    make_requests(personas, kr_case, 19)
    twenty, response = count(client, "/requests/")
    assert len(response.context["requests"]) == 20
    assert one == twenty <= PAGE_BUDGET, (one, twenty)


def test_request_page_reads_the_approving_offices_once(client, personas, kr_case):
    # The page names who approves for several steps ("waiting for", the buttons' holders):
    # the prosecutors' offices of the requesting country are one read of the agencies.
    make_requests(personas, kr_case, 2)
    mla = MLARequest.objects.filter(status="submitted").get()
    client.force_login(personas["kg_investigator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/requests/{mla.pk}/")
    assert response.status_code == 200
    agencies = [q["sql"] for q in queries if q["sql"].startswith('SELECT "accounts_agency"')]
    assert len(agencies) == 1, agencies
    # The holders it names are the prosecutor's offices of the requesting country.
    assert "прокурор" in response.content.decode().lower()
