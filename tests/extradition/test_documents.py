"""The extradition request and the request for temporary custody: PDF, frozen when sent."""

from __future__ import annotations

import hashlib

import pytest

from documents.models import Document
from tests.requests_mla.test_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "slug", "words"),
    [
        ("extradition_request", "extradition-request", "о выдаче"),
        ("custody_request", "custody-request", "заключения под стражу"),
    ],
)
def test_preview_then_sent_and_frozen(client, personas, file, kind, slug, words):
    client.force_login(personas["kg_prosecutor"])
    preview = client.get(f"/extradition/{file.pk}/documents/{slug}.pdf")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    text = pdf_text(preview.content)
    assert file.reference in text and "Абдрахманов" in text
    assert "ст. 166 УК КР 2021" in text
    assert client.post(f"/extradition/{file.pk}/documents/{slug}/send/").status_code == 302
    stored = Document.objects.for_subject(file, kind).get()
    assert stored.frozen
    again = client.get(f"/extradition/{file.pk}/documents/{slug}.pdf").content
    assert hashlib.sha256(again).hexdigest() == stored.sha256


def test_only_the_requesting_side_sends(client, personas, file):
    client.force_login(personas["kz_prosecutor"])
    client.post(f"/extradition/{file.pk}/documents/extradition-request/send/")
    assert not Document.objects.for_subject(file).exists()
