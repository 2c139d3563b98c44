"""The audit trail is append-only: through the ORM, and in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditAction, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(personas):
    return audit_record(
        actor=personas["registry_admin"],
        action=AuditAction.UPDATE,
        object_type="treaties.instrument",
        object_id="1",
        object_repr="UNTOC",
        changes={"notes": ["old", "new"]},
    )


def test_an_event_records_actor_agency_and_changes(event, personas):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == personas["registry_admin"]
    assert stored.actor_agency == personas["registry_admin"].agency
    assert stored.changes == {"notes": ["old", "new"]}


def test_saving_an_existing_event_is_refused(event):
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_raw_sql_delete_is_refused_by_postgresql(event):
    if connection.vendor != "postgresql":
        pytest.skip("the DELETE trigger exists on PostgreSQL only (SQLite's test flush deletes)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
