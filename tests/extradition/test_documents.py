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


def test_the_authorities_come_from_the_registry_with_a_footnote_while_unverified(
    client, personas, file
):
    from django.utils import translation

    from treaties.services import registry_record_save

    party = file.instruments.get().parties.get(country="KZ")
    party.competent_authority_ru = "Департамент международного сотрудничества ГП РК"
    party.confidence = "U"
    party.source = "Уведомление о компетентных органах (проверочное)"
    registry_record_save(actor=personas["registry_admin"], instance=party)
    client.force_login(personas["kg_prosecutor"])
    text = pdf_text(client.get(f"/extradition/{file.pk}/documents/extradition-request.pdf").content)
    assert "Департамент международного сотрудничества ГП РК*" in text
    assert "подлежит подтверждению; источник: Уведомление о компетентных органах" in text
    with translation.override("ru"):
        for instrument in file.instruments.all():
            assert instrument.citation_form in text  # the basis in its citation form
            assert instrument.short_name not in text
    # The offence with its sanction as the registry records it (not the portal's own note).
    article = file.requesting_articles.get()
    assert article.sanction_ru and article.sanction_ru in text
    assert "registry" not in text
