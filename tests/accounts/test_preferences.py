from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_an_officer_chooses_a_daily_digest(client, personas):
    user = personas["kz_prosecutor"]
    client.force_login(user)
    response = client.post(
        "/account/preferences/",
        {"email": "erlan@prokuror.kz", "notification_mode": "digest", "time_zone": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.email, user.notification_mode) == ("erlan@prokuror.kz", "digest")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="accounts.user")
    assert event.changes["notification_mode"] == ["immediate", "digest"]


def test_bad_values_are_form_errors(client, personas):
    user = personas["kz_prosecutor"]
    client.force_login(user)
    response = client.post(
        "/account/preferences/",
        {"email": "not an address", "notification_mode": "pigeon", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert {"email", "notification_mode", "time_zone"} <= set(response.context["form"].errors)
    user.refresh_from_db()
    assert user.notification_mode == "immediate"
