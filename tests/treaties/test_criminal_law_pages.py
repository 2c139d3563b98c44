"""The criminal-law registry page shows each article's sanction with its source and mark; the
registry administrator's form edits them, audited."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from treaties.models import CriminalArticle

pytestmark = pytest.mark.django_db


def kr_166_1() -> CriminalArticle:
    return CriminalArticle.objects.get(code__short_name="УК КР 2021", article="166", part="1")


def test_page_shows_sanctions_with_source_and_mark(client, personas):
    client.force_login(personas["kz_investigator"])
    page = client.get("/registry/criminal-law/").content.decode()
    assert "лишение свободы на срок от 3 до 5 лет" in page
    assert "Trafficking in Persons Report 2022" in page
    assert "36–60" in page
    # A whole article whose other parts are unknown says so, marked "to be confirmed".
    assert "санкции остальных частей в реестр не внесены" in page
    assert "требует подтверждения" in page or "to be confirmed" in page
    # Editions with their dates in force.
    assert "01.12.2021" in page and "01.01.2019" in page


def test_registry_admin_edits_a_sanction_audited(client, personas):
    client.force_login(personas["registry_admin"])
    article = kr_166_1()
    url = f"/registry/criminal-law/article/{article.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200
    for name in (
        "min_imprisonment_months",
        "sanction_ru",
        "sanction_source",
        "sanction_confidence",
    ):
        assert f'name="{name}"' in form.content.decode()
    data = {
        "code": article.code_id,
        "article": "166",
        "part": "1",
        "clause": "",
        "title_ru": article.title_ru,
        "title_en": article.title_en,
        "category": article.category,
        "text": "",
        "min_imprisonment_months": "60",
        "max_imprisonment_months": "96",
        "sanction_ru": "лишение свободы на срок от 5 до 8 лет",
        "sanction_en": "imprisonment from 5 to 8 years",
        "sanction_source": "УК КР от 28.10.2021 № 127, ст. 166 ч. 1 (cbd.minjust.gov.kg)",
        "sanction_confidence": "V",
        "corresponding": [c.pk for c in article.corresponding.all()],
        "is_active": "on",
        "source": article.source,
        "confidence": article.confidence,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert (article.min_imprisonment_months, article.max_imprisonment_months) == (60, 96)
    assert article.sanction_confidence == "V"
    event = AuditEvent.objects.filter(
        object_type="treaties.criminalarticle", object_id=str(article.pk), action="update"
    ).get()
    assert event.changes["max_imprisonment_months"] == [60, 96]
    assert event.changes["sanction_confidence"] == ["L", "V"]


def test_a_minimum_above_the_maximum_is_a_form_error(client, personas):
    client.force_login(personas["registry_admin"])
    article = kr_166_1()
    url = f"/registry/criminal-law/article/{article.pk}/edit/"
    data = {
        "code": article.code_id,
        "article": "166",
        "part": "1",
        "title_ru": article.title_ru,
        "title_en": article.title_en,
        "category": article.category,
        "min_imprisonment_months": "100",
        "max_imprisonment_months": "60",
        "is_active": "on",
        "source": article.source,
        "confidence": article.confidence,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["min_imprisonment_months"]


def test_only_registry_admins_edit_articles(client, personas):
    client.force_login(personas["kg_prosecutor"])
    assert client.get(f"/registry/criminal-law/article/{kr_166_1().pk}/edit/").status_code == 403
