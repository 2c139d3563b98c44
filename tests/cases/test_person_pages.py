"""Pages of the same person: the person's panel and check, possible matches, requests for access,
the search page — each reader sees only what the API would show them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.models import AccessRequest, PersonCheck

pytestmark = pytest.mark.django_db


def person_url(participant) -> str:
    return reverse("cases:person", args=[participant.case_id, participant.pk])


def test_person_page_shows_the_same_person_elsewhere_and_the_check(
    client, personas, kg_case, kg_victim
):
    from tests.cases.conftest import make_case

    other = make_case(personas["kg_investigator"], number="24-001-2026-000079", victims=())
    double = services.participant_add(
        case=other,
        actor=personas["kg_investigator"],
        role="witness",
        person_fields={"surname": "MAMYTOVA", "given_name": "AIZADA"},
    )
    client.force_login(personas["kg_investigator"])
    page = client.get(person_url(kg_victim)).content.decode()
    assert 'data-testid="same-person"' in page and other.reference in page
    assert 'data-testid="cross-border-check"' in page
    assert client.get(person_url(double)).status_code == 200


def test_a_hidden_victims_page_shows_neither_matches_nor_check(
    client, kg_case, kg_victim, kg_colleague
):
    client.force_login(kg_colleague)
    page = client.get(person_url(kg_victim)).content.decode()
    assert "Мамытова" not in page and "MAMYTOVA" not in page
    assert 'data-testid="same-person"' not in page
    assert 'data-testid="cross-border-check"' not in page


def test_person_page_of_an_invisible_case_is_404(client, personas, kg_victim):
    client.force_login(personas["kz_investigator"])
    assert client.get(person_url(kg_victim)).status_code == 404


def test_check_on_the_page_obeys_the_same_rate_limit(
    client, personas, settings, kg_victim, kz_double
):
    settings.PERSON_CHECK_RATE = "1/hour"
    client.force_login(personas["kz_investigator"])
    url = reverse("cases:person_check", args=[kz_double.case_id, kz_double.pk])
    assert client.post(url, {"reason": "Проверка"}).status_code == 302
    assert client.post(url, {"reason": "Ещё раз"}).status_code == 302
    assert PersonCheck.objects.count() == 1
    page = client.get(person_url(kz_double)).content.decode()
    assert kg_victim.case.owning_agency.name in page
    assert kg_victim.case.reference not in page
    # Without a reason nothing is checked.
    settings.PERSON_CHECK_RATE = "10/hour"
    client.post(url, {"reason": ""})
    assert PersonCheck.objects.count() == 1


def test_ask_and_answer_on_the_pages(client, personas, kg_case, kg_victim, kz_double):
    kz = personas["kz_investigator"]
    services.person_check(participant=kz_double, actor=kz, reason="Проверка")
    client.force_login(kz)
    ask = reverse("cases:access_request_create", args=[kz_double.case_id, kz_double.pk])
    client.post(ask, {"agency": kg_case.owning_agency_id, "reason": "Нужны показания"})
    request = AccessRequest.objects.get()
    # The requester's list names the agency, never the case.
    mine = client.get(reverse("cases:access_requests")).content.decode()
    assert kg_case.owning_agency.name in mine and kg_case.reference not in mine
    # The requester cannot answer their own request.
    answer = reverse("cases:access_request_answer", args=[request.pk])
    assert client.post(answer, {"decision": "share"}).status_code == 403
    client.force_login(personas["kg_coordinator"])
    theirs = client.get(reverse("cases:access_requests")).content.decode()
    assert kz_double.case.reference in theirs and kg_case.reference in theirs
    # Declining wants a reason: the request stays pending.
    client.post(answer, {"decision": "decline", "reason": ""})
    request.refresh_from_db()
    assert request.status == "pending"
    client.post(answer, {"decision": "share"})
    request.refresh_from_db()
    assert request.status == "shared"
    client.force_login(kz)
    assert client.get(reverse("cases:detail", args=[kg_case.pk])).status_code == 200


def test_possible_matches_while_adding_a_person(client, personas, kg_case, kg_victim, kg_colleague):
    url = reverse("cases:person_matches", args=[kg_case.pk])
    query = {"surname": "Мамытова", "given_name": "Айзада"}
    client.force_login(personas["kg_investigator"])
    assert "MAMYTOVA AIZADA" in client.get(url, query).content.decode()
    # The colleague changes no case of theirs here: 403; on a case of their own, no victim.
    client.force_login(kg_colleague)
    assert client.get(url, query).status_code == 403


@pytest.mark.parametrize(
    ("who", "finds_case", "finds_person"),
    [
        ("kg_investigator", True, True),
        ("kg_coordinator", True, True),
        ("kz_investigator", False, False),
        ("outsider", False, False),
    ],
)
def test_search_page_per_reader(
    client, personas, kg_case, kg_victim, who, finds_case, finds_person
):
    client.force_login(personas[who])
    page = client.get(reverse("search:results"), {"q": kg_case.reference}).content.decode()
    found = page.split('data-testid="search-results"')[1]  # the query itself stays in its box
    assert (kg_case.reference in found) is finds_case
    page = client.get(reverse("search:results"), {"q": "Мамытова Айзада"}).content.decode()
    assert ("Бакытовна" in page) is finds_person


def test_search_page_finds_nothing_of_a_hidden_victim(client, kg_case, kg_victim, kg_colleague):
    client.force_login(kg_colleague)
    page = client.get(reverse("search:results"), {"q": "Мамытова Айзада Бакытовна"})
    assert "Бакытовна" not in page.content.decode().split('data-testid="found-persons"')[1]


def test_access_requests_page_queries_are_constant(
    client, personas, kg_case, kg_victim, kz_double, django_assert_max_num_queries
):
    kz = personas["kz_investigator"]
    services.person_check(participant=kz_double, actor=kz, reason="Проверка")
    services.access_request_create(
        participant=kz_double, actor=kz, agency=kg_case.owning_agency, reason="x"
    )
    client.force_login(personas["kg_coordinator"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cases:access_requests")).status_code == 200
