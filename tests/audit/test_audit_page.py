from __future__ import annotations

import csv
import io

import pytest
from freezegun import freeze_time

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas):
    with freeze_time("2026-03-10 09:00:00"):
        audit_record(
            actor=personas["registry_admin"],
            action=AuditAction.UPDATE,
            object_type="treaties.instrument",
            object_id="7",
            object_repr="Кишинёвская конвенция",
            changes={"notes": ["", '=HYPERLINK("http://evil")']},
        )
    with freeze_time("2026-03-12 09:00:00"):
        audit_record(
            actor=personas["kg_investigator"],
            action=AuditAction.CREATE,
            object_type="treaties.provision",
            object_id="3",
            object_repr="Ст. 7",
        )


def test_auditor_sees_events_with_filters(client, personas, events):
    client.force_login(personas["auditor"])
    page = client.get("/audit/").content.decode()
    assert "Кишинёвская конвенция" in page and "Ст. 7" in page
    by_actor = client.get("/audit/", {"actor": "registry_admin"}).content.decode()
    assert "Кишинёвская конвенция" in by_actor and "Ст. 7" not in by_actor
    by_action = client.get("/audit/", {"action": "create"}).content.decode()
    assert "Ст. 7" in by_action and "Кишинёвская конвенция" not in by_action
    by_date = client.get("/audit/", {"date_from": "2026-03-11", "date_to": "2026-03-12"})
    assert "Ст. 7" in by_date.content.decode()
    assert "Кишинёвская конвенция" not in by_date.content.decode()
    agency = personas["kg_investigator"].agency
    by_agency = client.get("/audit/", {"agency": agency.pk}).content.decode()
    assert "Ст. 7" in by_agency and "Кишинёвская конвенция" not in by_agency


def test_bad_filter_values_are_form_errors_not_500(client, personas, events):
    client.force_login(personas["auditor"])
    response = client.get("/audit/", {"date_from": "31.02.2026", "agency": "x", "action": "zap"})
    assert response.status_code == 200
    assert b"is-invalid" in response.content or b"invalid-feedback" in response.content


def test_csv_export_is_filtered_escaped_and_audited(client, personas, events):
    client.force_login(personas["auditor"])
    response = client.get("/audit/export.csv", {"object_type": "treaties.instrument"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["occurred_at", "actor_username", "actor_agency"]
    assert len(rows) == 2
    assert rows[1][6] == "Кишинёвская конвенция"
    # A formula in a cell must reach the spreadsheet as text.
    assert "HYPERLINK" in rows[1][7] and not rows[1][7].startswith("=")
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert export.actor == personas["auditor"]


def test_csv_times_are_in_the_auditors_zone(client, personas, events):
    client.force_login(personas["auditor"])  # KZ: Asia/Almaty, UTC+5
    text = b"".join(
        client.get("/audit/export.csv", {"object_type": "treaties.provision"}).streaming_content
    ).decode("utf-8-sig")
    assert "2026-03-12T14:00:00+05:00" in text


@pytest.mark.parametrize("persona", ["kg_investigator", "registry_admin", "kz_prosecutor"])
def test_audit_page_is_refused_to_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_audit_page_query_count_does_not_grow_with_events(
    client, personas, django_assert_max_num_queries
):
    for n in range(60):
        audit_record(
            actor=personas["kg_investigator"], action="create", object_type="x", object_id=str(n)
        )
    client.force_login(personas["auditor"])
    with django_assert_max_num_queries(8):
        assert client.get("/audit/").status_code == 200
