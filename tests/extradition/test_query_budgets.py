"""Every extradition list costs the same number of queries for 1 row and for 20 (issue 12,
item 8: the API list cost 13 queries for 1 file and 42 for 6 — dual criminality, lapsed custody
and the allowed steps were computed per row)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Agency
from extradition import services
from tests.conftest import api_as
from tests.extradition.conftest import open_file
from treaties.models import CriminalArticle

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


def test_a_page_builds_each_article_once_in_the_order_linked(personas, kr_case):
    """The API list reads a page's articles in two queries (which article each file names,
    then each distinct article once): the files share the article objects, and each side lists
    its articles as they were linked."""
    from extradition.models import ExtraditionFile
    from tests.extradition.conftest import kg_166, kz_128

    second = CriminalArticle.objects.filter(code=kg_166().code).exclude(pk=kg_166().pk).first()
    files = [open_file(personas, kr_case) for _ in range(3)]
    files[1].requesting_articles.add(second)
    page = list(ExtraditionFile.objects.filter(pk__in=[f.pk for f in files]).order_by("pk"))
    with CaptureQueriesContext(connection) as read:
        services.attach_articles(page)
    assert len(read) == 2
    assert [a.pk for a in services.articles_of(page[1], "requesting_articles")] == [
        kg_166().pk,
        second.pk,
    ]
    assert [a.pk for a in services.articles_of(page[0], "requested_articles")] == [kz_128().pk]
    # One object per article: a page of 50 files naming the same offence builds it once.
    assert (
        page[0].listed_articles["requested_articles"][0]
        is (page[2].listed_articles["requested_articles"][0])
    )
    # Reading them costs nothing more (the code came with the article).
    with CaptureQueriesContext(connection) as more:
        [a.code.short_name for f in page for a in services.articles_of(f, "requesting_articles")]
    assert len(more) == 0
    row = next(
        r
        for r in api_as(personas["kg_investigator"]).get("/api/extraditions/").json()["results"]
        if r["id"] == files[1].pk
    )
    assert row["requesting_articles"] == [kg_166().citation, second.citation]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_page_probes_each_file_s_custody_clocks(personas, kr_case):
    """ "Custody lapsed" on a list is a probe per file read (``RowProbe``), not a hash of every
    file's custody clocks built before the page's 50 rows are read."""
    from extradition.models import ExtraditionFile

    hold(personas, kr_case)
    page = ExtraditionFile.objects.annotate(lapsed=services.lapsed_custody())[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "hashed SubPlan" not in plan
    assert "OFFSET 0)" in sql
