"""API tokens: stored hashed, expiring, revoked by POST /api/auth/logout/ and from the
preferences page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _token(username: str = "kz_prosecutor") -> dict:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def _me(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/me/").status_code


def test_the_token_is_stored_hashed(personas):
    key = _token()["token"]
    stored = AuthToken.objects.get(user=personas["kz_prosecutor"])
    assert stored.digest == hash_token(key) != key
    # Only a prefix stays in clear (to find the row); the whole key is nowhere in the table.
    assert key.startswith(stored.token_key) and len(stored.token_key) < len(key) // 4
    table = connection.ops.quote_name(AuthToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  (a model's own table name)
        rows = cursor.fetchall()
    assert not any(key in str(value) for row in rows for value in row)


def test_the_token_expires_after_its_lifetime(personas):
    with freeze_time("2026-03-02 08:00:00") as clock:
        body = _token()
        assert datetime.datetime.fromisoformat(body["expiry"]) == timezone.now() + (
            datetime.timedelta(hours=10)
        )
        clock.tick(datetime.timedelta(hours=9, minutes=59))
        assert _me(body["token"]) == 200
        clock.tick(datetime.timedelta(minutes=2))
        assert _me(body["token"]) == 401


def test_the_lifetime_comes_from_the_settings(personas, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": datetime.timedelta(hours=1)}
    with freeze_time("2026-03-02 08:00:00") as clock:
        token = _token()["token"]
        clock.tick(datetime.timedelta(minutes=59))
        assert _me(token) == 200
        clock.tick(datetime.timedelta(minutes=2))
        assert _me(token) == 401


def test_logout_revokes_the_token_in_use_only(personas):
    first, second = _token()["token"], _token()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.post("/api/auth/logout/").status_code == 204
    assert _me(first) == 401
    assert _me(second) == 200
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert event.actor == personas["kz_prosecutor"]
    assert event.note == f"{first[:8]}… logout"


def test_logout_without_a_token_ends_the_session(client, personas):
    client.force_login(personas["kg_investigator"])
    assert client.post("/api/auth/logout/").status_code == 204
    assert client.get("/api/me/").status_code == 401
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).count() == 1


def test_logout_needs_a_signed_in_caller(api_client):
    assert api_client.post("/api/auth/logout/").status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Token ",
        "Token a b",
        "Token " + "0" * 64,
        "Token \u00e9\u00e9\u00e9",
        "token " + "f" * 64,
    ],
)
def test_malformed_or_unknown_tokens_are_401(personas, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/me/").status_code == 401


def test_the_preferences_page_lists_ones_own_valid_tokens(client, personas):
    mine = [_token()["token"] for _ in range(2)]
    others = _token("kg_prosecutor")["token"]
    with freeze_time(timezone.now() - datetime.timedelta(hours=11)):
        expired = _token()["token"]
    client.force_login(personas["kz_prosecutor"])
    page = client.get("/account/preferences/").text
    for key in mine:
        assert f"{key[:8]}…" in page
        assert key not in page  # never the key itself
    assert f"{others[:8]}…" not in page
    assert f"{expired[:8]}…" not in page


def test_revoking_a_token_from_the_preferences_page(client, personas):
    keep, revoke = _token()["token"], _token()["token"]
    user = personas["kz_prosecutor"]
    client.force_login(user)
    digest = AuthToken.objects.get(digest=hash_token(revoke)).digest
    response = client.post("/account/tokens/revoke/", {"digest": digest}, follow=True)
    assert response.redirect_chain == [("/account/preferences/", 302)]
    assert f"API-токен {revoke[:8]}… отозван." in response.text
    assert _me(revoke) == 401
    assert _me(keep) == 200
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert (event.actor, event.note) == (user, f"{revoke[:8]}… revoked")


def test_another_officers_token_cannot_be_revoked(client, personas):
    theirs = _token("kg_prosecutor")["token"]
    client.force_login(personas["kz_prosecutor"])
    response = client.post("/account/tokens/revoke/", {"digest": hash_token(theirs)}, follow=True)
    assert response.status_code == 200
    assert "Этот API-токен больше не действует." in response.text
    assert _me(theirs) == 200
    assert not AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKE).exists()


def test_revoking_all_of_ones_tokens(client, personas):
    mine = [_token()["token"] for _ in range(3)]
    theirs = _token("kg_prosecutor")["token"]
    client.force_login(personas["kz_prosecutor"])
    response = client.post("/account/tokens/revoke-all/", follow=True)
    assert "Отозвано API-токенов: 3." in response.text
    assert "У вас нет действующих API-токенов." in response.text
    assert [_me(key) for key in mine] == [401, 401, 401]
    assert _me(theirs) == 200
    event = AuditEvent.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert event.note == "all (3) revoked"


def test_revoking_is_post_only_and_for_signed_in_officers(client, personas):
    assert client.post("/account/tokens/revoke-all/").status_code == 302  # to the login page
    client.force_login(personas["kz_prosecutor"])
    assert client.get("/account/tokens/revoke-all/").status_code == 405
    assert client.get("/account/tokens/revoke/").status_code == 405
