from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "scheduler_last_beat_seconds" in body


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    # Nothing listens on port 9 of the loopback interface.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="trace-1234abcd")
    assert response["X-Request-ID"] == "trace-1234abcd"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert forged["X-Request-ID"] != "bad id\nwith newline"
    assert len(forged["X-Request-ID"]) == 32
