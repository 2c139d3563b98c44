"""The audit trail is a hash chain: each event carries the hash of the one before it and of its
own content, ``verify_audit`` names the first broken link, the nightly check alerts the
auditors, and the audit page shows the chain's state."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import ipaddress
import itertools
import json
import logging
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from freezegun import freeze_time

from audit.models import AuditAction, AuditChainCheck, AuditEvent
from audit.services import audit_record, audit_record_many
from audit.tasks import verify_chain
from deadlines.delivery import deliver
from deadlines.models import Notification

pytestmark = pytest.mark.django_db

GENESIS = "0" * 64


def documented_hash(row: AuditEvent) -> str:
    """The hash as AuditEvent's docstring defines it, written here without audit.chain: what
    an external verifier would compute."""
    document = {
        "seq": row.seq,
        "prev_hash": row.prev_hash,
        "occurred_at": row.occurred_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": None if row.actor_id is None else str(row.actor_id),
        "actor_agency_id": None if row.actor_agency_id is None else str(row.actor_agency_id),
        "actor_username": row.actor_username,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "scope_type": row.scope_type,
        "scope_id": row.scope_id,
        "action": row.action,
        "note": row.note,
        "request_id": row.request_id,
        "is_protected": row.is_protected,
        "changes": row.changes,
        "ip": row.ip and ipaddress.ip_address(row.ip).compressed,
    }
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(actor, n: int) -> AuditEvent:
    return audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="treaties.instrument",
        object_id=str(n),
        object_repr=f"Конвенция №{n}",
        changes={"notes": ["", f"примечание {n}"], "pages": [1, 2.5]},
    )


@pytest.fixture
def events(personas):
    with freeze_time("2026-03-10 09:00:00.123456"):
        made = [record(personas["registry_admin"], n) for n in range(1, 4)]
    made += audit_record_many(
        actor=personas["kg_investigator"],
        action=AuditAction.VIEW_PROTECTED,
        objs=[personas["kz_investigator"], personas["kg_coordinator"]],
        note="cases:detail",
        protected=True,
    )
    made.append(record(None, 6))
    return list(AuditEvent.objects.order_by("id"))


@contextlib.contextmanager
def as_attacker():
    """Raw SQL as someone with access to the database would run it: the append-only trigger
    switched off first (the test's transaction puts it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The events' foreign keys are checked at commit; ALTER TABLE wants none pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_append_only")
        yield cursor


def verify(*args) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as caught:
        verify(*args)
    return str(caught.value)


# --- The chain ------------------------------------------------------------------------------
def test_each_event_carries_the_hash_of_the_one_before_and_of_its_content(events):
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].prev_hash == GENESIS
    for before, event in itertools.pairwise(events):
        assert event.prev_hash == before.hash
    for event in events:
        assert event.hash == documented_hash(event)
    assert len({e.hash for e in events}) == 6


def test_verify_audit_says_intact_with_the_last_hash_and_stores_the_check(events):
    output = verify()
    assert f"chain intact: 6 events, last hash {events[-1].hash}" in output
    check = AuditChainCheck.objects.get()
    assert check.ok and check.events_checked == 6 and check.last_seq == 6
    assert check.source == AuditChainCheck.Source.COMMAND


def test_a_changed_note_is_named_as_changed_content(events):
    target = events[2]
    with as_attacker() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'forged' WHERE id = %s", [target.pk])
    message = broken()
    assert f"chain broken at event #{target.pk} (seq 3, 2026-03-10T09:00:00.123456Z)" in message
    assert "content changed" in message
    assert "2 events intact before it" in message
    check = AuditChainCheck.objects.get()
    assert not check.ok and check.problem == "content"
    assert (check.broken_event_id, check.broken_seq) == (target.pk, 3)


def test_a_change_with_its_hash_recomputed_breaks_the_next_link(events):
    target, following = events[1], events[2]
    forged = AuditEvent(**{f.attname: getattr(target, f.attname) for f in target._meta.fields})
    forged.note = "forged"
    forged_hash = documented_hash(forged)
    with as_attacker() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET note = 'forged', hash = %s WHERE id = %s",
            [forged_hash, target.pk],
        )
    message = broken()
    assert f"event #{following.pk} (seq 3," in message
    assert "link broken" in message


def test_a_deleted_event_leaves_a_gap_that_is_named(events):
    with as_attacker() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[3].pk])
    message = broken()
    assert f"event #{events[4].pk} (seq 5," in message
    assert "events deleted" in message and "seq 4 are missing" in message


def test_deleting_the_latest_events_is_caught_against_the_last_intact_check(events):
    verify()
    with as_attacker() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[4].pk, events[5].pk]
        )
    message = broken()
    assert "chain broken at seq 5: latest events missing" in message
    assert "seq 5–6 are missing" in message


def test_an_incremental_check_starts_from_a_given_seq(events):
    assert "chain intact: 3 events" in verify("--from-seq", "4")
    with as_attacker() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'forged' WHERE id = %s", [events[4].pk])
    assert f"event #{events[4].pk} (seq 5," in broken("--from-seq", "4")


def test_new_events_continue_the_chain_after_a_check(events, personas):
    verify()
    event = record(personas["auditor"], 7)
    assert (event.seq, event.prev_hash) == (7, events[-1].hash)
    assert "chain intact: 7 events" in verify()


def test_seed_demo_leaves_an_intact_chain(migration_data):
    call_command("seed_demo", password="Пароль-демо-1", stdout=io.StringIO())
    assert AuditEvent.objects.count() > 10
    assert "chain intact" in verify()


# --- Concurrency (PostgreSQL: SQLite runs one writing transaction at a time) ----------------
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writing transactions itself")
    per_thread, start, failures = 25, threading.Barrier(3), []

    def write(name: str) -> None:
        try:
            start.wait()
            for n in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action=AuditAction.CREATE,
                        object_type="cases.case",
                        object_id=f"{name}-{n}",
                    )
        except Exception as error:  # the assertion below shows it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    seqs = list(AuditEvent.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(1, 3 * per_thread + 1))
    assert "chain intact: 75 events" in verify()


# --- The nightly check ----------------------------------------------------------------------
def test_nightly_check_alerts_the_auditors_once_when_the_chain_is_broken(events, personas, caplog):
    auditor = personas["auditor"]
    auditor.email = "auditor@example.org"
    auditor.save(update_fields=["email"])
    with as_attacker() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'forged' WHERE id = %s", [events[2].pk])
    with caplog.at_level(logging.ERROR):
        assert verify_chain() == {"ok": False, "events": 2}
    assert any(
        r.levelno == logging.ERROR and f"event #{events[2].pk}" in r.getMessage()
        for r in caplog.records
    )
    notice = Notification.objects.get()
    assert notice.recipient == personas["auditor"]
    assert notice.url == "/audit/"
    assert notice.title == "Цепочка журнала аудита нарушена на событии № 3: изменено содержание"
    assert f"event #{events[2].pk}" in notice.body
    # E-mailed as every notice is (the sweep dispatches it to a worker, which does this).
    assert deliver(notice.pk)
    assert mail.outbox[0].to == ["auditor@example.org"]
    assert mail.outbox[0].subject == notice.title
    verify_chain()  # the next night: the same break, no second alert
    assert Notification.objects.count() == 1
    assert AuditChainCheck.objects.filter(source="nightly", ok=False).count() == 2


def test_nightly_check_of_an_intact_chain_alerts_nobody(events, personas, caplog):
    with caplog.at_level(logging.ERROR):
        assert verify_chain() == {"ok": True, "events": 6}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not Notification.objects.exists()


def test_beat_runs_the_check_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-verify"]
    assert entry["task"] == verify_chain.name == "audit.verify_chain"
    assert entry["schedule"].hour == {settings.AUDIT_VERIFY_HOUR_UTC}


# --- The audit page -------------------------------------------------------------------------
def test_audit_page_shows_the_state_of_the_chain(client, personas, events):
    client.force_login(personas["auditor"])
    page = client.get("/audit/").content.decode()
    assert "ещё не проверялась" in page
    verify()
    page = client.get("/audit/").content.decode()
    # Signing in is an event too.
    count = AuditEvent.objects.count()
    assert f"Цепочка журнала аудита цела: проверено событий — {count}" in page
    with as_attacker() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'forged' WHERE id = %s", [events[2].pk])
    broken()
    page = client.get("/audit/").content.decode()
    assert "Цепочка журнала аудита нарушена на событии № 3" in page
    assert "изменено содержание" in page and f"id {events[2].pk}" in page


# --- The migration that links the events already stored ------------------------------------
@pytest.mark.django_db(transaction=True)
def test_migration_links_the_events_stored_before_it(migration_data):
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0006_auth_actions")])
    executor.loader.build_graph()
    with connection.cursor() as cursor:
        for n in range(7):
            cursor.execute(
                "INSERT INTO audit_auditevent (occurred_at, actor_username, object_type, "
                "object_id, object_repr, scope_type, scope_id, is_protected, action, changes, "
                "note, request_id, ip) VALUES (%s, '', 'cases.case', %s, 'Дело', '', '', %s, "
                "'create', %s, '', '', %s)",
                [
                    datetime.datetime(2026, 1, 1, 8, n, 0, 5, tzinfo=datetime.UTC),
                    str(n),
                    n % 2 == 0,
                    json.dumps({"title": ["", f"Дело {n}"], "n": [n, n + 0.5]}),
                    "2001:0DB8::1" if n == 3 else "10.0.0.1",
                ],
            )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.seq for r in rows] == list(range(1, 8))
    assert all(r.hash == documented_hash(r) for r in rows)
    assert "chain intact: 7 events" in verify()
    # The append-only trigger is back.
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [rows[0].pk])
