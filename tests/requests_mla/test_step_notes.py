"""The note typed with a step lands in the request's history and in the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from requests_mla.models import StatusChange
from tests.requests_mla.conftest import today

pytestmark = pytest.mark.django_db


def ui_step(client, user, mla, name, **data):
    client.force_login(user)
    return client.post(reverse("requests_mla:transition", args=[mla.pk, name]), data)


def test_every_step_note_lands_in_history_and_audit(client, personas, draft):
    kg_inv, kg_pros, kz_pros = (
        personas["kg_investigator"],
        personas["kg_prosecutor"],
        personas["kz_prosecutor"],
    )
    walk = [
        (kg_inv, "submit", {"note": "Прошу согласовать"}),
        (kg_pros, "approve", {"note": "Согласовано"}),
        (
            kg_pros,
            "send",
            {
                "outgoing_number": "12/3",
                "outgoing_date": today(),
                "channel": "central_authority",
                "confirmed": "1",
            },
        ),
        (kz_pros, "receive", {"incoming_number": "ВХ-1", "incoming_date": today()}),
        (kz_pros, "accept", {"note": "Принять к исполнению в МВД"}),
    ]
    for user, name, data in walk:
        response = ui_step(client, user, draft, name, **data)
        assert response.status_code == 302, name
    notes = {h.to_status: h.note for h in StatusChange.objects.filter(request=draft)}
    assert notes["submitted"] == "Прошу согласовать"
    assert notes["approved"] == "Согласовано"
    assert notes["accepted"] == "Принять к исполнению в МВД"
    audited = set(
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, object_id=str(draft.pk)
        ).values_list("note", flat=True)
    )
    assert {"Прошу согласовать", "Согласовано", "Принять к исполнению в МВД"} <= audited
