"""The team lists cost the same number of queries for 1 row and for 20."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from teams import services
from tests.conftest import api_as
from treaties.models import Instrument

pytestmark = pytest.mark.django_db

BUDGET = 20


def add_teams(personas, mirror, count: int, start: int) -> None:
    today = timezone.localdate()
    for n in range(start, start + count):
        services.team_create(
            actor=personas["kg_coordinator"],
            name=f"ССГ №{n}",
            cases=list(mirror),
            instruments=[Instrument.objects.get(short_name="UNTOC")],
            purpose="Совместное расследование.",
            kg_leader=personas["kg_coordinator"],
            kz_leader=personas["kz_coordinator"],
            starts_on=today,
            ends_on=today + datetime.timedelta(days=180),
        )


def add_tasks(personas, team, count: int, start: int) -> None:
    kr = team.cases.get(country="KG")
    for n in range(start, start + count):
        services.task_create(
            team=team,
            actor=personas["kg_coordinator"],
            title=f"Задание №{n}",
            case=kr,
            assignee=personas["kg_investigator"],
            due_on=timezone.localdate() + datetime.timedelta(days=n + 1),
        )


def _count(django_assert_max_num_queries, get, url, last: str) -> int:
    with django_assert_max_num_queries(BUDGET) as captured:
        response = get(url)
    assert response.status_code == 200
    assert last in response.content.decode()  # the list really grew
    return len(captured)


def test_team_list_costs_the_same_for_1_and_20_teams(
    client, personas, mirror, django_assert_max_num_queries
):
    client.force_login(personas["kg_coordinator"])
    add_teams(personas, mirror, 1, 1)
    one = _count(django_assert_max_num_queries, client.get, "/teams/", "ССГ №1")
    add_teams(personas, mirror, 19, 2)
    twenty = _count(django_assert_max_num_queries, client.get, "/teams/", "ССГ №20")
    assert twenty == one


def test_team_list_shows_25_to_a_page_newest_first(client, personas, mirror):
    client.force_login(personas["kg_coordinator"])
    add_teams(personas, mirror, 27, 1)
    first = client.get("/teams/").content.decode()
    assert "ССГ №27<" in first and "ССГ №3<" in first and "ССГ №2<" not in first
    assert "?page=2" in first
    second = client.get("/teams/?page=2").content.decode()
    assert "ССГ №2<" in second and "ССГ №1<" in second and "ССГ №3<" not in second


@pytest.mark.parametrize("url", ["/api/tasks/", "/teams/my-tasks/"])
def test_task_lists_cost_the_same_for_1_and_20_tasks(
    client, personas, team, django_assert_max_num_queries, url
):
    officer = personas["kg_investigator"]
    client.force_login(officer)
    get = api_as(officer).get if url.startswith("/api/") else client.get
    add_tasks(personas, team, 1, 1)
    one = _count(django_assert_max_num_queries, get, url, "Задание №1")
    add_tasks(personas, team, 19, 2)
    twenty = _count(django_assert_max_num_queries, get, url, "Задание №20")
    assert twenty == one


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fence is PostgreSQL's planner's business"
)
def test_team_rule_probes_each_link_row_even_when_every_team_is_read(personas, team):
    # A team's cases are few against the officer's agency's cases: the rule probes the case of
    # each link row (OFFSET 0 fences the subquery) instead of hashing every case they may
    # change, also in a count or an unlimited read.
    from teams.models import JointTeam, Task

    user = personas["kg_coordinator"]
    for queryset in (
        JointTeam.objects.visible_to(user),
        JointTeam.objects.visible_to(user).values("pk"),
        Task.objects.filter(team__in=JointTeam.objects.visible_to(user).values("pk")),
    ):
        sql, _params = queryset.query.sql_with_params()
        assert "OFFSET 0)" in sql
    assert JointTeam.objects.visible_to(user).filter(pk=team.pk).exists()
    for outside in ("kg_prosecutor", "outsider"):
        assert not JointTeam.objects.visible_to(personas[outside]).filter(pk=team.pk).exists()
