"""Storing rendered documents: versions, hashes, the file on disk, the audit trail."""

from __future__ import annotations

import hashlib

import pytest

from audit.models import AuditAction, AuditEvent
from documents import services
from documents.models import Document
from tests.cases.conftest import make_case
from tests.documents.conftest import REFERENCE, render_letter

pytestmark = pytest.mark.django_db


def test_store_numbers_versions_and_keeps_the_exact_bytes(personas):
    actor = personas["kg_investigator"]
    subject = actor.agency
    first_render, second_render = render_letter(note="первая"), render_letter(note="вторая")

    first = services.document_store(
        subject=subject,
        kind="mla_request",
        title="Запрос о правовой помощи",
        rendered=first_render,
        actor=actor,
        frozen=False,
    )
    second = services.document_store(
        subject=subject,
        kind="mla_request",
        title="Запрос о правовой помощи",
        rendered=second_render,
        actor=actor,
        frozen=True,
    )
    other_kind = services.document_store(
        subject=subject,
        kind="covering_letter",
        title="Сопроводительное письмо",
        rendered=first_render,
        actor=actor,
        frozen=False,
    )

    assert (first.version, second.version, other_kind.version) == (1, 2, 1)
    assert list(Document.objects.for_subject(subject, "mla_request")) == [second, first]
    assert Document.objects.for_subject(subject).count() == 3
    stored = Document.objects.get(pk=second.pk)
    assert stored.reference == REFERENCE
    assert stored.frozen is True
    assert stored.content_hash == second_render.content_hash
    assert stored.file.name.startswith(f"documents/accounts.agency/{subject.pk}/")
    assert stored.file.name.endswith(".pdf")
    with stored.file.open("rb") as file:
        on_disk = file.read()
    assert on_disk == second_render.pdf
    assert stored.sha256 == hashlib.sha256(on_disk).hexdigest() == second_render.sha256
    assert stored.size == len(on_disk)
    assert services.document_read(stored) == services.document_read(stored) == second_render.pdf


def test_store_is_audited_with_the_hashes(personas):
    actor = personas["kz_investigator"]
    rendered = render_letter()

    document = services.document_store(
        subject=actor.agency,
        kind="execution_report",
        title="Отчёт об исполнении",
        rendered=rendered,
        actor=actor,
        frozen=True,
    )

    event = AuditEvent.objects.for_object(document).get()
    assert event.action == AuditAction.CREATE
    assert event.actor == actor
    assert rendered.sha256 in event.note and rendered.content_hash in event.note
    assert (event.scope_type, event.scope_id) == ("accounts.agency", str(actor.agency.pk))


def test_a_subject_with_a_case_is_scoped_to_its_case(personas):
    actor = personas["kg_investigator"]
    case = make_case(actor, number="24-001-2026-000777")
    victim = case.participants.filter(role="victim").first()

    document = services.document_store(
        subject=victim,
        kind="summons",
        title="Повестка",
        rendered=render_letter(),
        actor=actor,
        frozen=False,
    )
    services.document_download_record(document=document, actor=actor)

    events = AuditEvent.objects.for_object(document)
    assert {e.action for e in events} == {AuditAction.CREATE, AuditAction.DOWNLOAD}
    assert {(e.scope_type, e.scope_id) for e in events} == {("cases.case", str(case.pk))}
    in_case_history = AuditEvent.objects.history_of(case).filter(object_type="documents.document")
    assert in_case_history.count() == 2


def test_reading_a_tampered_file_fails(personas):
    actor = personas["kg_investigator"]
    document = services.document_store(
        subject=actor.agency,
        kind="mla_request",
        title="Запрос",
        rendered=render_letter(),
        actor=actor,
        frozen=True,
    )
    with open(document.file.path, "r+b") as file:
        file.seek(20)
        file.write(b"X")

    with pytest.raises(services.DocumentIntegrityError):
        services.document_read(document)
