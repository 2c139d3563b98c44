"""Kinds of assistance in the registry: seeded with the instruments and articles that provide
them, listed for everyone, edited by registry administrators through the audited service; and
the one mechanism that cites an article in the reader's language."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from audit.models import AuditAction, AuditEvent
from treaties.models import AssistanceKind, Instrument, InstrumentAssistance

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("treaties.migrations.0013_seed_assistance_kinds")
# The codes stored requests already use: they must keep naming a kind.
STORED_CODES = {
    "interrogation",
    "detained_testimony",
    "service",
    "search_seizure",
    "inspection",
    "information",
    "records",
    "bank_records",
    "proceeds",
    "confiscation",
    "locate_person",
    "expert_examination",
    "videoconference",
    "telecom_data",
    "operational_measures",
    "detention",
    "other",
}
# The domain's kinds the old list lacked.
NEW_CODES = {"persons_available", "officer_participation", "fines_restitution", "terrorist_funds"}


def test_the_seed_holds_every_kind_with_both_names_and_a_mark():
    kinds = {k.code: k for k in AssistanceKind.objects.all()}
    assert set(kinds) >= STORED_CODES | NEW_CODES
    for kind in kinds.values():
        assert kind.name_ru and kind.name_en and kind.confidence in "VLU" and kind.source


def test_every_link_with_an_article_cites_an_article_of_its_own_instrument():
    links = InstrumentAssistance.objects.select_related("provision", "instrument")
    assert links.filter(provision__isnull=False).exists()
    for link in links:
        assert link.source and link.confidence in "VLU"
        if link.provision_id:
            assert link.provision.instrument_id == link.instrument_id


def test_the_seed_runs_again_without_duplicating_anything():
    before = (AssistanceKind.objects.count(), InstrumentAssistance.objects.count())
    SEED.seed(apps, None)
    assert (AssistanceKind.objects.count(), InstrumentAssistance.objects.count()) == before


def test_the_page_lists_the_new_kinds_with_their_articles(client, personas):
    client.force_login(personas["kz_investigator"])
    with translation.override("ru"):
        page = client.get("/registry/assistance/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        for code in NEW_CODES:
            kind = AssistanceKind.objects.get(code=code)
            row = page.split(f'data-code="{code}"')[1].split("</tr>")[0]
            assert kind.name_ru in row
            links = kind.provided_by.select_related("instrument", "provision")
            for link in links:
                assert link.instrument.name in row
                if link.provision_id:
                    assert link.provision.citation in row
            if not links:
                assert "to be confirmed" in row or "требует подтверждения" in row
    assert "/registry/assistance/new/" not in page  # not an administrator


def test_only_registry_administrators_edit_kinds_and_each_change_is_audited(client, personas):
    client.force_login(personas["kg_prosecutor"])
    assert client.get("/registry/assistance/new/").status_code == 403
    client.force_login(personas["registry_admin"])
    response = client.post(
        "/registry/assistance/new/",
        {
            "code": "asset-sharing",
            "name_ru": "Раздел конфискованных активов",
            "name_en": "Sharing of confiscated assets",
            "order": 300,
            "is_active": "on",
            "source": "тест",
            "confidence": "U",
        },
    )
    assert response.status_code == 302
    kind = AssistanceKind.objects.get(code="asset-sharing")
    untoc = Instrument.objects.get(short_name="UNTOC")
    provision = untoc.provisions.first()
    response = client.post(
        f"/registry/assistance/{kind.pk}/provided-by/new/",
        {"instrument": untoc.pk, "provision": provision.pk, "source": "тест", "confidence": "U"},
    )
    assert response.status_code == 302
    assert kind.provided_by.get().provision == provision
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="treaties.assistancekind", object_id=str(kind.pk)
    ).exists()
    assert AuditEvent.objects.filter(object_type="treaties.instrumentassistance").exists()


def test_an_article_of_another_instrument_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    kind = AssistanceKind.objects.get(code="videoconference")
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    untoc_article = Instrument.objects.get(short_name="UNTOC").provisions.first()
    response = client.post(
        f"/registry/assistance/{kind.pk}/provided-by/new/",
        {"instrument": chisinau.pk, "provision": untoc_article.pk, "confidence": "U"},
    )
    assert response.status_code == 200
    assert not kind.provided_by.filter(instrument=chisinau).exists()


def test_the_api_lists_kinds_with_their_instruments(personas):
    from tests.conftest import api_as

    body = api_as(personas["kz_prosecutor"]).get("/api/assistance-kinds/?is_active=true").json()
    rows = body["results"] if isinstance(body, dict) else body
    codes = {row["code"] for row in rows}
    assert codes >= NEW_CODES
    interrogation = next(row for row in rows if row["code"] == "interrogation")
    assert interrogation["provided_by"]


@pytest.mark.parametrize(
    ("language", "article", "expected"),
    [
        ("ru", "7", "ст. 7"),
        ("ru", "18(13)", "п. 13 ст. 18"),
        ("ru", "18(3)(a)", "подп. «a» п. 3 ст. 18"),
        ("en", "18(3)(a)", "Art. 18(3)(a)"),
        ("en", "7", "Art. 7"),
        ("ru", "Протокол, ст. 4", "Протокол, ст. 4"),  # a notation it does not know, as recorded
    ],
)
def test_an_article_is_cited_in_the_readers_language(language, article, expected):
    from treaties.citations import article_citation

    with translation.override(language):
        assert article_citation(article) == expected


def test_articles_of_one_instrument_are_grouped_in_order_with_its_citation_form():
    chisinau = Instrument.objects.get(short_name="Chisinau Convention")
    with translation.override("ru"):
        assert chisinau.cite(["8", "6", "7"]) == f"ст. 6, 7 и 8 {chisinau.citation_form}"
        assert chisinau.cite([]) == chisinau.citation_form
    with translation.override("en"):
        assert chisinau.cite(["7", "6"]) == f"Arts. 6 and 7 of {chisinau.citation_form}"
