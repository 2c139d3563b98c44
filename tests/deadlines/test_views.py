"""Deadline pages: who sees which clock, changing a clock, notifications, the bell, the feed."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from freezegun import freeze_time

from accounts.choices import Role
from audit.models import AuditAction, AuditEvent
from deadlines import ical
from deadlines.models import CalendarFeed, DeadlineExtension, DeadlineState, Notification
from deadlines.panel import countdown_text, panel_deadlines
from deadlines.services import deadline_open
from tests.cases.conftest import make_case
from tests.factories import UserFactory
from treaties.choices import TriggerEvent

pytestmark = pytest.mark.django_db

# Who sees the execution clock of a KR request sent to Kazakhstan: the KR case's investigator
# and coordinator (through the case), the KZ prosecutor (it is addressed to the requested side).
SEES_CLOCK = {"kg_investigator", "kg_coordinator", "kz_prosecutor"}


@pytest.fixture
def bystander(agencies):
    """A KR investigator of the owning agency, not on the case: sees the clock, cannot change it."""
    return UserFactory(
        username="kg_bystander", agency=agencies["kg_mvd"], roles=[Role.INVESTIGATOR]
    )


def rows(response_or_page) -> list[str]:
    page = getattr(response_or_page, "content", response_or_page)
    page = page.decode() if isinstance(page, bytes) else page
    return re.findall(r'data-deadline="(\d+)"', page)


# --- My deadlines -----------------------------------------------------------------------------
def test_my_deadlines_lists_the_clocks_each_persona_may_see(client, personas, clock):
    for key, user in personas.items():
        client.force_login(user)
        response = client.get("/deadlines/")
        assert response.status_code == 200
        expected = [str(clock.pk)] if key in SEES_CLOCK else []
        assert rows(response) == expected, key


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for path in ("/deadlines/", "/deadlines/notifications/", "/deadlines/calendar/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_a_row_shows_subject_citation_zones_countdown_and_urgency(client, personas, clock, sent):
    client.force_login(personas["kg_investigator"])  # Bishkek, UTC+6; the clock is KZ, UTC+5
    page = client.get("/deadlines/").content.decode()
    assert f'<a href="/requests/{sent.pk}/">{clock.subject_label}</a>' in page
    assert f'<tr class="table-{clock.urgency}"' in page
    # The rule and its article on hover.
    assert f'title="{clock.rule.name} — {clock.citation}"' in page
    bishkek = clock.due_at.astimezone(zoneinfo.ZoneInfo("Asia/Bishkek"))
    almaty = clock.due_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))
    # In the zone of the law that sets it, then in the viewer's (it reads differently), UTC on
    # hover.
    assert (
        f"<span>{almaty.strftime('%d.%m.%Y %H:%M')} (Алматы)</span> · "
        f'<span class="text-muted">{bishkek.strftime("%d.%m.%Y %H:%M")} (Бишкек)</span>'
    ) in page
    assert f'title="{clock.due_at.strftime("%d.%m.%Y %H:%M")} UTC"' in page
    assert almaty.strftime("%H:%M") == "23:59"  # the end of the last day where the law runs
    countdown = re.search(
        r'<span class="countdown[^"]*"[^>]*data-due="([^"]+)"[^>]*>([^<]+)<', page
    )
    assert datetime.datetime.fromisoformat(countdown.group(1)) == clock.due_at
    assert re.fullmatch(r"\d+ \S+ \d\d:\d\d:\d\d", countdown.group(2))
    assert "/static/js/countdown.js" in page  # the tiny script file that keeps it ticking


def test_countdown_text_counts_days_hours_minutes_seconds():
    assert re.fullmatch(r"2 \S+ 03:04:05", countdown_text(2 * 86400 + 3 * 3600 + 4 * 60 + 5))
    assert countdown_text(-61).startswith("−0 ")
    assert countdown_text(-61).endswith("00:01:01")


def test_the_actions_are_offered_only_to_those_who_may_change_the_clock(
    client, personas, clock, bystander
):
    client.force_login(personas["kz_prosecutor"])  # the requested state's clock: theirs
    page = client.get("/deadlines/").content.decode()
    assert f"/deadlines/{clock.pk}/pause/" in page
    assert f"/deadlines/{clock.pk}/extend/" in page
    # The requesting side sees the clock of its request but does not run the other state's.
    client.force_login(personas["kg_investigator"])
    page = client.get("/deadlines/").content.decode()
    assert rows(page) == [str(clock.pk)]
    assert f"/deadlines/{clock.pk}/pause/" not in page
    client.force_login(bystander)
    page = client.get("/deadlines/").content.decode()
    assert rows(page) == [str(clock.pk)]
    assert f"/deadlines/{clock.pk}/pause/" not in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("kind=mla_sent", True),
        ("kind=task_assigned", False),
        ("country=KZ", True),
        ("country=KG", False),
        ("state=running", True),
        ("state=paused", False),
        ("overdue=true", False),
        ("overdue=false", True),
        ("subject_type=requests_mla.mlarequest", True),
        ("subject_type=teams.task", False),
        ("due_before=2000-01-01T00:00", False),
        ("due_before=2999-01-01T00:00", True),
    ],
)
def test_the_page_filters(client, personas, clock, query, found):
    client.force_login(personas["kg_investigator"])
    response = client.get(f"/deadlines/?{query}")
    assert response.status_code == 200
    assert rows(response) == ([str(clock.pk)] if found else [])


def test_the_case_filter(client, personas, clock):
    client.force_login(personas["kg_investigator"])
    assert rows(client.get(f"/deadlines/?case={clock.case_id}")) == [str(clock.pk)]
    assert rows(client.get(f"/deadlines/?case={clock.case_id + 1000}")) == []


def test_the_page_keeps_a_constant_number_of_queries(
    client, personas, kr_case, draft, django_assert_max_num_queries
):
    other_case = make_case(personas["kg_investigator"], number="24-001-2026-000777")
    client.force_login(personas["kg_investigator"])

    def make(n):
        for i in range(n):
            deadline_open(
                subject=draft,
                case=kr_case if i % 2 else other_case,
                trigger=TriggerEvent.MLA_SENT,
                started_at=timezone.now(),
                country="KZ" if i % 3 else "KG",
                responsible=[personas["kz_prosecutor"]],
                escalation=[personas["kz_coordinator"]],
            )

    make(3)
    with django_assert_max_num_queries(20) as small:
        assert len(rows(client.get("/deadlines/"))) == 3
    make(27)
    with django_assert_max_num_queries(20) as large:
        assert len(rows(client.get("/deadlines/"))) == 25  # a full page
    assert len(large) == len(small)


# --- Pause, resume, extend --------------------------------------------------------------------
def test_pause_resume_and_extend_through_the_page(client, personas, clock):
    client.force_login(personas["kz_prosecutor"])
    response = client.post(f"/deadlines/{clock.pk}/pause/", {"reason": "Ждём перевода"})
    assert response.status_code == 302
    assert response["Location"] == "/deadlines/"
    clock.refresh_from_db()
    assert clock.state == "paused"
    event = AuditEvent.objects.for_object(clock).filter(action=AuditAction.TRANSITION).get()
    assert event.note == "Ждём перевода"
    assert event.actor == personas["kz_prosecutor"]

    response = client.post(
        f"/deadlines/{clock.pk}/resume/", {"reason": "Перевод получен"}, follow=True
    )
    assert "alert-success" in response.content.decode()
    clock.refresh_from_db()
    assert clock.state == "running"

    # Typed in the user's zone (Almaty for the KZ prosecutor).
    new_end = (clock.due_at + datetime.timedelta(days=10)).astimezone(
        zoneinfo.ZoneInfo("Asia/Almaty")
    )
    response = client.post(
        f"/deadlines/{clock.pk}/extend/",
        {"new_due_at": new_end.strftime("%Y-%m-%dT%H:%M"), "reason": "Продлено письмом"},
    )
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.due_at == new_end.replace(second=0, microsecond=0)
    extension = DeadlineExtension.objects.get(deadline=clock)
    assert extension.reason == "Продлено письмом"
    assert AuditEvent.objects.for_object(clock).filter(action=AuditAction.UPDATE).exists()


def test_a_change_without_a_reason_is_refused_with_a_message(client, personas, clock):
    client.force_login(personas["kg_investigator"])
    response = client.post(f"/deadlines/{clock.pk}/pause/", {"reason": "  "}, follow=True)
    assert "alert-danger" in response.content.decode()
    clock.refresh_from_db()
    assert clock.state == "running"
    response = client.post(
        f"/deadlines/{clock.pk}/extend/", {"new_due_at": "2999-01-01T10:00"}, follow=True
    )
    assert "alert-danger" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


def test_a_change_the_state_does_not_allow_is_a_message(client, personas, clock):
    client.force_login(personas["kz_prosecutor"])
    response = client.post(f"/deadlines/{clock.pk}/resume/", {"reason": "x"}, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    earlier = (clock.due_at - datetime.timedelta(days=1)).astimezone(
        zoneinfo.ZoneInfo("Asia/Bishkek")
    )
    response = client.post(
        f"/deadlines/{clock.pk}/extend/",
        {"new_due_at": earlier.strftime("%Y-%m-%dT%H:%M"), "reason": "x"},
        follow=True,
    )
    assert "alert-danger" in response.content.decode()
    clock.refresh_from_db()
    assert clock.state == "running"
    assert not DeadlineExtension.objects.exists()


def test_who_may_not_change_gets_403_and_who_may_not_see_gets_404(
    client, personas, clock, bystander
):
    client.force_login(bystander)
    assert client.post(f"/deadlines/{clock.pk}/pause/", {"reason": "x"}).status_code == 403
    client.force_login(personas["kz_investigator"])
    for verb in ("pause", "resume", "extend"):
        response = client.post(
            f"/deadlines/{clock.pk}/{verb}/", {"reason": "x", "new_due_at": "2999-01-01T10:00"}
        )
        assert response.status_code == 404
        assert client.get(f"/deadlines/{clock.pk}/{verb}/").status_code == 404
    clock.refresh_from_db()
    assert clock.state == "running"
    assert not DeadlineExtension.objects.exists()


def test_transitions_are_post_only(client, personas, clock):
    client.force_login(personas["kg_investigator"])
    for verb in ("pause", "resume", "extend"):
        assert client.get(f"/deadlines/{clock.pk}/{verb}/").status_code == 405


def test_a_change_returns_to_a_page_of_this_site_only(client, personas, clock):
    client.force_login(personas["kz_prosecutor"])
    response = client.post(
        f"/deadlines/{clock.pk}/pause/", {"reason": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/deadlines/"
    response = client.post(
        f"/deadlines/{clock.pk}/resume/", {"reason": "x", "next": f"/requests/{clock.subject_id}/"}
    )
    assert response["Location"] == f"/requests/{clock.subject_id}/"


# --- The panel ----------------------------------------------------------------------------------
def test_the_panel_shows_a_subjects_clocks_to_those_who_see_them(personas, clock, sent):
    request = RequestFactory().get(f"/requests/{sent.pk}/")
    request.user = personas["kz_prosecutor"]
    html = render_to_string(
        "includes/deadline_panel.html",
        {"deadlines": panel_deadlines(personas["kz_prosecutor"], sent)},
        request=request,
    )
    assert f'data-deadline="{clock.pk}"' in html
    assert f"/deadlines/{clock.pk}/pause/" in html
    assert f'name="next" value="/requests/{sent.pk}/"' in html
    assert 'class="countdown' in html
    assert panel_deadlines(personas["kz_investigator"], sent) == []


# --- Notifications and the bell ---------------------------------------------------------------
def notify(user, title: str, **extra) -> Notification:
    return Notification.objects.create(recipient=user, kind="test", title=title, **extra)


def test_notifications_are_the_users_own_newest_first(client, personas):
    me, other = personas["kz_prosecutor"], personas["kz_investigator"]
    with freeze_time("2026-05-01 08:00:00"):
        notify(me, "Первое")
    with freeze_time("2026-05-02 08:00:00"):
        notify(me, "Второе", url="/requests/1/", body="UNTOC, ст. 18")
    notify(other, "Чужое")
    client.force_login(me)
    page = client.get("/deadlines/notifications/").content.decode()
    assert page.index("Второе") < page.index("Первое")
    assert "Чужое" not in page
    assert page.count('data-unread="true"') == 2
    assert 'href="/requests/1/"' in page


def test_mark_read_and_mark_all_read(client, personas):
    me = personas["kz_prosecutor"]
    first, second = notify(me, "Первое"), notify(me, "Второе")
    client.force_login(me)
    response = client.post(f"/deadlines/notifications/{first.pk}/read/")
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert client.get(f"/deadlines/notifications/{first.pk}/read/").status_code == 405
    client.post("/deadlines/notifications/read-all/")
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()


def test_another_users_notification_is_not_found(client, personas):
    theirs = notify(personas["kz_investigator"], "Чужое")
    client.force_login(personas["kz_prosecutor"])
    assert client.post(f"/deadlines/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/deadlines/notifications/{theirs.pk}/read/").status_code == 404
    client.post("/deadlines/notifications/read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_bell_counts_unread_notifications_with_one_query(client, personas):
    me = personas["kz_prosecutor"]
    notify(me, "Одно")
    notify(me, "Другое")
    notify(me, "Прочитанное", read_at=timezone.now())
    notify(personas["kz_investigator"], "Чужое")
    client.force_login(me)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/deadlines/bell/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-get="/deadlines/bell/"' in html
    assert 'hx-trigger="every 30s"' in html
    assert 'hx-swap="outerHTML"' in html
    assert 'data-testid="bell"' in html
    assert re.search(r'data-testid="bell-count">2<', html)
    assert 'href="/deadlines/notifications/"' in html
    on_notifications = [q for q in queries.captured_queries if "deadlines_notification" in q["sql"]]
    assert len(on_notifications) == 1
    assert "COUNT" in on_notifications[0]["sql"].upper()


def test_a_signed_out_bell_keeps_quiet(client):
    assert client.get("/deadlines/bell/", HTTP_HX_REQUEST="true").status_code == 204
    assert client.get("/deadlines/bell/").status_code == 302


def test_the_bell_included_without_a_count_loads_it_at_once():
    html = render_to_string("includes/bell.html", {})
    assert 'hx-trigger="load, every 30s"' in html
    assert 'data-testid="bell-count"' in html


# --- The calendar feed ------------------------------------------------------------------------
def feed_of(client, user) -> str:
    client.force_login(user)
    client.post("/deadlines/calendar/", {"action": "create"})
    return CalendarFeed.objects.get(user=user).token


def test_feed_settings_create_and_revoke(client, personas):
    me = personas["kz_prosecutor"]
    client.force_login(me)
    page = client.get("/deadlines/calendar/").content.decode()
    assert 'data-testid="feed-create"' in page
    assert client.post("/deadlines/calendar/", {"action": "create"}).status_code == 302
    feed = CalendarFeed.objects.get(user=me)
    page = client.get("/deadlines/calendar/").content.decode()
    assert f"/deadlines/{feed.token}.ics" in page
    old = feed.token
    client.post("/deadlines/calendar/", {"action": "create"})  # a second click keeps it
    assert CalendarFeed.objects.get(user=me).token == old
    client.post("/deadlines/calendar/", {"action": "revoke"})
    new = CalendarFeed.objects.get(user=me).token
    assert new != old
    client.logout()
    assert client.get(f"/deadlines/{old}.ics").status_code == 404
    assert client.get(f"/deadlines/{new}.ics").status_code == 200
    events = AuditEvent.objects.filter(object_type="deadlines.calendarfeed")
    assert {e.action for e in events} == {AuditAction.TOKEN, AuditAction.REVOKE}
    assert not any(old in (e.note + e.object_repr) for e in events)


def test_an_unknown_token_is_not_found_for_anyone(client, personas):
    assert client.get("/deadlines/no-such-token.ics").status_code == 404
    client.force_login(personas["kg_investigator"])
    assert client.get("/deadlines/no-such-token.ics").status_code == 404


def test_the_feed_lists_the_owners_clocks_in_icalendar(client, personas, clock, sent, settings):
    settings.PORTAL_BASE_URL = "https://portal.example"
    token = feed_of(client, personas["kz_prosecutor"])
    client.logout()  # calendar programs do not sign in
    response = client.get(f"/deadlines/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    physical = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical)
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:deadline-{clock.pk}@portal\r\n" in text
    due = clock.due_at.astimezone(datetime.UTC)
    assert f"DTSTART:{due.strftime('%Y%m%dT%H%M%SZ')}\r\n" in text
    assert "DTEND:" in text
    assert f"SUMMARY:{ical.escape_text(f'{clock.title}: {clock.subject_label}')}\r\n" in text
    # The rule's citation has a comma and a semicolon: both escaped.
    assert "UNTOC\\, ст. 18(24)\\; целевой срок" in text
    assert f"\\nhttps://portal.example/requests/{sent.pk}/\r\n" in text
    assert f"URL:https://portal.example/requests/{sent.pk}/\r\n" in text
    # No victim's name: labels are references.
    assert "Мамытова" not in text


def test_the_feed_of_someone_who_may_not_see_the_clock_is_empty(client, personas, clock):
    token = feed_of(client, personas["kz_investigator"])
    client.logout()
    text = client.get(f"/deadlines/{token}.ics").content.decode()
    assert "BEGIN:VEVENT" not in text
    assert "END:VCALENDAR" in text


def test_a_deactivated_users_feed_stops(client, personas, clock):
    me = personas["kz_prosecutor"]
    token = feed_of(client, me)
    me.is_active = False
    me.save(update_fields=["is_active"])
    client.logout()
    assert client.get(f"/deadlines/{token}.ics").status_code == 404


def test_ical_escaping_and_folding():
    assert ical.escape_text("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf"
    line = "DESCRIPTION:" + "Срок исполнения запроса о правовой помощи, " * 5
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line  # nothing lost or split


def test_a_paused_clock_says_so_in_the_feed(client, personas, clock):
    from deadlines.services import deadline_pause

    deadline_pause(deadline=clock, actor=personas["kz_prosecutor"], reason="Ждём")
    token = feed_of(client, personas["kz_prosecutor"])
    text = client.get(f"/deadlines/{token}.ics").content.decode().replace("\r\n ", "")
    summary = re.search(r"SUMMARY:(.*)\r\n", text).group(1)
    with translation.override(settings.LANGUAGE_CODE):  # the feed speaks the portal's language
        paused = str(DeadlineState.PAUSED.label)
    assert summary == ical.escape_text(f"{clock.title}: {clock.subject_label} ({paused})")


def test_the_subject_filter_offers_every_kind_of_record_with_clocks(client, personas):
    """A fixed list from the apps' registrations, not the distinct values of visible clocks."""
    from deadlines import subjects

    assert {label for label, _name in subjects.subject_choices()} == {
        "requests_mla.mlarequest",
        "extradition.extraditionfile",
        "teams.jointteam",
        "teams.task",
        "exchange.message",
        "operations.operation",
    }
    client.force_login(personas["kg_investigator"])
    body = client.get("/deadlines/").content.decode()
    for label in ("requests_mla.mlarequest", "extradition.extraditionfile", "teams.task"):
        assert f'value="{label}"' in body


def test_a_record_kind_not_registered_cannot_carry_a_clock(personas):
    from django.core.exceptions import ImproperlyConfigured

    from deadlines.services import _subject_fields

    with pytest.raises(ImproperlyConfigured):
        _subject_fields(personas["kg_investigator"])
