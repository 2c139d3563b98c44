"""Deadlines API: the visibility rule, the shared filters, the changes and their errors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from accounts.choices import Role
from accounts.models import User
from audit.models import AuditAction, AuditEvent
from deadlines.models import Deadline, DeadlineExtension, Notification
from deadlines.services import deadline_open, deadline_pause
from tests.conftest import PERSONA_KEYS, api_as, api_with_token
from tests.factories import UserFactory
from treaties.choices import TriggerEvent

pytestmark = pytest.mark.django_db

SEES_CLOCK = {"kg_investigator", "kg_coordinator", "kz_prosecutor"}


@pytest.fixture
def bystander(agencies):
    """A KR investigator of the owning agency, not on the case: sees the clock, cannot change it."""
    return UserFactory(
        username="kg_bystander", agency=agencies["kg_mvd"], roles=[Role.INVESTIGATOR]
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- Reading ----------------------------------------------------------------------------------
def test_each_persona_lists_and_reads_only_the_clocks_it_may_see(personas, clock):
    for key in PERSONA_KEYS:
        client = api_as(personas[key])
        visible = key in SEES_CLOCK
        assert ids(client.get("/api/deadlines/")) == ([clock.pk] if visible else []), key
        assert client.get(f"/api/deadlines/{clock.pk}/").status_code == (200 if visible else 404)


def test_anonymous_callers_get_401(api_client, clock):
    assert api_client.get("/api/deadlines/").status_code == 401
    assert api_client.get(f"/api/deadlines/{clock.pk}/").status_code == 401
    assert api_client.get("/api/notifications/").status_code == 401


def test_a_clock_as_the_api_shows_it(personas, clock, sent):
    before = clock.seconds_left()
    body = api_as(personas["kz_prosecutor"]).get(f"/api/deadlines/{clock.pk}/").json()
    after = clock.seconds_left()
    assert body["kind"] == "mla_sent"
    assert body["country"] == "KZ"
    assert body["case"] == sent.case_id
    assert body["subject_type"] == "requests_mla.mlarequest"
    assert body["subject_id"] == str(sent.pk)
    assert body["subject_label"] == sent.reference
    assert body["url"] == f"/requests/{sent.pk}/"
    assert body["citation"] == clock.citation
    assert body["is_practice"] is True
    assert body["state"] == "running"
    assert body["overdue"] is False
    assert body["extensions"] == []
    # Whole seconds left when the response was made: between the clock read before and after.
    assert 0 < int(after) <= body["seconds_left"] <= before
    # The end in the law's zone, with its offset (Almaty, UTC+5).
    assert body["local_due"].endswith("T23:59:59+05:00")
    assert datetime.datetime.fromisoformat(body["local_due"]) == clock.due_at
    assert datetime.datetime.fromisoformat(body["due_at"]) == clock.due_at


def test_the_list_keeps_a_constant_number_of_queries(
    personas, kr_case, draft, django_assert_max_num_queries
):
    def client():
        # A fresh user each time, as each real request loads it (its roles are cached on it).
        return api_as(User.objects.get(pk=personas["kz_prosecutor"].pk))

    def make(n):
        for _ in range(n):
            deadline = deadline_open(
                subject=draft,
                case=kr_case,
                trigger=TriggerEvent.MLA_SENT,
                started_at=timezone.now(),
                country="KZ",
                responsible=[personas["kz_prosecutor"]],
            )
            DeadlineExtension.objects.create(
                deadline=deadline,
                previous_due_at=deadline.due_at,
                new_due_at=deadline.due_at,
                reason="x",
                actor=personas["kz_prosecutor"],
            )

    make(3)
    small_client, large_client = client(), client()
    with django_assert_max_num_queries(15) as small:
        assert len(ids(small_client.get("/api/deadlines/"))) == 3
    make(27)
    with django_assert_max_num_queries(15) as large:
        assert len(ids(large_client.get("/api/deadlines/"))) == 30
    assert len(large) == len(small)


# --- Filters ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("state=running", True),
        ("state=paused", False),
        ("country=KZ", True),
        ("country=KG", False),
        ("subject_type=requests_mla.mlarequest", True),
        ("subject_type=cases.case", False),
        ("kind=mla_sent", True),
        ("kind=person_detained", False),
        ("overdue=false", True),
        ("overdue=true", False),
    ],
)
def test_the_api_filters(personas, clock, query, found):
    client = api_as(personas["kz_prosecutor"])
    assert ids(client.get(f"/api/deadlines/?{query}")) == ([clock.pk] if found else [])


def test_the_due_before_and_case_filters(personas, clock):
    client = api_as(personas["kz_prosecutor"])
    after = (clock.due_at + datetime.timedelta(minutes=1)).isoformat()
    before = (clock.due_at - datetime.timedelta(minutes=1)).isoformat()
    assert ids(client.get("/api/deadlines/", {"due_before": after})) == [clock.pk]
    assert ids(client.get("/api/deadlines/", {"due_before": before})) == []
    assert ids(client.get("/api/deadlines/", {"case": clock.case_id})) == [clock.pk]
    assert ids(client.get("/api/deadlines/", {"case": clock.case_id + 1000})) == []
    assert client.get("/api/deadlines/", {"state": "nonsense"}).status_code == 400


def test_an_overdue_clock_is_found_by_the_overdue_filter(personas, clock):
    client = api_as(personas["kz_prosecutor"])
    with freeze_time(clock.due_at + datetime.timedelta(days=1)):
        assert ids(client.get("/api/deadlines/?overdue=true")) == [clock.pk]
        assert ids(client.get("/api/deadlines/?overdue=false")) == []
        body = client.get(f"/api/deadlines/{clock.pk}/").json()
        assert body["overdue"] is True
        assert body["seconds_left"] < 0
    # A paused clock is not overdue: it is not running.
    deadline_pause(deadline=clock, actor=personas["kz_prosecutor"], reason="Ждём")
    with freeze_time(clock.due_at + datetime.timedelta(days=1)):
        assert ids(client.get("/api/deadlines/?overdue=true")) == []


# --- Changes ----------------------------------------------------------------------------------
def test_pause_resume_extend_through_the_api(personas, clock):
    client = api_as(personas["kz_prosecutor"])
    response = client.post(
        f"/api/deadlines/{clock.pk}/pause/", {"reason": "Ждём перевода"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "paused"
    event = AuditEvent.objects.for_object(clock).filter(action=AuditAction.TRANSITION).get()
    assert event.note == "Ждём перевода"
    assert event.actor == personas["kz_prosecutor"]

    response = client.post(f"/api/deadlines/{clock.pk}/resume/", {"reason": "Есть"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "running"

    clock.refresh_from_db()
    new_due = clock.due_at + datetime.timedelta(days=14)
    response = client.post(
        f"/api/deadlines/{clock.pk}/extend/",
        {"new_due_at": new_due.isoformat(), "reason": "Продлено письмом"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert datetime.datetime.fromisoformat(body["due_at"]) == new_due
    assert len(body["extensions"]) == 1
    assert body["extensions"][0]["reason"] == "Продлено письмом"
    assert body["extensions"][0]["actor"] == personas["kz_prosecutor"].display_name
    assert AuditEvent.objects.for_object(clock).filter(action=AuditAction.UPDATE).exists()


def test_a_naive_new_end_is_read_in_the_users_zone(personas, clock):
    client = api_with_token(personas["kz_prosecutor"])  # Almaty, UTC+5; no session
    wanted = (clock.due_at + datetime.timedelta(days=3)).astimezone(clock.zone)
    naive = wanted.replace(tzinfo=None, microsecond=0).isoformat()
    response = client.post(
        f"/api/deadlines/{clock.pk}/extend/", {"new_due_at": naive, "reason": "x"}, format="json"
    )
    assert response.status_code == 200, response.json()
    clock.refresh_from_db()
    assert clock.due_at == wanted.replace(microsecond=0)


@pytest.mark.parametrize("verb", ["pause", "resume", "extend"])
def test_a_change_needs_a_reason(personas, clock, verb):
    client = api_as(personas["kz_prosecutor"])
    later = (clock.due_at + datetime.timedelta(days=1)).isoformat()
    data = {"new_due_at": later} if verb == "extend" else {}
    for reason in (None, "", "   "):
        payload = data if reason is None else {**data, "reason": reason}
        response = client.post(f"/api/deadlines/{clock.pk}/{verb}/", payload, format="json")
        assert response.status_code == 400
        assert "reason" in response.json()
    assert Deadline.objects.get(pk=clock.pk).state == "running"


def test_unknown_fields_are_refused(personas, clock):
    response = api_as(personas["kz_prosecutor"]).post(
        f"/api/deadlines/{clock.pk}/pause/", {"reason": "x", "state": "met"}, format="json"
    )
    assert response.status_code == 400
    assert "state" in response.json()


def test_a_change_the_state_does_not_allow_is_409(personas, clock):
    client = api_as(personas["kz_prosecutor"])
    response = client.post(f"/api/deadlines/{clock.pk}/resume/", {"reason": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"]
    client.post(f"/api/deadlines/{clock.pk}/pause/", {"reason": "x"}, format="json")
    response = client.post(f"/api/deadlines/{clock.pk}/pause/", {"reason": "x"}, format="json")
    assert response.status_code == 409


def test_an_extension_must_end_later(personas, clock):
    response = api_as(personas["kz_prosecutor"]).post(
        f"/api/deadlines/{clock.pk}/extend/",
        {"new_due_at": (clock.due_at - datetime.timedelta(days=1)).isoformat(), "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "new_due_at" in response.json()
    assert not DeadlineExtension.objects.exists()


def test_who_may_not_change_gets_403_and_who_may_not_see_gets_404(personas, clock, bystander):
    later = (clock.due_at + datetime.timedelta(days=1)).isoformat()
    assert ids(api_as(bystander).get("/api/deadlines/")) == [clock.pk]
    for verb, payload in (
        ("pause", {"reason": "x"}),
        ("extend", {"reason": "x", "new_due_at": later}),
    ):
        response = api_as(bystander).post(
            f"/api/deadlines/{clock.pk}/{verb}/", payload, format="json"
        )
        assert response.status_code == 403
        response = api_as(personas["kz_investigator"]).post(
            f"/api/deadlines/{clock.pk}/{verb}/", payload, format="json"
        )
        assert response.status_code == 404
    clock.refresh_from_db()
    assert clock.state == "running"
    assert not DeadlineExtension.objects.exists()
    assert not AuditEvent.objects.for_object(clock).exclude(action=AuditAction.CREATE).exists()


def test_changes_are_post_only(personas, clock):
    client = api_as(personas["kz_prosecutor"])
    for verb in ("pause", "resume", "extend"):
        assert client.get(f"/api/deadlines/{clock.pk}/{verb}/").status_code == 405
    assert client.delete(f"/api/deadlines/{clock.pk}/").status_code == 405


# --- Notifications ----------------------------------------------------------------------------
def notify(user, title: str, **extra) -> Notification:
    return Notification.objects.create(recipient=user, kind="test", title=title, **extra)


def test_notifications_are_the_users_own(personas):
    me, other = personas["kz_prosecutor"], personas["kz_investigator"]
    with freeze_time("2026-05-01 08:00:00"):
        older = notify(me, "Первое", read_at=timezone.now())
    with freeze_time("2026-05-02 08:00:00"):
        newer = notify(me, "Второе")
    theirs = notify(other, "Чужое")
    client = api_as(me)
    assert ids(client.get("/api/notifications/")) == [newer.pk, older.pk]
    assert ids(client.get("/api/notifications/?unread=true")) == [newer.pk]
    assert ids(client.get("/api/notifications/?unread=false")) == [older.pk]
    assert client.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    body = client.get(f"/api/notifications/{newer.pk}/").json()
    assert body["unread"] is True
    assert body["title"] == "Второе"


def test_read_marks_ones_own_notification_only(personas):
    me = personas["kz_prosecutor"]
    mine, theirs = notify(me, "Моё"), notify(personas["kz_investigator"], "Чужое")
    client = api_as(me)
    response = client.post(f"/api/notifications/{mine.pk}/read/")
    assert response.status_code == 200
    assert response.json()["unread"] is False
    mine.refresh_from_db()
    first_read = mine.read_at
    assert first_read is not None
    client.post(f"/api/notifications/{mine.pk}/read/")  # again: the first reading stays
    mine.refresh_from_db()
    assert mine.read_at == first_read
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
