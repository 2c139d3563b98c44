"""A search alone pages its matches from the ids it read: the count is their number and a page
reads its own 25 rows, in the list's order (newest opened first, then newest id), the same rows
the list gives when another filter makes it read them in SQL."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from core.pagination import PresortedRows
from tests.cases.conftest import make_case
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

WORD = "сатыбалдиев"


@pytest.fixture
def matches(personas):
    """27 cases of a victim «Сатыбалдиева», opened two by two on the same day (ties are
    ordered by id), and one case that does not match."""
    kg = personas["kg_investigator"]
    found = []
    for i in range(27):
        case = make_case(kg, number=f"24-001-2026-0008{i:02d}", victims=("Сатыбалдиева",))
        opened = datetime.date(2026, 1, 1) + datetime.timedelta(days=i // 2)
        Case.objects.filter(pk=case.pk).update(opened_on=opened)
        found.append(case.pk)
    make_case(kg, number="24-001-2026-000899", victims=("Иванова",))
    return list(
        Case.objects.filter(pk__in=found).order_by("-opened_on", "-id").values_list("pk", flat=True)
    )


def _page_ids(sql: str) -> list[int]:
    """The ids a query asks for by ``id IN (…)`` / ``id = ANY(ARRAY[…])``."""
    ids = re.search(r'"cases_case"\."id" (?:IN \(|= ANY\(ARRAY\[)([\d, ]+)[)\]]', sql)
    assert ids, sql
    return [int(pk) for pk in re.split(r"[, ]+", ids.group(1))]


def _rows(response) -> list[int]:
    assert response.status_code == 200
    return [case.pk for case in response.context["cases"]]


def test_a_search_alone_pages_its_matches_in_the_list_s_order(client, personas, matches):
    client.force_login(personas["kg_investigator"])
    with CaptureQueriesContext(connection) as read:
        first = client.get("/cases/", {"q": WORD.upper()})
    # Read before the next request: a request starts by clearing the log of queries.
    queries = [q["sql"] for q in read.captured_queries]
    second = client.get("/cases/", {"q": WORD, "page": 2})
    assert _rows(first) == matches[:25]
    assert _rows(second) == matches[25:]
    assert first.context["paginator"].count == 27
    assert "Найдено дел: 27" in first.content.decode() or "Cases found: 27" in (
        first.content.decode()
    )
    # The count is the number of ids read: no counting query runs again over the matches.
    assert queries
    assert not [sql for sql in queries if sql.startswith("SELECT COUNT(*)")]
    # The page's query asks for its own 25 ids, not for the 27 matches.
    page = next(sql for sql in queries if "victim_count" in sql)
    assert _page_ids(page) == matches[:25]
    rows = first.context["paginator"].object_list
    assert isinstance(rows, PresortedRows)
    assert rows.ids == matches


def test_with_another_filter_the_list_reads_the_same_rows_in_sql(client, personas, matches):
    client.force_login(personas["kg_investigator"])
    with CaptureQueriesContext(connection) as read:
        first = client.get("/cases/", {"q": WORD, "country": "KG"})
    queries = [q["sql"] for q in read.captured_queries]
    second = client.get("/cases/", {"q": WORD, "country": "KG", "page": 2})
    assert _rows(first) == matches[:25]
    assert _rows(second) == matches[25:]
    assert first.context["paginator"].count == 27
    assert [sql for sql in queries if sql.startswith("SELECT COUNT(*)")]
    assert _rows(client.get("/cases/", {"q": WORD, "country": "KZ"})) == []


def test_a_search_alone_shows_no_case_the_officer_may_not_see(client, personas, matches):
    client.force_login(personas["kz_investigator"])
    response = client.get("/cases/", {"q": WORD})
    assert _rows(response) == []
    assert response.context["paginator"].count == 0


def _api_pages(api, params: dict) -> tuple[list[list[int]], list[list[int]]]:
    """Every page forward, then back again from the last one, by the cursors the API gives."""
    forward, backward = [], []
    body = api.get("/api/cases/", params).json()
    forward.append([row["id"] for row in body["results"]])
    while body["next"]:
        body = api.get(body["next"]).json()
        forward.append([row["id"] for row in body["results"]])
    while body["previous"]:
        body = api.get(body["previous"]).json()
        backward.append([row["id"] for row in body["results"]])
    return forward, backward


@pytest.mark.parametrize("other", [{}, {"country": "KG"}], ids=["search-alone", "with-filter"])
def test_the_api_pages_a_search_the_same_both_ways(personas, matches, other):
    api = api_as(personas["kg_investigator"])
    forward, backward = _api_pages(api, {"q": WORD, "page_size": 10, **other})
    assert forward == [matches[:10], matches[10:20], matches[20:]]
    assert backward == [matches[10:20], matches[:10]]
    with CaptureQueriesContext(connection) as read:
        api.get("/api/cases/", {"q": WORD, "page_size": 10, **other})
    page = next(q["sql"] for q in read.captured_queries if "victim_count" in q["sql"])
    asked = _page_ids(page)
    # A search alone reads the page's 10 rows by id; with a filter, the list reads in SQL.
    assert asked == (matches[:10] if not other else matches)


def test_a_cursor_whose_row_left_the_matches_still_pages(personas, matches):
    # The cursor's row no longer matches (its victim was renamed): the next page is read in SQL,
    # after the cursor's values, as without a search.
    from cases.models import Participant
    from cases.names import refresh

    api = api_as(personas["kg_investigator"])
    first = api.get("/api/cases/", {"q": WORD, "page_size": 10}).json()
    last = Case.objects.get(pk=first["results"][-1]["id"])
    for participant in Participant.objects.filter(case=last).select_related("person"):
        participant.person.surname = "Иванова"
        participant.person.save()
    refresh([last.pk])
    body = api.get(first["next"]).json()
    assert [row["id"] for row in body["results"]] == matches[10:20]
