"""Two-factor authentication: enrollment with a real TOTP, recovery codes, the second sign-in step,
roles that require it, turning it off, and the audit trail of all of it."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from accounts.models import RecoveryCode, RecoveryCodeDevice
from accounts.two_factor.middleware import TwoFactorMiddleware
from audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = "/account/two-factor/setup/"
VERIFY = "/account/two-factor/verify/"
OVERVIEW = "/account/two-factor/"
CODES = "/account/two-factor/recovery-codes/"
DISABLE = "/account/two-factor/disable/"
REQUIRED = ["prosecutor", "coordinator", "registry_admin", "auditor"]


def totp_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for the device's secret (django-otp's own TOTP)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def notes(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR, actor=user)
        .order_by("pk")
        .values_list("note", flat=True)
    )


def enroll(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    """Set up 2FA through the pages; returns the confirmed device and the recovery codes shown."""
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"code": totp_code(device)})
    assert response.status_code == 200, response.content
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def sign_in(user) -> Client:
    """The password step through the sign-in page (a fresh browser)."""
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


# --- Enrollment -------------------------------------------------------------------------------
def test_enrollment_shows_a_qr_code_and_the_secret_and_confirms_with_a_real_code(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed  # nothing counts until a code proves the app has the secret
    html = page.content.decode()
    assert 'src="data:image/png;base64,' in html
    secret = page.context["secret"].replace(" ", "")
    assert f"secret={secret}" in device.config_url
    assert "issuer=" in device.config_url

    response = client.post(SETUP, {"code": totp_code(device)})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    assert "no-store" in response["Cache-Control"]
    # Only hashes are stored: no code appears in the database.
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & stored
    assert stored == {RecoveryCode.hash(c) for c in codes}
    # This session passed the second factor by confirming: the portal is open.
    assert client.get("/cases/").status_code == 200
    assert notes(user) == ["enrollment started", "enabled"]


def test_a_wrong_enrollment_code_is_refused_and_audited(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed
    assert not RecoveryCode.objects.exists()
    assert notes(user) == ["enrollment started", "enrollment code refused"]
    # The refusal counts as a failed sign-in for the lockout as well.
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= 1


def test_garbage_codes_are_form_errors_not_500s(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    client.get(SETUP)
    for value in ("", "abc", "1" * 40, "12 34 56 78 90", "\x00"):
        response = client.post(SETUP, {"code": value})
        assert response.status_code == 200
        assert response.context["form"].errors


def test_an_enrolled_officer_is_sent_to_the_overview_from_set_up(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    enroll(client, user)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == OVERVIEW
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- The second step of signing in ---------------------------------------------------------------
def test_signing_in_with_a_device_asks_for_the_code_before_any_page(client, personas):
    user = personas["kz_investigator"]
    client.force_login(user)
    device, _codes = enroll(client, user)

    browser = sign_in(user)
    response = browser.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fcases%2F"
    assert browser.get(VERIFY).status_code == 200
    # The browser's session in the API too: 403 with a readable reason.
    api = browser.get("/api/cases/")
    assert api.status_code == 403
    assert "two-factor" in api.json()["detail"].lower() or "двухфактор" in api.json()["detail"]

    response = browser.post(VERIFY, {"code": totp_code(device, steps_ahead=1), "next": "/cases/"})

    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert browser.get("/cases/").status_code == 200
    assert browser.get("/api/cases/").status_code == 200
    assert notes(user)[-1] == "code accepted"


def test_a_wrong_second_step_code_is_refused_then_throttled(personas):
    user = personas["kz_investigator"]
    client = Client()
    client.force_login(user)
    device, _codes = enroll(client, user)
    browser = sign_in(user)
    wrong = f"{(int(totp_code(device, 1)) + 1) % 1_000_000:06d}"

    with freeze_time(datetime.datetime.now(tz=datetime.UTC)) as clock:
        first = browser.post(VERIFY, {"code": wrong})
        assert first.status_code == 200
        assert first.context["form"].errors["code"]
        # At once again: even the right code waits (1, 2, 4 … seconds after each wrong one).
        second = browser.post(VERIFY, {"code": totp_code(device, 1)})
        assert "Try again in" in str(second.context["form"].errors) or "Повторите" in str(
            second.context["form"].errors
        )
        assert browser.get("/cases/").status_code == 302
        clock.tick(2)
        third = browser.post(VERIFY, {"code": totp_code(device, 1)})
        assert third.status_code == 302
    assert notes(user).count("code refused") == 1


def test_a_recovery_code_signs_in_once(personas):
    user = personas["kg_prosecutor"]
    client = Client()
    client.force_login(user)
    _device, codes = enroll(client, user)
    assert len(codes) == 10

    first = sign_in(user)
    response = first.post(VERIFY, {"code": codes[0].upper()})  # as typed from paper
    assert response.status_code == 302
    assert first.get("/cases/").status_code == 200
    assert RecoveryCode.objects.filter(device__user=user).count() == 9

    second = sign_in(user)
    again = second.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert again.context["form"].errors
    assert second.get("/cases/").status_code == 302
    assert "recovery code used (9 left)" in notes(user)


# --- Roles that require it -----------------------------------------------------------------------
def test_a_required_role_without_a_device_is_sent_to_enrollment(client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED
    user = personas["kg_coordinator"]
    client.force_login(user)

    for path in ("/", "/cases/", "/account/preferences/", OVERVIEW):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), path
    api = client.get("/api/cases/")
    assert api.status_code == 403
    assert "detail" in api.json()
    # A POST elsewhere is refused the same way (no next: it would be replayed as a GET).
    assert client.post("/account/preferences/", {})["Location"] == SETUP
    # Enrollment, the language switch and signing out stay open.
    assert client.get(SETUP).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)

    device = TOTPDevice.objects.get(user=user)
    assert client.post(SETUP, {"code": totp_code(device)}).status_code == 200
    assert client.get("/cases/").status_code == 200


def test_roles_outside_the_setting_keep_password_only(client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED
    client.force_login(personas["kg_investigator"])
    assert client.get("/cases/").status_code == 200


def test_htmx_requests_are_told_to_navigate(client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED
    client.force_login(personas["auditor"])
    response = client.get("/deadlines/bell/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


def test_a_misspelt_role_in_the_setting_stops_the_process(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["prosecutors"]
    with pytest.raises(ImproperlyConfigured, match="prosecutors"):
        TwoFactorMiddleware(lambda request: None)


# --- Recovery codes and turning off ---------------------------------------------------------------
def test_new_recovery_codes_replace_the_old_ones(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    device, old = enroll(client, user)

    response = client.post(CODES, {"code": totp_code(device, 1)})

    assert response.status_code == 200
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == {
        RecoveryCode.hash(c) for c in new
    }
    assert notes(user)[-1] == "recovery codes regenerated"


def test_new_recovery_codes_need_a_valid_code(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    _device, old = enroll(client, user)
    response = client.post(CODES, {"code": "000000"})
    assert response.status_code == 200
    assert response.context["regenerate_form"].errors
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == {
        RecoveryCode.hash(c) for c in old
    }


def test_turning_off_needs_the_password_and_a_code(client, personas):
    user = personas["kg_investigator"]
    client.force_login(user)
    device, _codes = enroll(client, user)

    wrong_password = client.post(DISABLE, {"password": "nope", "code": totp_code(device, 1)})
    assert wrong_password.status_code == 200
    assert "password" in wrong_password.context["form"].errors
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    response = client.post(DISABLE, {"password": PASSWORD, "code": totp_code(device, 1)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not RecoveryCodeDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.exists()
    assert notes(user)[-1] == "disabled"
    # Password only again.
    assert sign_in(user).get("/cases/").status_code == 200


def test_turning_off_is_refused_for_a_role_that_requires_it(client, personas, settings):
    user = personas["kz_prosecutor"]
    client.force_login(user)
    device, _codes = enroll(client, user)
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED

    page = client.get(DISABLE)
    assert page.status_code == 200
    assert page.context["required"]
    response = client.post(DISABLE, {"password": PASSWORD, "code": totp_code(device, 1)})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert "disabled" not in notes(user)


def test_the_overview_says_what_is_on(client, personas, settings):
    user = personas["kg_investigator"]
    client.force_login(user)
    page = client.get(OVERVIEW)
    assert page.status_code == 200
    assert not page.context["enabled"]
    enroll(client, user)
    page = client.get(OVERVIEW)
    assert page.context["enabled"] and page.context["codes_left"] == 10
    assert client.get("/account/preferences/").content.decode().count(OVERVIEW) >= 1


def test_wrong_codes_count_towards_the_sign_in_lockout(personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = personas["kz_investigator"]
    client = Client()
    client.force_login(user)
    device, _codes = enroll(client, user)
    browser = sign_in(user)

    with freeze_time(datetime.datetime.now(tz=datetime.UTC)) as clock:
        right = totp_code(device, 1)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        for _attempt in range(3):
            clock.tick(60)  # past the device's own back-off: each wrong code is checked
            browser.post(VERIFY, {"code": wrong})
        clock.tick(60)
        response = browser.post(VERIFY, {"code": totp_code(device, 1)})

        assert response.status_code == 429
        assert browser.get("/cases/").status_code == 302
        # The password step is locked too.
        assert (
            Client().post("/login/", {"username": user.username, "password": PASSWORD}).status_code
            == 429
        )
    assert notes(user).count("code refused") == 3
    assert AuditEvent.objects.filter(action=AuditAction.LOCKOUT).count() == 1


# --- The demo ---------------------------------------------------------------------------------
def test_the_demo_logins_say_whether_two_factor_is_required(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    call_command("seed_demo", password="Пароль-демо-1")
    out = capsys.readouterr().out
    assert "Two-factor authentication is not required in this demo" in out
    assert "TWO_FACTOR_REQUIRED_ROLES=prosecutor,coordinator,registry_admin,auditor" in out

    settings.TWO_FACTOR_REQUIRED_ROLES = ["prosecutor", "auditor"]
    call_command("seed_demo", password="Пароль-демо-1")
    out = capsys.readouterr().out
    assert "Two-factor authentication is required for the roles auditor, prosecutor" in out


def _settings_in_a_fresh_process(tmp_path, **env) -> str:
    """TWO_FACTOR_REQUIRED_ROLES as config/settings.py reads it from this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "PORTAL_TEST_RUN", "DEBUG", "TWO_FACTOR_REQUIRED_ROLES"}
    }
    clean.update(SECRET_KEY="s" * 50, VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(','.join(s.TWO_FACTOR_REQUIRED_ROLES))",
        ],
        cwd=django_settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_requires_it_of_the_deciding_roles_unless_told(tmp_path):
    production = _settings_in_a_fresh_process(tmp_path, DEBUG="false")
    assert production == "prosecutor,coordinator,registry_admin,auditor"
    # `make run` says so explicitly: nobody.
    assert _settings_in_a_fresh_process(tmp_path, DEBUG="false", TWO_FACTOR_REQUIRED_ROLES="") == ""
    assert (
        _settings_in_a_fresh_process(
            tmp_path, DEBUG="false", TWO_FACTOR_REQUIRED_ROLES="prosecutor, auditor"
        )
        == "prosecutor,auditor"
    )


def test_htmx_polling_from_the_step_page_itself_is_not_redirected(client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED
    client.force_login(personas["auditor"])
    response = client.get(
        "/deadlines/bell/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver" + SETUP + "?next=/"},
    )
    assert response.status_code == 204
    assert "HX-Redirect" not in response


# --- The API's token endpoint -------------------------------------------------------------------
def _token(api_client, **body):
    return api_client.post("/api/auth/token/", body, format="json")


def test_the_token_endpoint_asks_an_enrolled_officer_for_the_code(client, api_client, personas):
    user = personas["kz_prosecutor"]
    client.force_login(user)
    device, codes = enroll(client, user)

    missing = _token(api_client, username="kz_prosecutor", password=PASSWORD)
    assert missing.status_code == 400
    assert missing.json() == {"otp": ["Требуется код двухфакторной аутентификации."]}
    api_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    missing = _token(api_client, username="kz_prosecutor", password=PASSWORD)
    assert missing.json() == {"otp": ["A two-factor code is required."]}

    wrong = _token(
        api_client,
        username="kz_prosecutor",
        password=PASSWORD,
        otp=f"{(int(totp_code(device, 1)) + 1) % 1_000_000:06d}",
    )
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["otp"]
    assert "token" not in wrong.json()
    assert notes(user)[-1] == "code refused"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()

    with freeze_time(datetime.datetime.now(tz=datetime.UTC)) as clock:
        clock.tick(2)  # past the back-off of the wrong code
        good = _token(
            api_client, username="kz_prosecutor", password=PASSWORD, otp=totp_code(device, 1)
        )
    assert good.status_code == 200
    assert set(good.json()) >= {"token"}
    # A recovery code works too, once.
    by_recovery = _token(api_client, username="kz_prosecutor", password=PASSWORD, otp=codes[0])
    assert by_recovery.status_code == 200
    again = _token(api_client, username="kz_prosecutor", password=PASSWORD, otp=codes[0])
    assert again.status_code == 400


def test_the_token_endpoint_keeps_the_password_contract_without_two_factor(api_client, personas):
    response = _token(api_client, username="kg_investigator", password=PASSWORD)
    assert response.status_code == 200
    assert "token" in response.json()
    # A code for an account that has none is a mistake worth saying.
    api_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    extra = _token(api_client, username="kg_investigator", password=PASSWORD, otp="123456")
    assert extra.status_code == 400
    assert extra.json() == {"otp": ["This account does not use two-factor authentication."]}


def test_a_required_role_without_a_device_gets_no_token(api_client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED
    response = _token(api_client, username="auditor", password=PASSWORD)
    assert response.status_code == 400
    assert "otp" in response.json()
    # A wrong password is still only "unable to sign in": nothing said of the second factor.
    wrong = _token(api_client, username="auditor", password="nope")
    assert wrong.status_code == 400
    assert "otp" not in wrong.json()


def test_the_admin_removes_a_lost_authenticator_without_showing_its_secret(
    client, personas, django_user_model
):
    user = personas["kg_investigator"]
    client.force_login(user)
    device, _codes = enroll(client, user)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", password="x" * 12))

    page = admin.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert (
        admin.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not TOTPDevice.objects.filter(user=user).exists()
