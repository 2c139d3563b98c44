"""API sign-in by token, /api/me/, and errors that are never 500s or redirects."""

from __future__ import annotations

import pytest
from django.test import override_settings

from audit.models import AuditAction, AuditEvent
from tests.conftest import PASSWORD, api_as

pytestmark = pytest.mark.django_db


def test_token_then_me_shows_the_agency_country(api_client, personas):
    response = api_client.post(
        "/api/auth/token/", {"username": "kz_prosecutor", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/me/").json()
    assert me["username"] == "kz_prosecutor"
    assert me["agency"]["country"] == "KZ"
    assert me["roles"] == ["prosecutor"]
    assert me["time_zone"] == "Asia/Almaty"
    assert AuditEvent.objects.filter(
        action=AuditAction.TOKEN, actor__username="kz_prosecutor"
    ).exists()


def test_each_sign_in_issues_a_token_of_its_own(api_client, personas):
    first = api_client.post(
        "/api/auth/token/", {"username": "kg_investigator", "password": PASSWORD}, format="json"
    ).json()["token"]
    second = api_client.post(
        "/api/auth/token/", {"username": "kg_investigator", "password": PASSWORD}, format="json"
    ).json()["token"]
    assert first != second
    for token in (first, second):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.get("/api/me/").json()["username"] == "kg_investigator"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "kz_prosecutor", "password": "wrong"}, "non_field_errors"),
        ({"username": "nobody", "password": PASSWORD}, "non_field_errors"),
        ({"username": "kz_prosecutor"}, "password"),
        ({}, "username"),
        ({"username": ["kz_prosecutor"], "password": PASSWORD}, "username"),
        ({"username": "u" * 151, "password": "x"}, "username"),
        ({"username": "kz_prosecutor", "password": PASSWORD, "otp": "1"}, "otp"),
    ],
)
def test_bad_credentials_are_400_with_field_errors(api_client, personas, payload, field):
    response = api_client.post("/api/auth/token/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert "token" not in response.json()


def test_disabled_user_cannot_get_a_token(api_client, personas):
    personas["kz_prosecutor"].is_active = False
    personas["kz_prosecutor"].save(update_fields=["is_active"])
    response = api_client.post(
        "/api/auth/token/", {"username": "kz_prosecutor", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("body", ['{"username": "a", ', "[]", "42", "не json"])
def test_malformed_json_is_400(api_client, body):
    response = api_client.generic("POST", "/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 400


def test_form_encoded_sign_in_also_works(api_client, personas):
    response = api_client.post(
        "/api/auth/token/", {"username": "kg_prosecutor", "password": PASSWORD}, format="multipart"
    )
    assert response.status_code == 200


def test_unauthenticated_api_calls_get_401_not_a_redirect(api_client):
    response = api_client.get("/api/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Location" not in response


def test_invalid_token_is_401(api_client, personas):
    api_client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert api_client.get("/api/me/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Token")
    assert api_client.get("/api/me/").status_code == 401


def test_sign_in_attempts_are_throttled(api_client, personas):
    from rest_framework.throttling import ScopedRateThrottle

    with override_settings():
        original = ScopedRateThrottle.THROTTLE_RATES
        ScopedRateThrottle.THROTTLE_RATES = {**original, "auth": "3/min"}
        try:
            codes = [
                api_client.post(
                    "/api/auth/token/",
                    {"username": "kz_prosecutor", "password": "x"},
                    format="json",
                ).status_code
                for _ in range(4)
            ]
        finally:
            ScopedRateThrottle.THROTTLE_RATES = original
    assert codes == [400, 400, 400, 429]


def test_agencies_are_listed_with_their_country(personas):
    body = api_as(personas["kg_investigator"]).get("/api/agencies/", {"country": "KZ"}).json()
    assert len(body["results"]) >= 2
    assert {a["country"] for a in body["results"]} == {"KZ"}


def test_schema_is_openapi_3(personas):
    response = api_as(personas["kg_investigator"]).get(
        "/api/schema/", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/treaties/" in schema["paths"]
    assert "/api/auth/token/" in schema["paths"]


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/cases/{case_pk}/participants/" in target.read_text(encoding="utf-8")
