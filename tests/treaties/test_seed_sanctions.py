"""The seeded sanctions, editions in force and extradition thresholds (migration 0012)."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as django_apps

from treaties.models import CriminalArticle, CriminalCode, LegalThreshold, NonWorkingDay

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("treaties.migrations.0012_seed_sanctions_and_calendar")

# (code, article, part, min months, max months, mark of the sanction, words of its source)
BASIC_PARTS = [
    ("УК КР 1997", "124", "1", 60, 96, "L", "Trafficking in Persons Report 2019"),
    ("УК КР 2017", "171", "1", 30, 60, "L", "Trafficking in Persons Report 2019"),
    ("УК КР 2017", "173", "1", 30, 60, "L", "Trafficking in Persons Report 2021"),
    ("УК КР 2021", "166", "1", 36, 60, "L", "Trafficking in Persons Report 2022"),
    ("УК КР 2021", "167", "1", 60, 96, "L", "Trafficking in Persons Report 2022"),
    ("УК КР 2021", "170", "1", 36, 60, "L", "Trafficking in Persons Report 2022"),
    ("УК РК 2014", "128", "1", 48, 84, "L", "labirint.online"),
    ("УК РК 2014", "135", "1", 60, 108, "U", "источники расходятся"),
    ("УК РК 2014", "128", "4", 108, 144, "U", "номер части не подтверждён"),
]


def _article(code, article, part=""):
    return CriminalArticle.objects.get(code__short_name=code, article=article, part=part, clause="")


@pytest.mark.parametrize(("code", "article", "part", "low", "high", "mark", "source"), BASIC_PARTS)
def test_each_basic_part_carries_its_sanction_source_and_mark(
    code, article, part, low, high, mark, source
):
    row = _article(code, article, part)
    assert (row.min_imprisonment_months, row.max_imprisonment_months) == (low, high)
    assert row.sanction_ru.startswith(("лишение свободы", "домашний арест"))
    assert row.sanction_en
    assert source in row.sanction_source
    assert row.sanction_confidence == mark
    assert row.title_ru and row.source


@pytest.mark.parametrize(
    ("code", "article"),
    [("УК КР 2017", "171"), ("УК КР 2021", "166"), ("УК КР 2021", "170"), ("УК РК 2014", "135")],
)
def test_a_whole_article_with_only_its_basic_penalty_known_is_to_be_confirmed(code, article):
    row = _article(code, article)
    assert row.max_imprisonment_months is None
    assert row.sanction_confidence == "U"
    assert row.sanction_ru.startswith("ч. 1:")


def test_an_unfound_sanction_is_left_empty_and_marked_to_be_confirmed():
    row = _article("УК РК 2014", "128", "2")
    assert row.max_imprisonment_months is None and row.sanction_ru == ""
    assert row.sanction_confidence == "U" and "adilet.zan.kz" in row.sanction_source


def test_new_parts_correspond_to_the_other_countrys_basic_offence():
    kz_128 = _article("УК РК 2014", "128", "1")
    kr_166 = _article("УК КР 2021", "166", "1")
    assert kz_128 in kr_166.corresponding.all() and kr_166 in kz_128.corresponding.all()
    assert (
        _article("УК РК 2014", "135", "1") in _article("УК КР 2021", "167", "1").corresponding.all()
    )


@pytest.mark.parametrize(
    ("country", "day", "edition"),
    [
        ("KG", datetime.date(2018, 12, 31), "УК КР 1997"),
        ("KG", datetime.date(2019, 1, 1), "УК КР 2017"),
        ("KG", datetime.date(2020, 5, 1), "УК КР 2017"),
        ("KG", datetime.date(2021, 11, 30), "УК КР 2017"),
        ("KG", datetime.date(2021, 12, 1), "УК КР 2021"),
        ("KZ", datetime.date(2016, 3, 1), "УК РК 2014"),
    ],
)
def test_exactly_one_edition_is_in_force_on_each_day(country, day, edition):
    in_force = CriminalCode.objects.filter(country=country).in_force_on(day)
    assert [code.short_name for code in in_force] == [edition]
    assert CriminalCode.objects.get(short_name=edition).is_in_force_on(day)


def test_no_kz_edition_before_the_2014_code_took_effect():
    assert not CriminalCode.objects.filter(country="KZ").in_force_on(datetime.date(2014, 12, 31))


def test_editions_dates_cite_the_acts_that_set_them():
    kr_2017 = CriminalCode.objects.get(short_name="УК КР 2017")
    assert "№ 10" in kr_2017.source and kr_2017.confidence == "V"
    assert CriminalCode.objects.get(short_name="УК КР 2021").confidence == "L"


def test_enforcement_threshold_is_on_the_sentence_imposed():
    enforcement = LegalThreshold.objects.get(code="extradition-enforcement-min-sentence")
    assert enforcement.months == 6 and enforcement.confidence == "L"
    assert "осуждено" in enforcement.name_ru and "66, п. 3" in enforcement.citation
    assert enforcement.instrument.short_name == "Chisinau Convention"
    prosecution = LegalThreshold.objects.get(code="extradition-prosecution-min-penalty")
    assert prosecution.months == 12 and prosecution.confidence == "V"
    assert not LegalThreshold.objects.filter(code=SEED.OLD_ENFORCEMENT).exists()


def test_the_old_remaining_term_row_becomes_the_sentence_imposed_row():
    LegalThreshold.objects.filter(code="extradition-enforcement-min-sentence").update(
        code=SEED.OLD_ENFORCEMENT, name_ru="старое"
    )
    old = LegalThreshold.objects.get(code=SEED.OLD_ENFORCEMENT)
    SEED.seed(django_apps, None)
    renamed = LegalThreshold.objects.get(pk=old.pk)
    assert renamed.code == "extradition-enforcement-min-sentence"
    assert renamed.name_ru != "старое"
    assert LegalThreshold.objects.count() == 2


def test_every_seeded_calendar_change_has_a_source_and_a_mark():
    rows = list(NonWorkingDay.objects.all())
    assert len(rows) == len(SEED.NON_WORKING_DAYS)
    for row in rows:
        assert row.source.strip() and row.confidence in "VLU", row
        assert 2025 <= row.date.year <= 2027


@pytest.mark.parametrize(
    ("country", "year", "name"),
    [
        *[("KG", year, "Орозо айт") for year in (2025, 2026, 2027)],
        *[("KG", year, "Курман айт") for year in (2025, 2026, 2027)],
        *[("KZ", year, "Курбан айт") for year in (2025, 2026, 2027)],
    ],
)
def test_moving_religious_holidays_are_seeded_for_each_year(country, year, name):
    rows = (
        NonWorkingDay.objects.of_country(country)
        .of_year(year)
        .filter(kind=NonWorkingDay.Kind.HOLIDAY, note__startswith=name)
    )
    assert rows.count() == 1


def test_estimated_dates_are_to_be_confirmed_and_decrees_are_likely():
    estimated = NonWorkingDay.objects.get(country="KZ", date=datetime.date(2027, 5, 16))
    assert estimated.confidence == "U" and "расчётная" in estimated.source
    decreed = NonWorkingDay.objects.get(country="KG", date=datetime.date(2025, 1, 11))
    assert decreed.kind == NonWorkingDay.Kind.WORKING_DAY
    assert decreed.confidence == "L" and "30.12.2024" in decreed.source


def test_seeding_again_duplicates_nothing():
    models = [CriminalArticle, CriminalCode, LegalThreshold, NonWorkingDay]
    through = CriminalArticle.corresponding.through
    before = [m.objects.count() for m in models] + [through.objects.count()]
    SEED.seed(django_apps, None)
    after = [m.objects.count() for m in models] + [through.objects.count()]
    assert after == before
