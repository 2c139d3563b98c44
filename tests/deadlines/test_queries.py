"""The deadline and notification lists cost the same number of queries for 1 row and for 20."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from deadlines.models import Deadline, DeadlineExtension, Notification
from tests.cases.conftest import make_case
from tests.conftest import api_as
from treaties.models import DeadlineRule

pytestmark = pytest.mark.django_db

BUDGET = 25


def add_clocks(case, count: int, *, responsible, actor) -> list[Deadline]:
    """``count`` running clocks of ``case``, each with a responsible officer and an extension
    (what a row shows), written in a few statements."""
    now = timezone.now()
    rule = DeadlineRule.objects.order_by("pk").first()
    start = Deadline.objects.count()
    clocks = Deadline.objects.bulk_create(
        Deadline(
            case=case,
            subject_type="cases.case",
            subject_id=str(case.pk),
            subject_label=case.reference,
            url=f"/cases/{case.pk}/",
            kind="mla_sent",
            rule=rule,
            title=f"Срок {start + n}",
            country=case.country,
            started_at=now,
            due_at=now + datetime.timedelta(days=n + 1),
        )
        for n in range(count)
    )
    Deadline.responsible.through.objects.bulk_create(
        Deadline.responsible.through(deadline_id=clock.pk, user_id=responsible.pk)
        for clock in clocks
    )
    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            deadline=clock,
            previous_due_at=clock.due_at,
            new_due_at=clock.due_at + datetime.timedelta(days=1),
            reason="Продлено",
            actor=actor,
        )
        for clock in clocks
    )
    return clocks


def add_notifications(user, clocks) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, deadline=clock, kind="reminder", title=clock.title, url="/")
        for clock in clocks
    )


def _count(django_assert_max_num_queries, get, url, rows: int) -> int:
    with django_assert_max_num_queries(BUDGET) as captured:
        response = get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Срок {rows - 1}" in body  # the last row is there: the list really grew
    return len(captured)


@pytest.fixture
def officer(personas):
    return personas["kg_investigator"]


@pytest.fixture
def case(officer):
    return make_case(officer, number="24-001-2026-007001", victims=())


@pytest.mark.parametrize("url", ["/deadlines/", "/api/deadlines/"])
def test_deadline_lists_cost_the_same_for_1_and_20_clocks(
    client, officer, case, django_assert_max_num_queries, url
):
    client.force_login(officer)
    get = client.get if not url.startswith("/api/") else api_as(officer).get
    add_clocks(case, 1, responsible=officer, actor=officer)
    one = _count(django_assert_max_num_queries, get, url, 1)
    add_clocks(case, 19, responsible=officer, actor=officer)
    twenty = _count(django_assert_max_num_queries, get, url, 20)
    assert twenty == one


@pytest.mark.parametrize("url", ["/deadlines/notifications/", "/api/notifications/"])
def test_notification_lists_cost_the_same_for_1_and_20_notifications(
    client, officer, case, django_assert_max_num_queries, url
):
    client.force_login(officer)
    get = client.get if not url.startswith("/api/") else api_as(officer).get
    add_notifications(officer, add_clocks(case, 1, responsible=officer, actor=officer))
    one = _count(django_assert_max_num_queries, get, url, 1)
    add_notifications(officer, add_clocks(case, 19, responsible=officer, actor=officer))
    twenty = _count(django_assert_max_num_queries, get, url, 20)
    assert twenty == one
