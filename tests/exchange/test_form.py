"""The new-message form at national scale: officers of the chosen agency only, the sender's
latest cases and a search, what was chosen kept, and a page that does not grow with the data."""

from __future__ import annotations

import datetime
import re

import pytest

from accounts.choices import Role
from cases import services as case_services
from cases.choices import NationalRegister
from exchange.models import Message
from exchange.pickers import CASES_FOUND, CASES_OFFERED, OFFICERS_SHOWN
from tests.exchange.conftest import code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def open_case(actor, n: int, title: str = "Вербовка", **extra):
    """A bare case of the actor's agency (no participants: the form only names it)."""
    kz = actor.agency.country == "KZ"
    return case_services.case_create(
        actor=actor,
        national_register=NationalRegister.KZ_ERDR if kz else NationalRegister.KG_ERP,
        national_number=f"2615000310{n:05d}" if kz else f"24-001-2026-{n:06d}",
        title=title,
        opened_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        **extra,
    )


def officers(agency, count: int, surname: str = "Сатыбалдиев"):
    return [
        UserFactory(
            agency=agency,
            roles=[Role.INVESTIGATOR],
            last_name=f"{surname}{i:03d}",
            first_name="Нурлан",
        )
        for i in range(count)
    ]


def box(page: str, name: str, pk: int) -> bool:
    """The page has the check box ``name`` = ``pk`` (checked or not)."""
    return f'name="{name}" value="{pk}"' in page


def checked(page: str, name: str, pk: int) -> bool:
    """The page has the box ``name`` = ``pk``, checked."""
    return bool(re.search(rf'<input[^>]*name="{name}" value="{pk}"[^>]*\bchecked\b', page))


def body(personas, **extra):
    return {
        "recipient_agency": personas["kg_investigator"].agency.pk,
        "subject": "Сведения",
        "text": "Текст сообщения",
        "category": "operational",
        "handling_code": code("H1").pk,
        **extra,
    }


# --- Named officers ---------------------------------------------------------------------------
def test_officers_offered_are_those_of_the_chosen_agency(client, personas):
    client.force_login(personas["kz_investigator"])
    ministry = personas["kg_investigator"].agency
    page = client.get(f"/exchange/new/officers/?recipient_agency={ministry.pk}").content.decode()
    assert box(page, "recipients", personas["kg_investigator"].pk)
    assert box(page, "recipients", personas["kg_coordinator"].pk)
    assert not box(page, "recipients", personas["kg_prosecutor"].pk)  # another agency
    assert not box(page, "recipients", personas["registry_admin"].pk)  # no case role
    office = personas["kg_prosecutor"].agency
    page = client.get(f"/exchange/new/officers/?recipient_agency={office.pk}").content.decode()
    assert box(page, "recipients", personas["kg_prosecutor"].pk)
    assert not box(page, "recipients", personas["kg_investigator"].pk)


def test_without_an_agency_the_officer_list_asks_for_one(client, personas):
    client.force_login(personas["kz_investigator"])
    page = client.get("/exchange/new/").content.decode()
    assert 'data-testid="recipients-hint"' in page
    assert not box(page, "recipients", personas["kg_investigator"].pk)


def test_a_large_agency_shows_a_few_officers_and_finds_the_others_by_name(
    client, personas, django_assert_max_num_queries
):
    ministry = personas["kg_investigator"].agency
    client.force_login(personas["kz_investigator"])
    url = f"/exchange/new/officers/?recipient_agency={ministry.pk}"
    with django_assert_max_num_queries(50) as captured:
        client.get(url)
    budget = len(captured)
    many = officers(ministry, OFFICERS_SHOWN + 5)
    with django_assert_max_num_queries(budget):
        assert client.get(url).content.decode().count('name="recipients"') == OFFICERS_SHOWN
    page = client.get(f"/exchange/new/?recipient_agency={ministry.pk}").content.decode()
    assert page.count('name="recipients"') == OFFICERS_SHOWN
    assert 'data-testid="recipients-hint"' in page  # "type a name to find the others"
    last = many[-1]
    # Typed in lower case, as people type.
    found = client.get(
        f"/exchange/new/officers/?recipient_agency={ministry.pk}&officer_q=сатыбалдиев024"
    ).content.decode()
    assert box(found, "recipients", last.pk)
    assert found.count('name="recipients"') == 1


def test_a_chosen_officer_stays_checked_through_a_search(client, personas):
    ministry = personas["kg_investigator"].agency
    chosen = personas["kg_coordinator"]
    client.force_login(personas["kz_investigator"])
    found = client.get(
        f"/exchange/new/officers/?recipient_agency={ministry.pk}"
        f"&recipients={chosen.pk}&officer_q=нет-такого"
    ).content.decode()
    assert checked(found, "recipients", chosen.pk)
    assert not box(found, "recipients", personas["kg_investigator"].pk)


def test_another_agency_drops_the_officers_named_for_the_first(client, personas):
    office = personas["kg_prosecutor"].agency
    client.force_login(personas["kz_investigator"])
    found = client.get(
        f"/exchange/new/officers/?recipient_agency={office.pk}"
        f"&recipients={personas['kg_investigator'].pk}"
    ).content.decode()
    assert not box(found, "recipients", personas["kg_investigator"].pk)


def test_an_officer_of_another_agency_is_a_field_error_without_javascript(client, personas):
    client.force_login(personas["kz_investigator"])
    response = client.post(
        "/exchange/new/", body(personas, recipients=[personas["kg_prosecutor"].pk])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["recipients"]
    assert any("органа-получателя" in e for e in errors), errors
    # The wrong choice is shown (checked, with its agency) so the sender sees what to undo.
    assert checked(response.content.decode(), "recipients", personas["kg_prosecutor"].pk)
    assert not Message.objects.exists()


def test_the_api_refuses_an_officer_of_another_agency(personas):
    from tests.conftest import api_as

    data = {
        "recipient_agency": personas["kg_investigator"].agency.pk,
        "recipients": [personas["kg_prosecutor"].pk],
        "subject": "Сведения",
        "text": "Текст",
        "category": "operational",
        "handling_code": "H1",
    }
    response = api_as(personas["kz_investigator"]).post("/api/messages/", data, format="json")
    assert response.status_code == 400
    assert "recipients" in response.json()
    data["recipients"] = [personas["kg_coordinator"].pk]
    response = api_as(personas["kz_investigator"]).post("/api/messages/", data, format="json")
    assert response.status_code == 201, response.content


# --- Cases it concerns ------------------------------------------------------------------------
def test_the_senders_latest_own_cases_are_offered_first(client, personas):
    sender = personas["kz_investigator"]
    own = [open_case(sender, n) for n in range(CASES_OFFERED + 2)]
    other = open_case(personas["kz_coordinator"], 50, title="Чужое дело")
    client.force_login(sender)
    page = client.get("/exchange/new/").content.decode()
    newest = sorted(own, key=lambda c: c.opened_on, reverse=True)
    for case in newest[:CASES_OFFERED]:
        assert case.reference in page
    for case in newest[CASES_OFFERED:]:
        assert case.reference not in page
    assert other.reference not in page  # visible to the sender, but not one of his


def test_case_search_finds_visible_cases_of_the_senders_country_only(client, personas):
    mine = open_case(personas["kz_coordinator"], 1, title="Вербовка в Шымкенте")
    kg = open_case(personas["kg_investigator"], 2, title="Вербовка в Оше")
    client.force_login(personas["kz_investigator"])
    found = client.get("/exchange/new/cases/?case_q=вербовка").content.decode()
    assert mine.reference in found
    assert kg.reference not in found  # another country's case: not the sender's to link
    assert (
        mine.reference
        in client.get(f"/exchange/new/cases/?case_q={mine.reference}").content.decode()
    )
    by_number = client.get(f"/exchange/new/cases/?case_q={mine.national_number[-6:]}")
    assert mine.reference in by_number.content.decode()
    short = client.get("/exchange/new/cases/?case_q=ве").content.decode()
    assert mine.reference not in short
    assert 'data-testid="cases-hint"' in short


def test_case_search_is_capped_and_costs_the_same(
    client, personas, kz_case, django_assert_max_num_queries
):
    client.force_login(personas["kz_investigator"])
    url = f"/exchange/new/cases/?case_q=вербовка&cases={kz_case.pk}"
    with django_assert_max_num_queries(50) as captured:
        client.get(url)
    budget = len(captured)
    for n in range(CASES_FOUND + 3):
        open_case(personas["kz_coordinator"], n, title=f"Вербовка {n}")
    with django_assert_max_num_queries(budget):
        found = client.get(url).content.decode()
    assert checked(found, "cases", kz_case.pk)
    assert found.count('name="cases"') == CASES_FOUND + 1  # and the chosen one
    assert 'data-testid="cases-hint"' in found


def test_a_case_given_in_the_address_is_chosen(client, personas, kz_case, kg_case):
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/exchange/new/?case={kz_case.pk}").content.decode()
    assert kz_case.reference in page
    assert checked(page, "cases", kz_case.pk)
    # A case the sender may not link is not shown at all.
    page = client.get(f"/exchange/new/?case={kg_case.pk}").content.decode()
    assert kg_case.reference not in page


def test_the_case_page_links_to_the_form_with_the_case(client, personas, kz_case):
    client.force_login(personas["kz_investigator"])
    page = client.get(f"/cases/{kz_case.pk}/").content.decode()
    assert f'href="/exchange/new/?case={kz_case.pk}"' in page
    client.force_login(personas["kg_investigator"])
    assert client.get(f"/cases/{kz_case.pk}/").status_code == 404


def test_chosen_cases_and_officers_survive_a_form_error(client, personas, kz_case):
    second = open_case(personas["kz_coordinator"], 7, title="Второе дело")
    client.force_login(personas["kz_investigator"])
    response = client.post(
        "/exchange/new/",
        body(
            personas,
            subject="",
            recipients=[personas["kg_coordinator"].pk],
            cases=[kz_case.pk, second.pk],
        ),
    )
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    page = response.content.decode()
    for case in (kz_case, second):
        assert case.reference in page
    assert personas["kg_coordinator"].display_name in page
    assert checked(page, "cases", kz_case.pk)
    assert checked(page, "cases", second.pk)
    assert checked(page, "recipients", personas["kg_coordinator"].pk)


def test_option_lists_are_for_officers_only(client, personas):
    for persona in ("auditor", "outsider", "registry_admin"):
        client.force_login(personas[persona])
        assert client.get("/exchange/new/cases/?case_q=вербовка").status_code == 403
        assert client.get("/exchange/new/officers/").status_code == 403


# --- Scale ------------------------------------------------------------------------------------
def test_form_page_costs_the_same_and_stays_small_whatever_the_number_of_cases(
    client, personas, django_assert_max_num_queries
):
    sender = personas["kz_coordinator"]
    ministry = personas["kg_investigator"].agency
    open_case(sender, 0)
    client.force_login(sender)
    url = f"/exchange/new/?recipient_agency={ministry.pk}"
    with django_assert_max_num_queries(50) as captured:
        small = client.get(url)
    budget = len(captured)
    others = [open_case(personas["kz_investigator"], n, title="Чужое") for n in range(1, 30)]
    officers(ministry, OFFICERS_SHOWN * 2)
    with django_assert_max_num_queries(budget):
        large = client.get(url)
    page = large.content.decode()
    # The coordinator sees every case of the agency; the page lists none he did not pick or own.
    assert not any(case.reference in page for case in others)
    assert page.count('name="recipients"') == OFFICERS_SHOWN
    assert len(large.content) < len(small.content) + 6000
