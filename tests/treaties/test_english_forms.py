"""The registry's legal references in English: rules' citations, code editions' short names,
and the clocks that cite them, each reader in their own language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from deadlines.models import Deadline
from tests.conftest import api_as
from tests.deadlines.conftest import clock, sent  # noqa: F401  (fixtures)
from tests.requests_mla.conftest import draft, kr_case  # noqa: F401  (fixtures)
from treaties.criminal_law import CriminalArticle, CriminalCode
from treaties.models import DeadlineRule

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def client_in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_every_seeded_rule_has_an_english_citation_without_cyrillic():
    rules = list(DeadlineRule.objects.all())
    assert len(rules) >= 10
    for rule in rules:
        assert rule.citation_en, rule.code
        assert not CYRILLIC.search(rule.citation_en), rule.code
        # Article numbers are kept exactly: every article the Russian citation names is there.
        for article in re.findall(r"ст\. (\d+)", rule.citation):
            assert f"Art. {article}" in rule.citation_en, rule.code


def test_a_rule_cites_in_the_readers_language():
    rule = DeadlineRule.objects.get(code="mla-execution-target")
    with translation.override("en"):
        assert rule.shown_citation == "UNTOC, Art. 18(24); target 30 days — practice, not law"
    with translation.override("ru"):
        assert rule.shown_citation == rule.citation
    rule.citation_en = ""
    with translation.override("en"):
        assert rule.shown_citation == rule.citation


def test_every_seeded_code_has_its_english_short_name():
    codes = {code.short_name: code.short_name_en for code in CriminalCode.objects.all()}
    assert codes["УК КР 2021"] == "CC KR 2021"
    assert codes["УК РК 2014"] == "CC RK 2014"
    for short_name, english in codes.items():
        assert re.fullmatch(r"CC (KR|RK) \d{4}", english), short_name
        # The year of the edition is the same.
        assert english[-4:] == short_name[-4:]


def test_article_citations_in_english_carry_no_cyrillic():
    articles = list(CriminalArticle.objects.select_related("code"))
    assert articles
    with translation.override("en"):
        for article in articles:
            assert not CYRILLIC.search(str(article.citation)), article.pk
        article = CriminalArticle.objects.get(code__short_name="УК КР 2021", article="166", part="")
        assert article.citation == "Art. 166 CC KR 2021"
    with translation.override("ru"):
        assert "УК КР 2021" in article.citation


def test_the_registry_api_shows_the_english_forms(personas):
    client = api_as(personas["kg_investigator"])
    rules = client.get("/api/deadline-rules/").json()
    rules = rules.get("results", rules)
    assert all(row["citation_en"] for row in rules)
    codes = client.get("/api/criminal-codes/").json()
    codes = codes.get("results", codes)
    assert {row["short_name_en"] for row in codes} >= {"CC KR 2021", "CC RK 2014"}


def test_a_clock_opened_in_russian_cites_each_reader_in_their_language(personas, clock, sent):  # noqa: F811
    assert clock.citation.startswith("UNTOC, ст. 18(24)")
    assert clock.citations["ru"] == clock.citation
    english = clock.citations["en"]
    assert english.startswith("UNTOC, Art. 18(24); target 30 days — practice, not law")
    assert not CYRILLIC.search(english)

    # The request page: the deadline panel's citation.
    for language, expected, other in (
        ("en", english, clock.citation),
        ("ru", clock.citation, english),
    ):
        client = client_in(api_as(personas["kz_prosecutor"]), language)
        client.force_login(personas["kz_prosecutor"])
        page = client.get(f"/requests/{sent.pk}/").content.decode()
        assert f">{expected}</abbr>" in page, language
        assert f">{other}</abbr>" not in page, language
        # The citation says "practice, not law" itself: no second badge in either language.
        with translation.override(language):
            badge = translation.gettext("A target agreed in practice, not a time limit set by law.")
        assert badge not in page, language

        body = client.get(f"/api/deadlines/{clock.pk}/").json()
        assert body["citation"] == expected, language


def test_a_clock_without_english_falls_back_to_its_russian_citation(clock):  # noqa: F811
    Deadline.objects.filter(pk=clock.pk).update(citations={})
    clock.refresh_from_db()
    with translation.override("en"):
        assert clock.shown_citation == clock.citation


def test_the_practice_badge_shows_when_the_citation_does_not_say_so(personas, clock, sent):  # noqa: F811
    """A practice clock whose citation does not say "practice, not law" gets the badge, in the
    reader's language."""
    Deadline.objects.filter(pk=clock.pk).update(
        citation="UNTOC, ст. 18(24) [V]",
        citations={"ru": "UNTOC, ст. 18(24) [V]", "en": "UNTOC, Art. 18(24) [V]"},
    )
    for language in ("en", "ru"):
        client = client_in(api_as(personas["kz_prosecutor"]), language)
        client.force_login(personas["kz_prosecutor"])
        page = client.get(f"/requests/{sent.pk}/").content.decode()
        with translation.override(language):
            badge = translation.gettext("A target agreed in practice, not a time limit set by law.")
        assert badge in page, language
