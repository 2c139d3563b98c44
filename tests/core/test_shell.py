"""The portal shell: sign-in, navigation, languages and time zones."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/registry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/registry/")


def test_sign_in_page_is_russian_by_default(client):
    page = client.get("/login/").content.decode()
    assert '<html lang="ru">' in page
    assert "Вход" in page


def test_wrong_password_is_a_message_not_an_error(client, personas):
    response = client.post("/login/", {"username": "kg_investigator", "password": "nope"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_sign_in_and_see_name_agency_and_country(client, personas):
    response = client.post(
        "/login/", {"username": "kg_investigator", "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "Тестов kg_investigator" in page
    assert "МВД Кыргызской Республики" in page
    assert "Кыргызская Республика" in page


def test_switch_to_english(client, personas):
    client.force_login(personas["kz_investigator"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Registry" in page
    assert "Sign out" in page


def test_navigation_shows_audit_only_to_auditors(client, personas):
    client.force_login(personas["kg_investigator"])
    assert 'href="/audit/"' not in client.get("/").content.decode()
    client.force_login(personas["auditor"])
    assert 'href="/audit/"' in client.get("/").content.decode()


@freeze_time("2026-06-01 20:30:00")
def test_times_are_shown_in_the_users_zone(client, personas):
    client.force_login(personas["kg_investigator"])  # Asia/Bishkek, UTC+6
    assert "02.06.2026 02:30" in client.get("/").content.decode()
    client.force_login(personas["kz_investigator"])  # Asia/Almaty, UTC+5 since 2024-03-01
    assert "02.06.2026 01:30" in client.get("/").content.decode()


def test_zone_defaults_from_country_and_can_be_chosen(personas):
    kz = personas["kz_investigator"]
    assert kz.zone_name == "Asia/Almaty"
    # Kazakhstan's clocks moved to UTC+5 on 2024-03-01: the zone data must know it.
    assert datetime.datetime(2024, 3, 2, tzinfo=kz.zone).utcoffset() == datetime.timedelta(hours=5)
    assert datetime.datetime(2024, 2, 1, tzinfo=kz.zone).utcoffset() == datetime.timedelta(hours=6)
    kz.time_zone = "UTC"
    assert kz.zone_name == "UTC"
    nobody = User(username="tech")
    assert nobody.zone_name == "UTC"


def test_logout_is_post_only(client, personas):
    client.force_login(personas["kg_investigator"])
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_russian_even_when_the_browser_prefers_english(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ru">' in page


def test_an_unknown_language_cookie_falls_back_to_russian(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="ru">' in client.get("/login/").content.decode()
