"""Query counts per page do not grow with the number of cases."""

from __future__ import annotations

import pytest

from tests.cases.conftest import make_case
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def _queries(django_assert_max_num_queries, client, url, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/cases/", "/api/cases/"])
def test_case_list_query_count_is_the_same_for_1_and_20_cases(
    client, personas, django_assert_max_num_queries, url
):
    lead = personas["kg_investigator"]
    client.force_login(lead)
    make_case(lead, number="1000000000000", victims=("Иванова",))
    small = _queries(django_assert_max_num_queries, client, url, 20)
    for n in range(1, 20):
        make_case(lead, number=f"1000000000{n:03d}", victims=("Иванова", "Петрова"))
    large = _queries(django_assert_max_num_queries, client, url, 20)
    assert large == small
    assert "KG-2026-00020" in client.get(url).content.decode()  # every row is there


def test_case_export_queries_a_constant_number_of_times_for_1_and_20_cases(client, personas):
    """The CSV export's queries do not grow with its rows, its audit included: every victim it
    names is an event of its own, and all are written to the chain at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.models import AuditAction, AuditEvent

    lead = personas["kg_investigator"]
    client.force_login(lead)

    def export() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/cases/export.csv")
            assert response.status_code == 200
            content = b"".join(response.streaming_content).decode("utf-8-sig")
        return content, len(captured)

    make_case(lead, number="3000000000000", victims=("Иванова",))
    _content, small = export()
    for n in range(1, 20):
        make_case(lead, number=f"3000000000{n:03d}", victims=("Иванова", "Петрова"))
    views = AuditEvent.objects.filter(action=AuditAction.VIEW_PROTECTED, note="cases:export")
    before = views.count()
    content, large = export()
    assert large == small
    assert content.count("Иванова") == 20  # every row is there, with its victims named
    assert views.count() - before == 39  # one event per victim named: 1 + 19 × 2


def test_case_detail_tabs_have_a_fixed_budget(
    client, personas, kg_case, django_assert_max_num_queries
):
    client.force_login(personas["kg_coordinator"])
    for tab in ("overview", "participants", "links", "attachments", "sharing", "history"):
        with django_assert_max_num_queries(25):
            assert client.get(f"/cases/{kg_case.pk}/?tab={tab}").status_code == 200


def test_participants_api_budget_does_not_grow(personas, kg_case, django_assert_max_num_queries):
    client = api_as(personas["kg_investigator"])
    with django_assert_max_num_queries(12) as before:
        client.get(f"/api/cases/{kg_case.pk}/participants/")
    from cases import services

    for n in range(10):
        services.participant_add(
            case=kg_case,
            actor=personas["kg_investigator"],
            role="witness",
            person_fields={"surname": f"Свидетель{n}", "given_name": "Иван"},
            documents=[{"kind": "passport", "number": f"N{n}", "issuing_country": "KG"}],
        )
    with django_assert_max_num_queries(12) as after:
        client.get(f"/api/cases/{kg_case.pk}/participants/")
    assert len(after) == len(before)


@pytest.mark.parametrize("url", ["/cases/", "/api/cases/", "/cases/?q=Иванова"])
def test_case_list_does_not_aggregate_over_all_participants(client, personas, url):
    """The victim count is a subquery per shown row: no GROUP BY, no COUNT(DISTINCT) over a join."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = personas["kg_investigator"]
    for n in range(3):
        make_case(lead, number=f"2000000000{n:03d}", victims=("Иванова", "Петрова"))
    client.force_login(lead)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    listing = [q["sql"] for q in captured if 'FROM "cases_case"' in q["sql"]]
    assert listing, "the page read no case"
    for sql in listing:
        assert "GROUP BY" not in sql.upper(), sql
        assert "COUNT(DISTINCT" not in sql.upper(), sql
    if url.startswith("/api/"):
        assert [row["victim_count"] for row in response.json()["results"]] == [2, 2, 2]
    else:
        assert response.context["cases"][0].victim_count == 2
