"""Registry pages: everyone signed in reads; registry administrators write, audited."""

from __future__ import annotations

import pytest

from audit.models import AuditAction, AuditEvent
from treaties.models import DeadlineRule, Instrument, Provision

pytestmark = pytest.mark.django_db

SEEDED_INSTRUMENTS = [
    "Convention 1950",
    "UNTOC",
    "Trafficking Protocol",
    "Smuggling Protocol",
    "Minsk Convention",
    "Chisinau Convention",
    "KR–KZ MLA Treaty",
    "KR–KZ Extradition Agreement",
    "CIS Trafficking Agreement",
    "CIS Programme 2007–2010",
]


def instrument(short_name: str) -> Instrument:
    return Instrument.objects.get(short_name=short_name)


def test_list_shows_every_instrument_with_parties_and_dates(client, personas):
    client.force_login(personas["kz_investigator"])
    page = client.get("/registry/").content.decode()
    for key in SEEDED_INSTRUMENTS:
        assert instrument(key).name_ru in page, key  # the short name in the reader's language
    assert "26.08.1996" in page  # KR–KZ MLA Treaty signed in Almaty
    assert "18.12.1998" in page  # ... in force
    assert page.count('data-party="KG"') >= len(SEEDED_INSTRUMENTS)
    assert page.count('data-party="KZ"') >= len(SEEDED_INSTRUMENTS)


def test_list_query_count_is_constant(client, personas, django_assert_max_num_queries):
    client.force_login(personas["kz_investigator"])
    with django_assert_max_num_queries(8):
        client.get("/registry/")


def test_search_finds_by_title_and_by_provision_subject(client, personas):
    client.force_login(personas["kg_investigator"])
    page = client.get("/registry/", {"q": "Кишин"}).content.decode()
    assert instrument("Chisinau Convention").name_ru in page
    assert instrument("Trafficking Protocol").name_ru not in page
    by_kind = client.get("/registry/", {"kind": "bilateral"}).content.decode()
    assert instrument("KR–KZ MLA Treaty").name_ru in by_kind
    assert instrument("UNTOC").name_ru not in by_kind


def test_detail_shows_parties_provisions_rules_and_elements(client, personas):
    client.force_login(personas["kg_prosecutor"])
    chisinau = instrument("Chisinau Convention")
    page = client.get(f"/registry/{chisinau.pk}/").content.decode()
    assert "10.03.2004" in page  # KZ ratification
    assert "ст. 7" in page
    minsk = instrument("Minsk Convention")
    page = client.get(f"/registry/{minsk.pk}/").content.decode()
    assert "40" in page  # the 40-day custody rule is listed under Minsk


def test_unverified_entries_are_flagged_to_be_confirmed(client, personas):
    client.force_login(personas["kg_prosecutor"])
    element = instrument("UNTOC").required_elements.filter(confidence="U").first()
    assert element is not None
    page = client.get(f"/registry/{element.instrument_id}/").content.decode()
    assert "text-bg-danger" in page


def test_registry_admin_edit_is_audited_with_before_and_after(client, personas):
    admin = personas["registry_admin"]
    client.force_login(admin)
    untoc = instrument("UNTOC")
    form = client.get(f"/registry/{untoc.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(notes="Проверено по тексту на сайте ООН")
    data["superseded_by"] = ""
    response = client.post(f"/registry/{untoc.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    untoc.refresh_from_db()
    assert untoc.notes == "Проверено по тексту на сайте ООН"
    event = AuditEvent.objects.for_object(untoc).get()
    assert event.action == AuditAction.UPDATE
    assert event.actor == admin and event.actor_agency == admin.agency
    assert event.changes["notes"][1] == "Проверено по тексту на сайте ООН"
    assert event.changes["notes"][0] != event.changes["notes"][1]
    assert set(event.changes) == {"notes"}  # unchanged fields are not recorded


@pytest.mark.parametrize("persona", ["kg_investigator", "kz_coordinator", "auditor", "outsider"])
def test_other_roles_get_403_on_edit_and_nothing_changes(client, personas, persona):
    client.force_login(personas[persona])
    untoc = instrument("UNTOC")
    before = untoc.notes
    response = client.post(f"/registry/{untoc.pk}/edit/", {"notes": "подмена"})
    assert response.status_code == 403
    untoc.refresh_from_db()
    assert untoc.notes == before
    assert not AuditEvent.objects.for_object(untoc).exists()
    create = client.post(f"/registry/{untoc.pk}/provision/new/", {"article": "99"})
    assert create.status_code == 403
    assert not Provision.objects.filter(instrument=untoc, article="99").exists()


def test_invalid_input_is_shown_in_the_form_and_nothing_is_saved(client, personas):
    client.force_login(personas["registry_admin"])
    response = client.post(
        "/registry/new/",
        {
            "short_name": "X" * 150,
            "title_ru": "",
            "kind": "galactic",
            "date_signed": "2000-05-05",
            "in_force_date": "1999-01-01",
            "precedence": "-3",
            "confidence": "V",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"short_name", "title_ru", "kind", "precedence"} <= set(errors)
    assert not Instrument.objects.filter(short_name__startswith="XXX").exists()


def test_in_force_before_signature_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    response = client.post(
        "/registry/new/",
        {
            "short_name": "Новое соглашение",
            "title_ru": "Соглашение",
            "title_en": "Agreement",
            "kind": "bilateral",
            "date_signed": "2000-05-05",
            "in_force_date": "1999-01-01",
            "precedence": "10",
            "confidence": "U",
        },
    )
    assert response.status_code == 200
    assert "in_force_date" in response.context["form"].errors
    assert not Instrument.objects.filter(short_name="Новое соглашение").exists()


def test_duplicate_article_is_a_form_error(client, personas):
    client.force_login(personas["registry_admin"])
    chisinau = instrument("Chisinau Convention")
    existing = chisinau.provisions.first()
    response = client.post(
        f"/registry/{chisinau.pk}/provision/new/",
        {"article": existing.article, "subject": "Дубликат", "confidence": "U"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert chisinau.provisions.filter(article=existing.article).count() == 1


def test_admin_adds_a_deadline_rule_with_reminders_typed_as_text(client, personas):
    client.force_login(personas["registry_admin"])
    minsk = instrument("Minsk Convention")
    response = client.post(
        f"/registry/{minsk.pk}/rule/new/",
        {
            "code": "test-rule",
            "name_ru": "Проверочный срок",
            "name_en": "Test clock",
            "citation": "ст. 1",
            "trigger": "mla_sent",
            "length": "10",
            "unit": "days",
            "day_kind": "working",
            "jurisdiction": "requested_state",
            "reminder_lead_days": "1, 3, 7,0",
            "is_active": "on",
            "confidence": "U",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    rule = DeadlineRule.objects.get(code="test-rule")
    assert rule.reminder_lead_days == [7, 3, 1, 0]
    assert AuditEvent.objects.for_object(rule).get().action == AuditAction.CREATE


def test_working_days_with_months_is_refused(client, personas):
    client.force_login(personas["registry_admin"])
    rule = DeadlineRule.objects.get(code="extradition-supplement-1m")
    response = client.post(
        f"/registry/rule/{rule.pk}/edit/",
        {
            "code": rule.code,
            "name_ru": rule.name_ru,
            "name_en": rule.name_en,
            "citation": rule.citation,
            "trigger": rule.trigger,
            "length": "1",
            "unit": "months",
            "day_kind": "working",
            "jurisdiction": rule.jurisdiction,
            "reminder_lead_days": "seven",
            "confidence": "U",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reminder_lead_days" in errors
    rule.refresh_from_db()
    assert rule.day_kind == "calendar"


def test_unknown_record_kind_is_404(client, personas):
    client.force_login(personas["registry_admin"])
    assert client.get("/registry/1/statute/new/").status_code == 404
    assert client.get("/registry/999999/edit/").status_code == 404
