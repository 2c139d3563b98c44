"""Sign-in lockout: per username (from any address) and per address (for any usernames), on the
sign-in page and on the API's token endpoint, with its message, its cool-off and its audit rows."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from freezegun import freeze_time

from audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 3
LOCKED_RU = "Слишком много неудачных попыток входа. Повторите через 15 минут."
ADDRESSES = [f"10.4.0.{n}" for n in range(1, 12)]


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    # The API's sign-in throttle also counts per address: start each test with none of ours.
    for address in ADDRESSES:
        cache.delete(f"throttle_auth_{address}")
    yield
    for address in ADDRESSES:
        cache.delete(f"throttle_auth_{address}")


def _form(client, username, password, address):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _api(api_client, username, password, address):
    return api_client.post(
        "/api/auth/token/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


def test_the_form_locks_a_username_after_failures_from_different_addresses(client, personas):
    for address in ADDRESSES[: LIMIT - 1]:
        response = _form(client, "kz_prosecutor", "wrong", address)
        assert response.status_code == 200
        assert "Неверное имя пользователя или пароль." in response.text
    # The failure that reaches the limit already says so.
    response = _form(client, "kz_prosecutor", "wrong", ADDRESSES[LIMIT - 1])
    assert response.status_code == 429
    assert LOCKED_RU in response.text
    # The right password, from yet another address: refused, with the lockout's message.
    response = _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[LIMIT])
    assert response.status_code == 429
    assert LOCKED_RU in response.text
    assert "_auth_user_id" not in client.session
    # Another officer from that address is not concerned.
    assert _form(client, "kg_prosecutor", PASSWORD, ADDRESSES[LIMIT]).status_code == 302


def test_the_form_locks_an_address_after_failures_for_different_usernames(client, personas):
    address = ADDRESSES[0]
    for username in ("kg_investigator", "kz_investigator"):
        assert _form(client, username, "wrong", address).status_code == 200
    assert _form(client, "nobody", "wrong", address).status_code == 429
    response = _form(client, "kz_prosecutor", PASSWORD, address)
    assert response.status_code == 429
    assert LOCKED_RU in response.text
    assert "_auth_user_id" not in client.session
    # The same officer from another address signs in.
    assert _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[1]).status_code == 302
    assert client.session["_auth_user_id"] == str(personas["kz_prosecutor"].pk)


def test_the_token_endpoint_locks_a_username_after_failures_from_different_addresses(
    api_client, personas
):
    for address in ADDRESSES[: LIMIT - 1]:
        assert _api(api_client, "kz_prosecutor", "wrong", address).status_code == 400
    assert _api(api_client, "kz_prosecutor", "wrong", ADDRESSES[LIMIT - 1]).status_code == 429
    response = _api(api_client, "kz_prosecutor", PASSWORD, ADDRESSES[LIMIT])
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED_RU}
    assert response["Retry-After"] == str(15 * 60)
    assert "token" not in response.json()
    assert _api(api_client, "kg_prosecutor", PASSWORD, ADDRESSES[LIMIT]).status_code == 200


def test_the_token_endpoint_locks_an_address_after_failures_for_different_usernames(
    api_client, personas
):
    address = ADDRESSES[0]
    for username in ("kg_investigator", "kz_investigator"):
        assert _api(api_client, username, "wrong", address).status_code == 400
    assert _api(api_client, "nobody", "wrong", address).status_code == 429
    response = _api(api_client, "kz_prosecutor", PASSWORD, address)
    assert response.status_code == 429
    assert response.json() == {"detail": LOCKED_RU}
    assert _api(api_client, "kz_prosecutor", PASSWORD, ADDRESSES[1]).status_code == 200


def test_failures_on_the_form_and_the_api_count_together(client, api_client, personas):
    assert _form(client, "kz_prosecutor", "wrong", ADDRESSES[0]).status_code == 200
    assert _api(api_client, "kz_prosecutor", "wrong", ADDRESSES[1]).status_code == 400
    assert _form(client, "kz_prosecutor", "wrong", ADDRESSES[2]).status_code == 429
    assert _api(api_client, "kz_prosecutor", PASSWORD, ADDRESSES[3]).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, personas):
    with freeze_time("2026-03-02 08:00:00") as clock:
        for address in ADDRESSES[:LIMIT]:
            _form(client, "kz_prosecutor", "wrong", address)
        clock.tick(datetime.timedelta(minutes=10))
        assert _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[5]).status_code == 429
        # Attempts refused during the lockout do not extend it: it ends when announced.
        clock.tick(datetime.timedelta(minutes=4, seconds=50))
        assert _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[6]).status_code == 429
        clock.tick(datetime.timedelta(seconds=11))
        assert _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[5]).status_code == 302


def test_the_cool_off_comes_from_the_settings(client, personas, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=2)
    with freeze_time("2026-03-02 08:00:00") as clock:
        for address in ADDRESSES[:LIMIT]:
            _form(client, "kz_prosecutor", "wrong", address)
        response = _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[5])
        assert response.status_code == 429
        assert "Повторите через 2 минуты." in response.text
        clock.tick(datetime.timedelta(minutes=2, seconds=1))
        assert _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[5]).status_code == 302


def test_the_admin_sign_in_is_locked_too(client, personas, django_user_model):
    django_user_model.objects.create_superuser("root", password="root-password-1")
    for address in ADDRESSES[:LIMIT]:
        client.post("/admin/login/", {"username": "root", "password": "wrong"}, REMOTE_ADDR=address)
    response = client.post(
        "/admin/login/",
        {"username": "root", "password": "root-password-1"},
        REMOTE_ADDR=ADDRESSES[LIMIT],
    )
    assert response.status_code == 429
    assert LOCKED_RU in response.text
    assert "_auth_user_id" not in client.session


def test_failures_and_the_lockout_are_audited_without_the_password(client, personas):
    user = personas["kz_prosecutor"]
    for address in ADDRESSES[:LIMIT]:
        _form(client, "kz_prosecutor", "secret-guess-1", address)
    _form(client, "kz_prosecutor", PASSWORD, ADDRESSES[LIMIT])
    _form(client, "kz_prosecutor", "wrong", ADDRESSES[LIMIT])
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.action for e in events] == [
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
    ]
    assert [e.ip for e in events] == [
        *ADDRESSES[:LIMIT],
        ADDRESSES[LIMIT - 1],
        ADDRESSES[LIMIT],
        ADDRESSES[LIMIT],
    ]
    for event in events:
        assert event.actor is None
        assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
        assert event.object_repr == "kz_prosecutor"
        assert "secret-guess" not in f"{event.note} {event.changes}"
        assert PASSWORD not in f"{event.note} {event.changes}"
    assert events[LIMIT].note == f"{LIMIT} failed attempts"
    # Attempts after the lockout were refused before their password was looked at.
    assert [e.note for e in events[-2:]] == ["refused: locked out"] * 2


def test_a_failure_for_an_unknown_username_names_it_truncated(api_client, personas):
    _api(api_client, "x" * 150, "wrong", ADDRESSES[0])
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.object_id, event.object_repr, event.ip) == ("", "x" * 150, ADDRESSES[0])


def test_behind_trusted_proxies_the_address_is_the_one_the_proxy_saw(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(LIMIT):
        # The client forges the left part of X-Forwarded-For; nginx appends the real address.
        client.post(
            "/login/",
            {"username": f"someone{n}", "password": "wrong"},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7",
        )
    response = client.post(
        "/login/",
        {"username": "kz_prosecutor", "password": PASSWORD},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7",
    )
    assert response.status_code == 429
    # Another client behind the same proxy is not locked out with it.
    response = client.post(
        "/login/",
        {"username": "kz_prosecutor", "password": PASSWORD},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert response.status_code == 302
    assert set(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip", flat=True)
    ) == {"198.51.100.7"}


def test_the_attempts_kept_for_the_lockout_hold_no_password_nor_code(api_client, personas):
    api_client.post(
        "/api/auth/token/",
        {"username": "kz_prosecutor", "password": "secret-guess-1", "otp": "918273"},
        format="multipart",
        REMOTE_ADDR=ADDRESSES[0],
    )
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "kz_prosecutor"
    kept = f"{attempt.get_data} {attempt.post_data}"
    assert "otp=" in kept
    assert "secret-guess" not in kept
    assert "918273" not in kept
