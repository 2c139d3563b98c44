"""Every extradition list costs the same number of queries for 1 row and for 20 (issue 12,
item 8: the API list cost 13 queries for 1 file and 42 for 6 — dual criminality, lapsed custody
and the allowed steps were computed per row)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Agency
from extradition import services
from tests.conftest import api_as
from tests.extradition.conftest import open_file

pytestmark = pytest.mark.django_db

BUDGET = 8


def hold(personas, case):
    file = open_file(personas, case)
    services.extradition_step(
        file=file,
        actor=personas["kz_prosecutor"],
        step="detain",
        data={
            "detention_place": "ИВС",
            "detained_at": timezone.now() - datetime.timedelta(hours=1),
            "detaining_agency": Agency.objects.get(pk=personas["kz_investigator"].agency_id),
        },
    )
    return file


def counts(get, personas, case, django_assert_max_num_queries):
    hold(personas, case)
    with django_assert_max_num_queries(BUDGET) as one:
        first = get()
    for _ in range(19):
        hold(personas, case)
    with django_assert_max_num_queries(BUDGET) as twenty:
        second = get()
    return len(one), len(twenty), first, second


@pytest.mark.parametrize("persona", ["kg_investigator", "kz_prosecutor"])
def test_api_list_costs_the_same_for_1_and_20_files(
    personas, kr_case, django_assert_max_num_queries, persona
):
    api = api_as(personas[persona])
    one, twenty, first, second = counts(
        lambda: api.get("/api/extraditions/"), personas, kr_case, django_assert_max_num_queries
    )
    assert one == twenty
    assert first.status_code == second.status_code == 200
    rows = second.json()["results"] if "results" in second.json() else second.json()
    assert len(rows) == 20
    # Still per row: the same answers the single-file computations give.
    row = rows[0]
    assert row["dual_criminality"]["satisfied"] is True
    assert row["custody_lapsed"] is False
    expected = {
        "kg_investigator": ["close"],
        "kz_prosecutor": ["order-custody", "receive-request", "release", "close"],
    }[persona]
    assert row["allowed_steps"] == expected


@pytest.mark.parametrize("url", ["/extradition/", "/extradition/custody/"])
def test_list_pages_cost_the_same_for_1_and_20_files(
    client, personas, kr_case, django_assert_max_num_queries, url
):
    client.force_login(personas["kz_prosecutor"])
    one, twenty, first, second = counts(
        lambda: client.get(url), personas, kr_case, django_assert_max_num_queries
    )
    assert one == twenty
    assert first.status_code == second.status_code == 200
    assert second.content.decode().count('href="/extradition/') >= 20
