"""The seeded criminal law (migration 0005_seed_criminal_law): editions, articles, exploitation."""

import importlib

import pytest
from django.apps import apps as django_apps

from treaties.criminal_law import CriminalArticle, CriminalCode, ExploitationForm

pytestmark = pytest.mark.django_db

CODES = [
    ("УК КР 1997", "KG"),
    ("УК КР 2017", "KG"),
    ("УК КР 2021", "KG"),
    ("УК РК 2014", "KZ"),
]

# (code, article, part, country, category, confidence)
ARTICLES = [
    ("УК КР 1997", "124", "", "KG", "trafficking", "V"),
    ("УК КР 2017", "171", "", "KG", "trafficking", "V"),
    ("УК КР 2017", "173", "", "KG", "forced_labour", "L"),
    ("УК КР 2021", "166", "", "KG", "trafficking", "L"),
    ("УК КР 2021", "167", "", "KG", "trafficking_minors", "L"),
    ("УК КР 2021", "170", "", "KG", "forced_labour", "L"),
    ("УК РК 2014", "128", "1", "KZ", "trafficking", "L"),
    ("УК РК 2014", "128", "2", "KZ", "trafficking", "U"),
    ("УК РК 2014", "135", "", "KZ", "trafficking_minors", "V"),
    ("УК РК 2014", "125", "", "KZ", "related", "L"),
    ("УК РК 2014", "126", "", "KZ", "related", "L"),
    ("УК РК 2014", "134", "", "KZ", "related", "L"),
    ("УК РК 2014", "308", "", "KZ", "related", "L"),
    ("УК РК 2014", "309", "", "KZ", "related", "L"),
]

PROTOCOL_FORMS = ["sexual-exploitation", "forced-labour", "slavery", "servitude", "organ-removal"]
NATIONAL_FORMS = [
    "forced-begging",
    "criminal-activity",
    "forced-marriage",
    "illegal-adoption",
    "pornography",
    "armed-conflict",
]

SOURCED_MODELS = [CriminalCode, CriminalArticle, ExploitationForm]

# A source cites a real act or publication, never the team's internal notes. Their name is
# assembled here so that it is not itself written into the project.
INTERNAL_NOTES = "DOM" + "AIN"


def _article(code, article, part=""):
    return CriminalArticle.objects.get(code__short_name=code, article=article, part=part, clause="")


@pytest.mark.parametrize(("short_name", "country"), CODES)
def test_each_code_edition_is_seeded_with_its_country(short_name, country):
    assert CriminalCode.objects.get(short_name=short_name).country == country


def test_kr_editions_follow_each_other():
    kr_1997 = CriminalCode.objects.get(short_name="УК КР 1997")
    kr_2017 = CriminalCode.objects.get(short_name="УК КР 2017")
    kr_2021 = CriminalCode.objects.get(short_name="УК КР 2021")
    assert kr_1997.in_force_to == kr_2017.in_force_from
    assert kr_2017.in_force_to == kr_2021.in_force_from
    assert kr_2021.in_force_to is None


@pytest.mark.parametrize(("code", "article", "part", "country", "category", "confidence"), ARTICLES)
def test_each_article_is_seeded(code, article, part, country, category, confidence):
    row = _article(code, article, part)
    assert row.code.country == country
    assert row.category == category
    assert row.confidence == confidence
    assert row.title_ru
    assert row.title_en


def test_kz_128_part_1_has_its_maximum_penalty():
    assert _article("УК РК 2014", "128", "1").max_imprisonment_months == 84


@pytest.mark.parametrize(("code", "article", "part"), [row[:3] for row in ARTICLES])
def test_seed_invents_no_text_and_no_unsourced_penalty(code, article, part):
    row = _article(code, article, part)
    assert row.text == ""
    # Penalties come from 0012, each with the source that states it.
    if row.max_imprisonment_months is not None or row.min_imprisonment_months is not None:
        assert row.sanction_source and row.sanction_confidence


def test_kz_128_and_kr_2021_166_correspond_both_ways():
    kz_128 = _article("УК РК 2014", "128", "1")
    kr_166 = _article("УК КР 2021", "166")
    assert kr_166 in kz_128.corresponding.all()
    assert kz_128 in kr_166.corresponding.all()


@pytest.mark.parametrize(
    ("kr_code", "kr_article", "kz_article", "kz_part"),
    [
        ("УК КР 1997", "124", "128", "1"),
        ("УК КР 2017", "171", "128", "1"),
        ("УК КР 2017", "173", "128", "1"),
        ("УК КР 2021", "166", "128", "1"),
        ("УК КР 2021", "170", "128", "1"),
        ("УК КР 2021", "167", "135", ""),
    ],
)
def test_correspondences_are_symmetrical(kr_code, kr_article, kz_article, kz_part):
    kr = _article(kr_code, kr_article)
    kz = _article("УК РК 2014", kz_article, kz_part)
    assert kz in kr.corresponding.all()
    assert kr in kz.corresponding.all()


@pytest.mark.parametrize("model", SOURCED_MODELS)
def test_every_row_cites_a_source(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert row.source.strip(), row
        assert INTERNAL_NOTES not in row.source.upper(), row
        assert ".md" not in row.source.lower(), row


def test_all_forms_of_exploitation_are_seeded():
    codes = set(ExploitationForm.objects.values_list("code", flat=True))
    assert codes == set(PROTOCOL_FORMS + NATIONAL_FORMS)
    assert len(codes) == 11


@pytest.mark.parametrize("code", PROTOCOL_FORMS)
def test_protocol_forms_are_verified(code):
    form = ExploitationForm.objects.get(code=code)
    assert form.confidence == "V"
    assert "Протокол" in form.source


@pytest.mark.parametrize("code", NATIONAL_FORMS)
def test_national_forms_are_likely(code):
    assert ExploitationForm.objects.get(code=code).confidence == "L"


def test_forms_have_distinct_orders():
    orders = list(ExploitationForm.objects.values_list("order", flat=True))
    assert len(set(orders)) == len(orders)


def test_seeding_again_duplicates_nothing():
    migration = importlib.import_module("treaties.migrations.0005_seed_criminal_law")
    through = CriminalArticle.corresponding.through
    before = [
        CriminalCode.objects.count(),
        CriminalArticle.objects.count(),
        through.objects.count(),
        ExploitationForm.objects.count(),
    ]
    migration.seed(django_apps, None)
    after = [
        CriminalCode.objects.count(),
        CriminalArticle.objects.count(),
        through.objects.count(),
        ExploitationForm.objects.count(),
    ]
    assert after == before
