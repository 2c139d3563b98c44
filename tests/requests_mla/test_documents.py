"""The formal documents: Cyrillic text, citations, frozen bytes, nothing fetched."""

from __future__ import annotations

import contextlib
import hashlib
import io
import socket
import threading

import pytest
from django.utils import translation
from pypdf import PdfReader

from requests_mla import services
from tests.conftest import api_as
from tests.requests_mla.conftest import chisinau, complete_fields, complete_relations, today

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """The PDF's text with line breaks as spaces: where a line wraps depends on the layout."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def send(personas, mla):
    api_as(personas["kg_investigator"]).post(
        f"/api/mla-requests/{mla.pk}/submit/", {}, format="json"
    )
    api_as(personas["kg_prosecutor"]).post(
        f"/api/mla-requests/{mla.pk}/approve/", {}, format="json"
    )
    response = api_as(personas["kg_prosecutor"]).post(
        f"/api/mla-requests/{mla.pk}/send/",
        {"outgoing_number": "12/3-456", "outgoing_date": today(), "channel": "central_authority"},
        format="json",
    )
    assert response.status_code == 200, response.json()


def test_the_request_pdf_has_names_title_and_citations(personas, draft):
    response = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{draft.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Мамытова" in text  # disclosed for execution
    with translation.override("ru"):
        # The basis in its citation form (the registry's), and each section with its article.
        assert f"на основании {chisinau().citation_form}" in text
        assert chisinau().short_name not in text
    assert "ст. 7" in text
    assert "ст. 166 УК КР 2021" in text
    assert draft.reference in text
    assert "стр. 1 из" in text


def test_undisclosed_victims_appear_under_their_pseudonym(personas, kr_case):
    relations = complete_relations(kr_case)
    relations["actions"][0]["disclosed"] = []
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas),
        relations=relations,
    )
    text = pdf_text(
        api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{mla.pk}/document/").content
    )
    assert "Потерпевший 1" in text
    assert "Мамытова" not in text


def test_the_sent_document_is_frozen(personas, draft):
    send(personas, draft)
    client = api_as(personas["kz_prosecutor"])
    first = client.get(f"/api/mla-requests/{draft.pk}/document/").content
    second = client.get(f"/api/mla-requests/{draft.pk}/document/").content
    assert first == second
    from documents.models import Document

    stored = Document.objects.for_subject(draft, "mla_request").get()
    assert hashlib.sha256(first).hexdigest() == stored.sha256
    assert "12/3-456" in pdf_text(first)
    covering = client.get(f"/api/mla-requests/{draft.pk}/document/", {"kind": "covering_letter"})
    assert covering.status_code == 200


def test_user_text_is_escaped_and_nothing_is_fetched(personas, kr_case):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    connections = []

    def accept():
        with contextlib.suppress(OSError):  # the timeout: nobody connected
            connections.append(listener.accept())

    thread = threading.Thread(target=accept)
    thread.start()
    hostile = f'<img src="file:///etc/passwd"> <img src="http://127.0.0.1:{port}/x"> <style>@import "http://127.0.0.1:{port}/y";</style>'
    mla = services.mla_request_create(
        case=kr_case,
        actor=personas["kg_investigator"],
        fields=complete_fields(personas, facts=hostile),
        relations=complete_relations(kr_case),
    )
    pdf = api_as(personas["kg_investigator"]).get(f"/api/mla-requests/{mla.pk}/document/").content
    thread.join()
    listener.close()
    assert connections == []
    text = pdf_text(pdf)
    assert "file:///etc/passwd" in text  # shown as text
    assert "root:x:0:0" not in text


def test_previews_are_audited_and_unknown_kinds_404(personas, draft):
    from audit.models import AuditAction, AuditEvent

    client = api_as(personas["kg_investigator"])
    client.get(f"/api/mla-requests/{draft.pk}/document/")
    assert AuditEvent.objects.filter(action=AuditAction.PRINT, object_id=str(draft.pk)).exists()
    assert (
        client.get(f"/api/mla-requests/{draft.pk}/document/", {"kind": "poem"}).status_code == 400
    )
    assert (
        client.get(
            f"/api/mla-requests/{draft.pk}/document/", {"kind": "execution_report"}
        ).status_code
        == 404
    )
