"""The instruments as applied (migration 0010): names, citation forms, dates told apart, the
2022 Protocol, the governing treaty's articles."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from treaties.models import Instrument, InstrumentParty, Provision, RequiredElement

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("treaties.migrations.0010_seed_instruments_as_applied")
FIRST_SEED = importlib.import_module("treaties.migrations.0002_seed_registry")


def instrument(key: str) -> Instrument:
    return Instrument.objects.get(short_name=key)


def party(key: str, country: str) -> InstrumentParty:
    return InstrumentParty.objects.get(instrument__short_name=key, country=country)


def test_every_instrument_has_short_names_and_citation_forms_in_both_languages():
    for item in Instrument.objects.exclude(kind="national"):
        assert item.name_ru and item.name_en, item.short_name
        assert item.citation_ru and item.citation_en, item.short_name
        # Latin letters have no place in the Russian forms of an international instrument.
        assert not any("a" <= c.lower() <= "z" for c in item.name_ru + item.citation_ru), item


def test_citation_forms_are_in_the_genitive_with_place_and_date():
    assert instrument("Chisinau Convention").citation_ru == (
        "Конвенции о правовой помощи и правовых отношениях по гражданским, семейным и "
        "уголовным делам (Кишинёв, 7 октября 2002 г.)"
    )
    assert instrument("UNTOC").citation_ru == (
        "Конвенции Организации Объединённых Наций против транснациональной организованной "
        "преступности (Нью-Йорк, 15 ноября 2000 г.)"
    )
    assert instrument("KR–KZ MLA Treaty").name_ru == (
        "Договор между КР и РК о правовой помощи 1996 г."
    )


def test_untoc_is_adopted_in_new_york_and_opened_for_signature_in_palermo():
    untoc = instrument("UNTOC")
    assert (untoc.place_adopted, untoc.adopted_on) == ("Нью-Йорк", datetime.date(2000, 11, 15))
    assert (untoc.place_signed, untoc.date_signed) == ("Палермо", datetime.date(2000, 12, 12))
    assert untoc.confidence == "L"  # the signature dates are not verified
    for key in ("Trafficking Protocol", "Smuggling Protocol"):
        protocol = instrument(key)
        assert protocol.adopted_on == datetime.date(2000, 11, 15)
        assert protocol.date_signed == datetime.date(2000, 12, 12)
    kz = party("UNTOC", "KZ")
    assert (kz.signed_on, kz.signed_confidence) == (datetime.date(2000, 12, 13), "L")
    assert kz.ratified_on == datetime.date(2008, 6, 4)
    assert kz.ratification_act == "Закон РК от 4 июня 2008 г. № 40-IV"


def test_chisinau_kg_date_is_a_deposit_and_entry_into_force_is_not_claimed():
    kg = party("Chisinau Convention", "KG")
    assert kg.deposited_on == datetime.date(2004, 9, 2)
    assert kg.deposited_confidence == "L"
    assert kg.ratified_on == datetime.date(2004, 3, 19)  # the law, not the deposit
    assert kg.in_force_since is None and kg.in_force_confidence == "U"
    kz = party("Chisinau Convention", "KZ")
    assert (kz.ratified_on, kz.ratified_confidence) == (datetime.date(2004, 3, 10), "V")
    assert kz.ratification_act == "Закон РК от 10 марта 2004 г. № 531"
    assert (kz.deposited_on, kz.deposited_confidence) == (datetime.date(2004, 3, 29), "L")
    assert kz.in_force_since is None
    for row in (kg, kz):
        for fact in row.facts:
            if fact.date:
                assert fact.source and fact.confidence, (row, fact.key)


def test_the_2022_protocol_amends_the_treaty_and_is_no_legal_basis():
    protocol = instrument("KR–KZ MLA Protocol 2022")
    treaty = instrument("KR–KZ MLA Treaty")
    assert protocol.amends == treaty
    assert list(treaty.amendments.all()) == [protocol]
    assert (protocol.place_signed, protocol.date_signed) == ("Бишкек", datetime.date(2022, 5, 26))
    assert not protocol.is_legal_basis
    assert protocol not in Instrument.objects.legal_bases(for_mla=True)
    kz = party("KR–KZ MLA Protocol 2022", "KZ")
    assert kz.ratified_on == datetime.date(2023, 5, 12)
    assert kz.ratification_act == "Закон РК от 12 мая 2023 г. № 3-VIII"
    assert party("KR–KZ MLA Protocol 2022", "KG").status == "signed"
    assert protocol.provisions.get(article="1").confidence == "V"


def test_the_garbled_provision_is_the_treatys_article_4_as_amended():
    treaty = instrument("KR–KZ MLA Treaty")
    assert not Provision.objects.filter(article__startswith="Протокол").exists()
    article = treaty.provisions.get(article="4")
    assert "Протокола 2022" in article.subject
    assert "компетентные учреждения" in article.summary
    assert "через назначенные компетентные учреждения" in treaty.channel_ru
    assert "с изменениями, внесёнными Протоколом от 26 мая 2022 г." in treaty.citation_ru


def test_extradition_request_elements_are_seeded_under_chisinau_marked_to_confirm():
    chisinau = RequiredElement.objects.filter(
        instrument__short_name="Chisinau Convention", request_kind="extradition"
    )
    minsk = RequiredElement.objects.filter(
        instrument__short_name="Minsk Convention", request_kind="extradition"
    )
    assert set(chisinau.values_list("code", flat=True)) == set(minsk.values_list("code", flat=True))
    assert set(chisinau.values_list("confidence", flat=True)) == {"U"}
    assert {e.provision.article for e in chisinau.select_related("provision")} == {"67"}
    supersession = Provision.objects.get(
        instrument__short_name="Chisinau Convention", article="120(3)"
    )
    assert supersession.confidence == "L"


def test_extradition_channel_and_authorities():
    agreement = instrument("KR–KZ Extradition Agreement")
    assert "через Генеральные прокуратуры" in agreement.channel_ru
    assert agreement.party("KG").competent_authority_ru == (
        "Генеральная прокуратура Кыргызской Республики"
    )
    assert agreement.party("KZ").competent_authority_ru == (
        "Генеральная прокуратура Республики Казахстан"
    )
    assert "18(13)" in instrument("UNTOC").channel_ru


def test_seed_runs_again_after_the_first_seed_without_duplicates():
    counts = (
        Instrument.objects.count(),
        Provision.objects.count(),
        RequiredElement.objects.count(),
    )
    FIRST_SEED.seed(apps, None)  # recreates the garbled row and the ratification date
    SEED.seed(apps, None)
    assert (
        Instrument.objects.count(),
        Provision.objects.count(),
        RequiredElement.objects.count(),
    ) == counts
    assert not Provision.objects.filter(article__startswith="Протокол").exists()
    assert party("Chisinau Convention", "KG").ratified_on == datetime.date(2004, 3, 19)


def test_unseed_returns_to_the_first_seed_and_seed_restores():
    SEED.unseed(apps, None)
    assert not Instrument.objects.filter(short_name="KR–KZ MLA Protocol 2022").exists()
    kg = party("Chisinau Convention", "KG")
    assert kg.ratified_on == datetime.date(2004, 9, 2) and kg.deposited_on is None
    assert instrument("UNTOC").name_ru == ""
    assert Provision.objects.filter(article="Протокол 2022, ст. 4").exists()
    SEED.seed(apps, None)
    assert party("Chisinau Convention", "KG").deposited_on == datetime.date(2004, 9, 2)
    assert instrument("KR–KZ MLA Treaty").provisions.filter(article="4").exists()
