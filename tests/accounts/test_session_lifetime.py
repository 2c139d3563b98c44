"""Sessions end after SESSION_IDLE_SECONDS without activity (the bell's polling is not activity)
and SESSION_ABSOLUTE_SECONDS after sign-in whatever the activity; sign-ins and sign-outs are
audited with the reason."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _lifetimes(settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_signing_in_and_out_on_the_pages_is_audited(client, personas):
    user = personas["kz_prosecutor"]
    response = client.post(
        "/login/", {"username": "kz_prosecutor", "password": PASSWORD}, REMOTE_ADDR="10.5.0.1"
    )
    assert response.status_code == 302
    client.post("/logout/", REMOTE_ADDR="10.5.0.1")
    events = list(AuditEvent.objects.order_by("id"))
    assert [(e.action, e.actor_id, e.ip, e.note) for e in events] == [
        (AuditAction.LOGIN, user.pk, "10.5.0.1", ""),
        (AuditAction.LOGOUT, user.pk, "10.5.0.1", ""),
    ]


def test_an_idle_session_is_signed_out(client, personas):
    user = personas["kg_investigator"]
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(user)
        clock.tick(29 * MINUTE)
        assert client.get("/account/preferences/").status_code == 200
        # That request was activity: the idle clock starts again from it.
        clock.tick(29 * MINUTE)
        assert client.get("/account/preferences/").status_code == 200
        clock.tick(31 * MINUTE)
        response = client.get("/account/preferences/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not _signed_in(client)
    logout = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert (logout.actor_id, logout.note) == (user.pk, "idle")
    page = client.get(response["Location"])
    assert "Вы вышли из системы из-за бездействия. Войдите снова." in page.text


def test_the_bells_polling_does_not_keep_a_session_alive(client, personas):
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(personas["kg_investigator"])
        for _ in range(5):  # an open tab polls the bell for 25 minutes
            clock.tick(5 * MINUTE)
            assert client.get("/deadlines/bell/", HTTP_HX_REQUEST="true").status_code == 200
        clock.tick(6 * MINUTE)
        # The poll that finds the session run out ends it, quietly (the signed-out bell: 204).
        assert client.get("/deadlines/bell/", HTTP_HX_REQUEST="true").status_code == 204
        assert not _signed_in(client)
    assert AuditEvent.objects.get(action=AuditAction.LOGOUT).note == "idle"


def test_a_session_ends_at_its_absolute_lifetime_however_active(client, personas):
    user = personas["kz_coordinator"]
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(user)
        for _ in range(23):  # a page every 20 minutes for 7 h 40 min
            clock.tick(20 * MINUTE)
            assert client.get("/account/preferences/").status_code == 200
        clock.tick(20 * MINUTE)
        response = client.get("/account/preferences/")
    assert response.status_code == 302
    assert not _signed_in(client)
    assert AuditEvent.objects.get(action=AuditAction.LOGOUT).note == "expired"
    page = client.get(response["Location"])
    assert "Срок вашего сеанса истёк. Войдите снова." in page.text


def test_the_lifetimes_come_from_the_settings(client, personas, settings):
    settings.SESSION_IDLE_SECONDS = 5 * 60
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(personas["kz_coordinator"])
        clock.tick(6 * MINUTE)
        assert client.get("/account/preferences/").status_code == 302
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(personas["kz_coordinator"])
        for _ in range(3):
            clock.tick(19 * MINUTE)
            assert client.get("/account/preferences/").status_code == 200
        clock.tick(3 * MINUTE)
        assert client.get("/account/preferences/").status_code == 302


def test_an_expired_session_gets_401_from_the_api(client, personas):
    with freeze_time("2026-03-02 08:00:00") as clock:
        client.force_login(personas["kz_coordinator"])
        assert client.get("/api/me/").status_code == 200
        clock.tick(31 * MINUTE)
        assert client.get("/api/me/").status_code == 401
