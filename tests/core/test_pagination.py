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
