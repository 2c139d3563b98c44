"""Keyset pages in the API and capped counts on the pages."""

from __future__ import annotations

import datetime

import pytest

from cases.models import Case
from tests.cases.conftest import make_case
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_cases(personas):
    lead = personas["kg_investigator"]
    cases = [make_case(lead, number=f"3000000000{n:03d}", victims=()) for n in range(7)]
    # Ties in the list's order (opened_on): the cursor must still be total, through the id.
    Case.objects.filter(pk__in=[c.pk for c in cases[:4]]).update(
        opened_on=datetime.date(2026, 1, 9)
    )
    return cases


def _walk(client, url, key="next"):
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        seen.extend(row["id"] for row in body["results"])
        url, pages = body[key], pages + 1
    return seen, pages


def test_api_pages_through_every_visible_case_once_in_the_list_order(personas, many_cases):
    client = api_as(personas["kg_coordinator"])
    expected = list(
        Case.objects.visible_to(personas["kg_coordinator"])
        .order_by("-opened_on", "-id")
        .values_list("pk", flat=True)
    )
    seen, pages = _walk(client, "/api/cases/?page_size=2")
    assert seen == expected
    assert pages == 4

    # And back: the last page's "previous" links lead to the first page, in the same order.
    last = client.get("/api/cases/?page_size=2")
    while last.json()["next"]:
        last = client.get(last.json()["next"])
    backwards, url = [], last.json()["previous"]
    while url:
        body = client.get(url).json()
        backwards = [row["id"] for row in body["results"]] + backwards
        url = body["previous"]
    assert backwards + [row["id"] for row in last.json()["results"]] == expected


def test_filters_survive_the_cursor(personas, many_cases):
    client = api_as(personas["kg_coordinator"])
    seen, _pages = _walk(client, "/api/cases/?page_size=1&opened_from=2026-05-01")
    assert len(seen) == 3
    assert set(seen) == {c.pk for c in many_cases[4:]}


@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJkIjoibiJ9", "eyJkIjoibiIsInYiOlsieCIsIjEiXX0=", "%%%", "e30="]
)
def test_a_broken_cursor_is_a_404_not_a_500(personas, many_cases, cursor):
    response = api_as(personas["kg_coordinator"]).get("/api/cases/", {"cursor": cursor})
    assert response.status_code == 404


def test_page_size_is_capped_and_bad_sizes_fall_back(personas, many_cases):
    client = api_as(personas["kg_coordinator"])
    assert len(client.get("/api/cases/?page_size=abc").json()["results"]) == 7
    assert len(client.get("/api/cases/?page_size=-3").json()["results"]) == 1
    assert len(client.get("/api/cases/?page_size=100000").json()["results"]) == 7


def test_page_count_is_exact_below_the_cap_and_more_than_above(
    client, personas, many_cases, settings
):
    client.force_login(personas["kg_coordinator"])
    body = client.get("/cases/").content.decode()
    assert "Найдено дел: 7" in body
    settings.LIST_COUNT_CAP = 5
    response = client.get("/cases/")
    assert "Найдено дел: более 5" in response.content.decode()
    assert response.context["paginator"].capped
    assert len(response.context["cases"]) == 7  # a page of 25 still shows every row


def test_a_list_narrowed_by_the_rule_is_counted_as_disjoint_parts(personas):
    """The case rule's terms (own agency, cases granted to the officer, to the agency) are
    counted apart and added up: a case that two terms let through counts once, and a filter
    after the rule narrows every part."""
    from cases import services
    from core.pagination import CappedPaginator

    kg_lead, kz_lead = personas["kg_investigator"], personas["kz_investigator"]
    kz_coordinator = personas["kz_coordinator"]
    own = [make_case(kz_lead, number=f"2610000000{n:03d}", victims=()) for n in range(3)]
    other = [make_case(kg_lead, number=f"3100000000{n:03d}", victims=()) for n in range(4)]
    kg_coordinator = personas["kg_coordinator"]
    # Granted to the officer and to the agency, once each and once both; an own case granted too.
    services.case_grant(case=other[0], actor=kg_coordinator, levels=["view"], user=kz_coordinator)
    services.case_grant(
        case=other[1], actor=kg_coordinator, levels=["view"], agency=kz_coordinator.agency
    )
    services.case_grant(case=other[2], actor=kg_coordinator, levels=["view"], user=kz_coordinator)
    services.case_grant(
        case=other[2], actor=kg_coordinator, levels=["view"], agency=kz_coordinator.agency
    )
    services.case_grant(case=own[0], actor=kz_coordinator, levels=["view"], user=kz_coordinator)

    visible = Case.objects.visible_to(kz_coordinator)
    expected = {*[c.pk for c in own], other[0].pk, other[1].pk, other[2].pk}
    assert set(visible.values_list("pk", flat=True)) == expected
    parts = visible.count_parts()
    assert len(parts) == 3
    ids = [set(part.values_list("pk", flat=True)) for part in parts]
    assert set().union(*ids) == expected
    assert sum(len(part) for part in ids) == len(expected)  # disjoint
    assert CappedPaginator(visible.order_by("-id"), 25).count == len(expected)
    assert CappedPaginator(visible.order_by("-id"), 25, cap=2).count_display == "более 2"

    # A condition after the rule, and an emptied list, are counted with it.
    narrowed = visible.filter(pk__in=[own[1].pk, other[2].pk, other[3].pk])
    assert CappedPaginator(narrowed.order_by("-id"), 25).count == 2
    assert CappedPaginator(visible.none(), 25).count == 0
    # A condition before it too.
    before = Case.objects.filter(country="KG").visible_to(kz_coordinator)
    assert CappedPaginator(before.order_by("-id"), 25).count == 3


def test_the_case_count_reads_the_agency_s_own_entries(client, personas, many_cases):
    """Each part of the count is an index condition: on PostgreSQL the officer's agency is the
    condition of its index (a rule counted whole read the index from its first entry)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases import services

    kz_case = make_case(personas["kz_investigator"], number="261000000960", victims=())
    services.case_grant(
        case=kz_case,
        actor=personas["kz_coordinator"],
        levels=["view"],
        user=personas["kg_coordinator"],
    )
    client.force_login(personas["kg_coordinator"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cases/")
    assert response.context["paginator"].count == len(many_cases) + 1
    (count,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT")]
    assert "UNION ALL" in count
    first = count.split("UNION ALL")[0]
    agency = personas["kg_coordinator"].agency_id
    assert f'WHERE "cases_case"."owning_agency_id" = {agency}' in first
    assert " OR " not in first  # the term alone, not the whole rule again
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A few rows fit in one page: what is asserted is that the query lets the index
            # serve the agency as a condition, as it does at scale.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {count}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Index Cond: (owning_agency_id = {agency})" in plan, plan
